package dev.gort.sync;

import dev.gort.GoInterruptedException;
import dev.gort.internal.park.Blocker;
import dev.gort.internal.park.WaitReason;
import dev.gort.internal.race.Race;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;

/**
 * Go's {@code sync.RWMutex}: a reader/writer mutual-exclusion lock. Any number of readers or one
 * writer hold it. Like {@link Mutex} it is not reentrant and not owned: any goroutine may unlock it.
 *
 * <pre>{@code
 * RWMutex mu = new RWMutex();
 * Map<String, Integer> cache = new HashMap<>();
 *
 * Integer get(String k) { mu.rLock(); try { return cache.get(k); } finally { mu.rUnlock(); } }
 * void put(String k, int v) { mu.lock(); try { cache.put(k, v); } finally { mu.unlock(); } }
 * }</pre>
 *
 * <p><b>Writer preference, as in Go:</b> once a writer is blocked in {@link #lock()}, new readers
 * block too (and {@link #tryRLock()} fails) until that writer has had the lock, so a stream of
 * readers cannot starve a writer. Readers that were already queued before it stay ahead of it. As in
 * Go, this means a goroutine must not take the read lock recursively: with a writer waiting in
 * between, the second {@code rLock} deadlocks.
 *
 * <p>Misuse throws {@link IllegalStateException} with Go's messages and changes nothing:
 * {@code "sync: RUnlock of unlocked RWMutex"} when no reader holds it,
 * {@code "sync: Unlock of unlocked RWMutex"} when no writer holds it.
 */
/*
 * Implementation overview.
 *
 * An {@link AbstractQueuedLongSynchronizer}: writers acquire exclusively, readers shared, and AQS's
 * one FIFO queue holds both (see {@link Mutex} for why AQS rather than an own park queue). The long
 * state word:
 * <pre>
 *   bits  0..31  readers   read locks held
 *   bit   32     WRITER    a writer holds the lock
 *   bits 33..62  waiting   writers blocked in lock() (announced before they queue)
 * </pre>
 * A writer announces itself (waiting + 1) before it queues; a newcomer reader that sees a waiting
 * writer fails its attempt and queues behind it. Only the reader at the front of the queue may pass a
 * waiting writer: it was queued before that writer, like the readers Go releases when a writer
 * unlocks. Writers barge like Go's (which take a {@code Mutex} first).
 */
public final class RWMutex implements Locker {
    private final Sync sync = new Sync();

    /** Creates an unlocked RWMutex (Go's zero value). */
    public RWMutex() {}

    static final class Sync extends AbstractQueuedLongSynchronizer implements Blocker {
        private static final long serialVersionUID = 1L;
        static final long READERS = 0xFFFF_FFFFL;
        static final long WRITER = 1L << 32;
        static final long WAITING_UNIT = 1L << 33;
        static final long WAITING = ~(READERS | WRITER);

        /** Exclusive attempt; {@code announced} is 1 for a writer counted in waiting, else 0. */
        @Override
        protected boolean tryAcquire(long announced) {
            for (;;) {
                long s = getState();
                if ((s & (WRITER | READERS)) != 0) {
                    return false;
                }
                if (announced == 0 && (s & WAITING) != 0) {
                    return false; // tryLock: a pending writer is ahead (Go's TryLock fails on w.TryLock)
                }
                // Invariant: a writer leaves "waiting" in the same CAS that makes it the holder.
                if (compareAndSetState(s, (s | WRITER) - announced * WAITING_UNIT)) {
                    raceWriteLocked();
                    return true;
                }
            }
        }

        @Override
        protected boolean tryRelease(long unused) {
            for (;;) {
                long s = getState();
                if ((s & WRITER) == 0) {
                    throw new IllegalStateException("sync: Unlock of unlocked RWMutex");
                }
                if (Race.ENABLED) {
                    Race.release(this, RACE_READER_SEM);
                }
                if (compareAndSetState(s, s & ~WRITER)) {
                    return true;
                }
            }
        }

        @Override
        protected long tryAcquireShared(long unused) {
            for (;;) {
                long s = getState();
                if ((s & WRITER) != 0) {
                    return -1;
                }
                // Writer preference: only a reader queued ahead of the waiting writers may pass them.
                if ((s & WAITING) != 0 && getFirstQueuedThread() != Thread.currentThread()) {
                    return -1;
                }
                if ((s & READERS) == READERS) {
                    throw new IllegalStateException("sync: too many RWMutex readers");
                }
                if (compareAndSetState(s, s + 1)) {
                    raceReadLocked();
                    return 1; // > 0: let the next queued reader try too
                }
            }
        }

        /** {@code arg} 1 is a reader leaving; 0 only wakes the first queued thread (a writer gave up). */
        @Override
        protected boolean tryReleaseShared(long arg) {
            if (arg == 0) {
                return true;
            }
            for (;;) {
                long s = getState();
                if ((s & READERS) == 0) {
                    throw new IllegalStateException("sync: RUnlock of unlocked RWMutex");
                }
                if (Race.ENABLED) {
                    Race.releaseMerge(this, RACE_WRITER_SEM);
                }
                long n = s - 1;
                if (compareAndSetState(s, n)) {
                    return (n & READERS) == 0; // the last reader out wakes a waiting writer
                }
            }
        }

