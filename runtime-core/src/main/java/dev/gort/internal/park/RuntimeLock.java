package dev.gort.internal.park;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The runtime's short internal lock (Go's runtime {@code mutex}): what a channel, a WaitGroup's
 * queue, a Cond, a Semaphore or a context holds for a few dozen instructions while it looks at its
 * state and its wait queues. Not reentrant, not interruptible, never throws.
 *
 * <p>Rules for every critical section under it: no blocking, no parking, no user code, no
 * allocation that can be avoided; wake-ups ({@link Park#ready}) only after {@link #unlock()}. More than
 * one of these locks is held at once only by a select, which takes its channels' locks in channel-id
 * order.
 *
 * <p>How it waits (the one place to change that): one CAS; when that fails on a machine with more
 * than one processor, re-read the state a bounded number of times ({@link #SPINS}) with
 * {@link Thread#onSpinWait()}, because the holder is usually running on another carrier; then queue
 * and park through {@link AbstractQueuedSynchronizer#acquire(int)}. The spin is bounded because the
 * holder may have been descheduled by the OS, and spinning then only burns the CPU it needs. On one
 * processor there is nobody to spin for, so the bound is 0.
 *
 * <p>With assertions enabled (every test JVM) the lock records its holder, and {@link #unlock()}
 * asserts that the caller holds it; without them nothing is recorded.
 */
public final class RuntimeLock extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    /** Assertions on: record and check the holder (a constant the JIT folds away when off). */
    private static final boolean CHECKED = RuntimeLock.class.desiredAssertionStatus();

    /**
     * Bounded spin before parking; 0 on a single processor. The system property
     * {@code gort.lock.spins} overrides it (a measuring knob).
     */
    private static final int SPINS = Integer.getInteger("gort.lock.spins",
            Runtime.getRuntime().availableProcessors() > 1 ? 100 : 0);

    /** Takes the lock, spinning briefly and then parking if it is held. */
    public void lock() {
        if (!compareAndSetState(0, 1)) {
            slowLock();
        }
        if (CHECKED) {
            setExclusiveOwnerThread(Thread.currentThread());
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

    /** Takes the lock only if it is free; never waits. */
    public boolean tryLock() {
        if (compareAndSetState(0, 1)) {
            if (CHECKED) {
                setExclusiveOwnerThread(Thread.currentThread());
            }
            return true;
        }
        return false;
    }

    /** Releases the lock, which the calling thread must hold. */
    public void unlock() {
        if (CHECKED) {
            assert getExclusiveOwnerThread() == Thread.currentThread()
                    : "unlock of a runtime lock held by " + getExclusiveOwnerThread() + ", not " + Thread.currentThread();
            setExclusiveOwnerThread(null);
        }
        release(1);
    }

    /** Whether the lock is held by anyone (a snapshot). */
    public boolean isLocked() {
        return getState() != 0;
    }

    /**
     * Whether the calling thread holds the lock: exact with assertions enabled (the only use:
     * {@code assert lock.isHeldByCurrentThread()}); without them, whether anyone holds it.
     */
    public boolean isHeldByCurrentThread() {
        return CHECKED ? getExclusiveOwnerThread() == Thread.currentThread() : getState() != 0;
    }

    @Override
    protected boolean tryAcquire(int arg) {
        return compareAndSetState(0, 1);
    }

    @Override
    protected boolean tryRelease(int arg) {
        assert getState() == 1 : "unlock of an unlocked runtime lock";
        setState(0);
        return true;
    }

    @Override
    public String toString() {
        return isLocked() ? "RuntimeLock[locked]" : "RuntimeLock[unlocked]";
    }
}
