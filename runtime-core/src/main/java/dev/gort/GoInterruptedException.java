package dev.gort;

/**
 * Thrown, unchecked, when a goroutine (or any thread) blocked in a gort operation — a channel send or
 * receive, a select, a lock, a WaitGroup wait — is interrupted.
 *
 * <p>Go has no interrupts; Java does, and a blocked gort call must answer one rather than swallow it.
 * The contract every module keeps: the thread's interrupt status is still set when this is thrown, and
 * the object it was blocked on is exactly as if the call had never been made (a channel has lost no
 * value and will deliver none twice; a lock is not held).
 */
public class GoInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GoInterruptedException(String operation) {
        super(operation + ": interrupted");
    }
}