        @Override
        protected boolean isHeldExclusively() {
            return (getState() & WRITER) != 0;
        }

        /**
         * AQS parks blocked readers and writers on this object: the dump asks it why. A thread in
         * the shared (reader) part of the queue waits in {@code rLock}, any other in {@code lock}.
         */
        @Override
        public WaitReason waitReason(Thread waiter) {
            return getSharedQueuedThreads().contains(waiter) ? WaitReason.SYNC_RWMUTEX_RLOCK : WaitReason.SYNC_RWMUTEX_LOCK;
        }

        void announceWriter() {
            for (;;) {
                long s = getState();
                if ((s & WAITING) == WAITING) {
                    throw new IllegalStateException("sync: too many RWMutex writers waiting");
                }
                if (compareAndSetState(s, s + WAITING_UNIT)) {
                    return;
                }
            }
        }

        /** An announced writer gives up (interrupted): withdraw, and let readers it held back in. */
        void withdrawWriter() {
            for (;;) {
                long s = getState();
                if (compareAndSetState(s, s - WAITING_UNIT)) {
                    break;
                }
            }
            releaseShared(0);
        }

        long state() {
            return getState();
        }

        /**
         * Race detector addresses, Go's RWMutex model: a write unlock releases the readers' side, a
         * read lock acquires it; a read unlock merges into the writers' side, a write lock acquires
         * both. So readers are ordered after the writers before them, writers after everything
         * before them, and readers not with each other.
         */
        static final long RACE_READER_SEM = 0;
        static final long RACE_WRITER_SEM = 1;

        void raceWriteLocked() {
            if (Race.ENABLED) {
                Race.acquire(this, RACE_READER_SEM);
                Race.acquire(this, RACE_WRITER_SEM);
            }
        }

        void raceReadLocked() {
            if (Race.ENABLED) {
                Race.acquire(this, RACE_READER_SEM);
            }
        }

        boolean cas(long expect, long update) {
            return compareAndSetState(expect, update);
        }
    }

    /**
     * Locks for writing, blocking until no reader and no writer holds the lock. From the moment this
     * call blocks, new readers block too.
     *
     * @throws GoInterruptedException if interrupted while blocked (the lock is not held, and readers
     *     it held back are let in)
     */
    @Override
    public void lock() {
        if (sync.cas(0, Sync.WRITER)) {
            sync.raceWriteLocked();
            return;
        }
        sync.announceWriter();
        try {
            sync.acquireInterruptibly(1);
        } catch (InterruptedException e) {
            sync.withdrawWriter();
            Thread.currentThread().interrupt();
            throw new GoInterruptedException("sync: RWMutex.lock");
        }
    }

    /** Locks for writing if nobody holds the lock and no writer is waiting; never blocks. */
    public boolean tryLock() {
        return sync.tryAcquire(0);
    }

    /**
     * Unlocks for writing; any goroutine may call it.
     *
     * @throws IllegalStateException {@code "sync: Unlock of unlocked RWMutex"} if not write-locked
     */
    @Override
    public void unlock() {
        sync.release(1);
    }

    /**
     * Locks for reading; blocks while a writer holds the lock or waits for it.
     *
     * @throws GoInterruptedException if interrupted while blocked (no read lock is held)
     */
    public void rLock() {
        long s = sync.state();
        if ((s & (Sync.WRITER | Sync.WAITING)) == 0 && (s & Sync.READERS) != Sync.READERS
                && sync.cas(s, s + 1)) {
            sync.raceReadLocked();
            return;
        }
        try {
            sync.acquireSharedInterruptibly(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GoInterruptedException("sync: RWMutex.rLock");
        }
    }

    /** Locks for reading if no writer holds the lock or waits for it; never blocks. */
    public boolean tryRLock() {
        for (;;) {
            long s = sync.state();
            if ((s & (Sync.WRITER | Sync.WAITING)) != 0 || (s & Sync.READERS) == Sync.READERS) {
                return false;
            }
            if (sync.cas(s, s + 1)) {
                sync.raceReadLocked();
                return true;
            }
        }
    }

    /**
     * Undoes one {@link #rLock()}; any goroutine may call it.
     *
     * @throws IllegalStateException {@code "sync: RUnlock of unlocked RWMutex"} if no read lock is held
     */
    public void rUnlock() {
        sync.releaseShared(1);
    }

    /** Go's {@code RLocker()}: a {@link Locker} whose lock/unlock are {@link #rLock()}/{@link #rUnlock()}. */
    public Locker rLocker() {
        return new Locker() {
            @Override
            public void lock() {
                rLock();
            }

            @Override
            public void unlock() {
                rUnlock();
            }
        };
    }

    int readers() {
        return (int) (sync.state() & Sync.READERS);
    }

    int waitingWriters() {
        return (int) ((sync.state() & Sync.WAITING) >>> 33);
    }

    boolean writeLocked() {
        return (sync.state() & Sync.WRITER) != 0;
    }

    int queueLength() {
        return sync.getQueueLength();
    }

    /** A description for logs and debuggers, e.g. {@code RWMutex[readers=2, writer=false, waitingWriters=1]}. */
    @Override
    public String toString() {
        return "RWMutex[readers=" + readers() + ", writer=" + writeLocked() + ", waitingWriters="
                + waitingWriters() + "]";
    }
}
