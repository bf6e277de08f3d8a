package dev.gort.sync;

import dev.gort.GoInterruptedException;
import dev.gort.internal.park.Blocker;
import dev.gort.internal.park.WaitReason;
import dev.gort.internal.race.Race;
import dev.gort.internal.time.TimerHeap;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * Go's {@code sync.Mutex}: a mutual-exclusion lock that is not reentrant and not owned — any goroutine
 * or thread may unlock it, as in Go.
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * long[] counter = {0};
 * WaitGroup wg = new WaitGroup();
 * for (int i = 0; i < 8; i++) {
 *     wg.go(() -> {
 *         mu.lock();
 *         try { counter[0]++; } finally { mu.unlock(); }
 *     });
 * }
 * wg.await();
 * }</pre>
 *
 * <p>Blocked {@link #lock()} calls park only the calling goroutine (a platform thread blocks). A
 * waiter that has waited longer than 1 ms switches the mutex to <em>starvation mode</em>: while it is
 * queued, newcomers may not take the lock and queue behind it instead, so the lock passes to the
 * oldest waiter on the next unlock, however fast another goroutine relocks (Go's rule). Starvation
 * mode ends as soon as a goroutine acquires the lock having waited less than 1 ms.
 *
 * <p>Misuse: {@link #unlock()} of an unlocked mutex throws
 * {@code IllegalStateException("sync: unlock of unlocked mutex")} and changes nothing. Locking twice
 * from the same goroutine deadlocks it, as in Go (use {@link #tryLock()} to probe).
 */
/*
 * Implementation overview.
 *
 * Built on the JDK's AbstractQueuedSynchronizer rather than on the runtime's blocking layer (which
 * channels, WaitGroup, Cond and Semaphore use). Why: the two designs cost the same where it matters
 * (measured: W8 in docs/sync.md) -- the uncontended path is one CAS to lock and one CAS plus one
 * volatile read of head to unlock either way, and the contended path is
 * {@code LockSupport.park}/{@code unpark} either way (on gort's scheduler an unpark from a goroutine
 * lands in its P's runnext; AQS calls the same {@code unpark}). What AQS adds for free is what a
 * hand-written Go-style "state word + semaphore" design gets wrong first: cancellation. Go has no
 * interrupts, so its sema can hand a wakeup token to a waiter that is gone; AQS's CLH queue already
 * removes an interrupted waiter and passes the release on ({@code cancelAcquire}), so an interrupt
 * can never lose the lock. The W8 measurements are in docs/sync.md.
 *
 * <p>The state word (AQS {@code state}, an int):
 * <pre>
 *   bit 0  LOCKED    someone holds the mutex
 *   bit 1  STARVING  the last waiter to fail or to succeed had waited &ge; 1 ms: no barging while
 *                    anybody is queued
 * </pre>
 * Go keeps the waiter count and a "woken" bit in the same word; here AQS's queue holds the waiters
 * and its node status plays "woken" (a release unparks the first waiter only if it is parked).
 *
 * <p>Starvation handoff. Every acquire attempt is told when its caller started waiting (AQS's
 * {@code arg}, in microseconds truncated to an int, see {@link #nowMicros()}). A queued waiter whose
 * attempt fails after 1 ms sets STARVING. While STARVING is set, {@code tryAcquire} refuses every
 * caller that has a queued predecessor, so when the holder unlocks (clearing only LOCKED) and AQS
 * unparks the first waiter, nobody can barge in ahead of it: the lock is reserved for it, which is
 * Go's direct handoff without the extra LOCKED-less intermediate state. STARVING survives an acquire
 * only if that acquirer itself waited &ge; 1 ms; a STARVING bit left over with an empty queue blocks
 * nobody ({@code hasQueuedPredecessors()} is false) and the next acquirer clears it.
 *
 * <p>Race detector hooks (dev.gort.internal.race; compiled away without the agent): every CAS that
 * takes the lock acquires the synchronizer's clock, and an unlock releases into it just before the
 * CAS that frees the lock, so an unlock happens before the next lock returns, by whatever path
 * (lock, tryLock, timed tryLock, Cond's relock).
 */
public final class Mutex implements Locker {
    /** Go's {@code starvationThresholdNs}: 1 ms, in the microsecond units of {@link #nowMicros()}. */
    static final int STARVATION_THRESHOLD_MICROS = 1000;

    private final Sync sync = new Sync();

    /** Creates an unlocked mutex (Go's zero value). */
    public Mutex() {}

    static final class Sync extends AbstractQueuedSynchronizer implements Blocker {
        private static final long serialVersionUID = 1L;
        static final int LOCKED = 1;
        static final int STARVING = 2;
        /** tryAcquire arg of a caller that never waits ({@link Mutex#tryLock()}): never starving. */
        static final int NO_WAIT = Integer.MIN_VALUE;

        /**
         * One acquire attempt by a caller that started waiting at {@code since} (microseconds, see
         * {@link Mutex#nowMicros()}), or {@link #NO_WAIT}.
         */
        @Override
        protected boolean tryAcquire(int since) {
            boolean longWait = since != NO_WAIT && waitedTooLong(since);
            for (;;) {
                int s = getState();
                if ((s & LOCKED) != 0) {
                    // Invariant: STARVING is set only by a waiter that has waited >= 1 ms.
                    if (longWait && (s & STARVING) == 0 && !compareAndSetState(s, s | STARVING)) {
                        continue;
                    }
                    return false;
                }
                // Starvation mode: the lock is reserved for the oldest waiter (handoff).
                if ((s & STARVING) != 0 && hasQueuedPredecessors()) {
                    return false;
                }
                if (compareAndSetState(s, longWait ? (LOCKED | STARVING) : LOCKED)) {
                    if (Race.ENABLED) {
                        Race.acquire(this);
                    }
                    return true;
                }
            }
        }

        @Override
        protected boolean tryRelease(int unused) {
            for (;;) {
                int s = getState();
                if ((s & LOCKED) == 0) {
                    throw new IllegalStateException("sync: unlock of unlocked mutex");
                }
                if (Race.ENABLED) {
                    Race.release(this);
                }
                if (compareAndSetState(s, s & ~LOCKED)) {
                    return true;
                }
            }
        }

        @Override
        protected boolean isHeldExclusively() {
            // Not owned: "held" means locked by anybody. Only AQS's ConditionObject asks, and Cond
            // does not use it.
            return (getState() & LOCKED) != 0;
        }

        /** The fast path: unlocked, not starving, to locked, in one CAS. */
        boolean fastLock() {
            if (compareAndSetState(0, LOCKED)) {
                if (Race.ENABLED) {
                    Race.acquire(this);
                }
                return true;
            }
            return false;
        }

        boolean isLocked() {
            return (getState() & LOCKED) != 0;
        }

        boolean isStarving() {
            return (getState() & STARVING) != 0;
        }

        /** AQS parks a blocked {@code lock()} on this object: the dump asks it why. */
        @Override
        public WaitReason waitReason(Thread waiter) {
            return WaitReason.SYNC_MUTEX_LOCK;
        }

        private static boolean waitedTooLong(int since) {
            int waited = nowMicros() - since;
            // A negative difference means more than 35 minutes (the int wrapped): that is long too.
            return waited >= STARVATION_THRESHOLD_MICROS || waited < 0;
        }
    }

    /** A monotonic clock in microseconds, truncated to an int: differences are exact for 35 minutes. */
    static int nowMicros() {
        int t = (int) TimeUnit.NANOSECONDS.toMicros(System.nanoTime());
        return t == Sync.NO_WAIT ? t + 1 : t;
    }

    /**
     * Locks the mutex, blocking until it is available.
     *
     * @throws GoInterruptedException if the caller is interrupted while blocked; the mutex is then
     *     not held by the caller, and its interrupt status is still set. A caller interrupted at the
     *     moment the lock became free either takes it (returning normally, interrupt status set) or
     *     leaves it to the next waiter: the lock is never lost.
     */
    @Override
    public void lock() {
        if (sync.fastLock()) {
            return; // fast path: unlocked, not starving
        }
        lockSlow(nowMicros());
    }

    /**
     * The slow path of {@link #lock()} for a caller that started waiting at {@code since} (see
     * {@link #nowMicros()}). Tests call it with a time in the past to stand for a long wait.
     */
    void lockSlow(int since) {
        if (sync.tryAcquire(since)) {
            return; // free but flagged STARVING with nobody queued: no need to queue (or to see an interrupt)
        }
        try {
            sync.acquireInterruptibly(since);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoInterruptedException("sync: Mutex.lock");
        }
    }

    /**
     * Locks the mutex ignoring interrupts (the interrupt status is kept). For {@link Cond}, which
     * must hold the lock again before it returns or throws.
     */
    void lockUninterruptibly() {
        if (!sync.fastLock()) {
            sync.acquire(nowMicros());
        }
    }

    /**
     * Locks the mutex if it is free and no starving waiter is owed it; never blocks. Like Go's
     * {@code TryLock}, correct uses are rare.
     *
     * @return true if the caller now holds the lock
     */
    public boolean tryLock() {
        return sync.fastLock() || sync.tryAcquire(Sync.NO_WAIT);
    }

    /**
     * Locks the mutex, waiting at most {@code timeout} for it (Go has no timed lock; this is Java's
     * {@code Lock.tryLock(long, TimeUnit)}). Starvation mode applies as to {@link #lock()}.
     *
     * @return true if the caller now holds the lock; false if the time ran out first
     * @throws GoInterruptedException if interrupted while waiting (the lock is then not held)
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean tryLock(Duration timeout) {
        long nanos = TimerHeap.nanos(java.util.Objects.requireNonNull(timeout, "timeout"));
        if (sync.fastLock()) {
            return true;
        }
        int since = nowMicros();
        if (sync.tryAcquire(since)) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        try {
            return sync.tryAcquireNanos(since, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoInterruptedException("sync: Mutex.tryLock");
        }
    }

    /**
     * Unlocks the mutex. Any goroutine or thread may unlock it, not only the one that locked it.
     *
     * @throws IllegalStateException {@code "sync: unlock of unlocked mutex"} if it is not locked; the
     *     mutex is left as it was
     */
    @Override
    public void unlock() {
        sync.release(0);
    }

    boolean isLocked() {
        return sync.isLocked();
    }

    boolean isStarving() {
        return sync.isStarving();
    }

    boolean hasQueuedThreads() {
        return sync.hasQueuedThreads();
    }

    /** A description for logs and debuggers, e.g. {@code Mutex[locked, waiters=3]}. */
    @Override
    public String toString() {
        return "Mutex[" + (isLocked() ? "locked" : "unlocked") + (isStarving() ? ", starving" : "")
                + ", waiters=" + sync.getQueueLength() + "]";
    }
}
