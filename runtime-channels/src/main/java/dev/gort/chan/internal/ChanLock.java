package dev.gort.chan.internal;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The per-channel lock (Go's {@code hchan.lock}): a non-reentrant mutex that spins briefly, then
 * parks.
 *
 * <p><b>Implementation overview.</b> State 0 is free, 1 is held. {@link #lock()} tries one CAS;
 * when that fails and there is more than one processor it re-reads the state a bounded number of
 * times ({@link #SPINS}) with {@link Thread#onSpinWait()}, because a channel's critical sections
 * are a few dozen instructions and the holder is usually running on another carrier. After that it
 * falls back to {@link AbstractQueuedSynchronizer#acquire(int)}, which queues and parks (a parked
 * goroutine frees its carrier). The spin is bounded because the holder may itself be descheduled
 * by the OS (its carrier preempted), and spinning then only burns the CPU it needs. On one
 * processor there is nobody to spin for, so the bound is 0.
 *
 * <p>Acquisition is not interruptible and never throws: channel code must always be able to take
 * the lock, including while cancelling an interrupted wait. Critical sections under this lock
 * never block and never call user code.
 */
public final class ChanLock extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    /**
     * Bounded spin before parking; 0 on a single processor, where spinning cannot help. The system
     * property {@code gort.chan.lockSpins} overrides it (a measuring knob: 0 makes this lock behave
     * like a non-fair {@code ReentrantLock} without the reentrancy bookkeeping).
     */
    private static final int SPINS = Integer.getInteger("gort.chan.lockSpins",
            Runtime.getRuntime().availableProcessors() > 1 ? 100 : 0);

    /** Takes the lock, spinning briefly and then parking if it is held. */
    public void lock() {
        if (!compareAndSetState(0, 1)) {
            slowLock();
        }
    }

    private void slowLock() {
        for (int i = SPINS; i > 0; i--) {
            Thread.onSpinWait();
            if (getState() == 0 && compareAndSetState(0, 1)) {
                return;
            }
        }
        acquire(1);
    }

    /** Releases the lock; the caller must hold it (not checked: channel code always pairs them). */
    public void unlock() {
        release(1);
    }

    /** Whether the lock is held by anyone (for assertions and tests). */
    public boolean isLocked() {
        return getState() != 0;
    }

    @Override
    protected boolean tryAcquire(int arg) {
        return compareAndSetState(0, 1);
    }

    @Override
    protected boolean tryRelease(int arg) {
        setState(0);
        return true;
    }
}
