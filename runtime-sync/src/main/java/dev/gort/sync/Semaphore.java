package dev.gort.sync;

import dev.gort.GoInterruptedException;
import dev.gort.internal.park.CancelSignal;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.RuntimeLock;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitQueue;
import dev.gort.internal.park.WaitReason;
import dev.gort.internal.race.Race;
import dev.gort.internal.time.TimerHeap;
import dev.gort.sync.internal.SyncAccess;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A weighted semaphore with the semantics of Go's {@code golang.org/x/sync/semaphore}: a capacity
 * of {@code size} units, acquired and released in any weights, granted in FIFO order so a large
 * request is never starved by a stream of small ones.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(Runtime.getRuntime().availableProcessors());
 * WaitGroup wg = new WaitGroup();
 * for (Task t : tasks) {
 *     sem.acquire(1);                  // at most `size` tasks run at once
 *     wg.go(() -> {
 *         try { t.run(); } finally { sem.release(1); }
 *     });
 * }
 * wg.await();
 * }</pre>
 *
 * <p>FIFO: while any acquirer is waiting, a new {@link #acquire} queues behind it and
 * {@link #tryAcquire} fails, even if enough units are free for the newcomer. Each {@link #release}
 * grants waiters from the front for as long as the front one fits.
 *
 * <p>Bad input throws and changes nothing: a negative size or weight is an
 * {@link IllegalArgumentException}; so is {@code acquire(n)} with {@code n > size}, which Go lets
 * block until its context is done — without a context, forever. {@code tryAcquire(n > size)} returns
 * false at once, with or without a timeout, as in Go. Releasing more than is held throws
 * {@code IllegalStateException("semaphore: released more than held")}.
 */
/*
 * Implementation overview: Go's own design, translated, on the runtime's blocking layer. A RuntimeLock
 * (never held while parked) over cur and a FIFO WaitQueue of wait nodes, each with its weight (a Long) in
 * elem. The releaser grants under the lock: it takes the front node, wins it (the layer's one CAS)
 * and only then adds its weight to cur, and readies it after unlocking. A waiter whose wait is given
 * up (interrupt, timeout, a context) lost that CAS race or won it: if it won, it was not granted, so
 * it takes the lock, unlinks itself, and -- if it was at the front -- lets the waiters behind it
 * try, since it may have been holding them back. Granted and given up can never both happen, so Go's
 * "granted after cancel: give the units back" case does not arise. A lock-free fast path would save
 * one CAS in the uncontended case; a semaphore guards work far longer than that, so the simpler
 * design stays.
 */
public final class Semaphore {
    static {
        SyncAccess.set(new SyncAccess.Access() {
            @Override
            public boolean acquire(Semaphore sem, long n, CancelSignal cancel) {
                return sem.acquire(n, Long.MAX_VALUE, java.util.Objects.requireNonNull(cancel, "cancel")) == 0;
            }

            @Override
            public int await(WaitGroup wg, CancelSignal cancel) {
                return wg.awaitUntil(Long.MAX_VALUE, java.util.Objects.requireNonNull(cancel, "cancel"));
            }

            @Override
            public boolean await(ErrGroup g, CancelSignal cancel) {
                return g.await(java.util.Objects.requireNonNull(cancel, "cancel"));
            }

            @Override
            public ErrGroup newErrGroup(Consumer<Throwable> onFirstFailure) {
                return new ErrGroup(java.util.Objects.requireNonNull(onFirstFailure, "onFirstFailure"));
            }
        });
    }

    private final long size;

    /** Guards {@link #cur} and {@link #waiters}. */
    private final RuntimeLock lock = new RuntimeLock();

    /** Units held now; 0 &le; cur &le; size. Written only under lock. */
    private long cur;

    /** Acquirers waiting, oldest first; each node's elem is the weight it asks for (a Long). */
    private final WaitQueue waiters = new WaitQueue(lock);

    /**
     * A semaphore of {@code n} units, all free (Go's {@code semaphore.NewWeighted(n)}).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public Semaphore(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative size " + n);
        }
        this.size = n;
    }

    /** The capacity given at construction. */
    public long size() {
        return size;
    }

    private void checkWeight(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative weight " + n);
        }
    }

    /**
     * Acquires {@code n} units, blocking until they are free and every earlier waiter has been served.
     *
     * @throws IllegalArgumentException if {@code n < 0} or {@code n > size()}
     * @throws GoInterruptedException if interrupted while blocked; nothing is then held
     */
    public void acquire(long n) {
        int r = acquire(n, Long.MAX_VALUE, null);
        assert r == 0 : "an untimed acquire gave up: " + r;
    }

    /**
     * Acquires {@code n} units if they are free and nobody is waiting; never blocks.
     *
     * @return true if acquired; false otherwise, including when {@code n > size()}
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public boolean tryAcquire(long n) {
        checkWeight(n);
        lock.lock();
        boolean ok = size - cur >= n && waiters.isEmpty();
        if (ok) {
            cur += n;
        }
        lock.unlock();
        if (Race.ENABLED && ok) {
            Race.acquire(this);
        }
        return ok;
    }

    /**
     * Acquires {@code n} units, waiting at most {@code timeout} for them (and for every earlier waiter
     * to be served).
     *
     * @return true if acquired; false if the time ran out first (nothing is then held), or at once if
     *     {@code n > size()}
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws NullPointerException if {@code timeout} is null
     * @throws GoInterruptedException if interrupted while blocked; nothing is then held
     */
    public boolean tryAcquire(long n, Duration timeout) {
        long deadline = TimerHeap.deadlineAfter(timeout);
        checkWeight(n);
        if (n > size) {
            return false;
        }
        return acquire(n, deadline, null) == 0;
    }

    /**
     * The acquire behind every form: waits until granted, {@code deadline} ({@link Long#MAX_VALUE}:
     * none) or {@code cancel} (may be null; already canceled fails at once, even with free units, as
     * in Go). Returns 0 if acquired, else {@link WaitNode#TIMED_OUT} or {@link WaitNode#CANCELED}.
     *
     * @throws IllegalArgumentException if {@code n < 0} or {@code n > size()}
     * @throws GoInterruptedException if interrupted while blocked (nothing is then held)
     */
    int acquire(long n, long deadline, CancelSignal cancel) {
        checkWeight(n);
        if (n > size) {
            // Queued, it would hold up every waiter behind it, forever.
            throw new IllegalArgumentException(
                    "semaphore: acquire of " + n + " units exceeds the size " + size + " (it would block forever)");
        }
        if (cancel != null && cancel.isCanceled()) {
            return WaitNode.CANCELED;
        }
        lock.lock();
        if (size - cur >= n && waiters.isEmpty()) {
            cur += n;
            lock.unlock();
            if (Race.ENABLED) {
                Race.acquire(this);
            }
            return 0;
        }
        WaitNode w = new WaitNode(WaitReason.SEMACQUIRE, this);
        w.elem = n; // the weight it waits for (boxed: a long; small weights are cached)
        waiters.add(w);
        lock.unlock();
        int r = deadline == Long.MAX_VALUE && cancel == null ? Park.park(w) : Park.park(w, deadline, cancel);
        if (r >= 0) {
            if (Race.ENABLED) {
                Race.acquire(this); // the release that granted it merged first
            }
            return 0;
        }
        // Given up, so not granted: leave the semaphore as if this call had not been made.
        lock.lock();
        boolean front = waiters.peek() == w;
        waiters.remove(w);
        // Only a waiter at the front can have been holding others back.
        WaitNode wake = front && size > cur ? grant() : null;
        lock.unlock();
        Park.readyAll(wake);
        if (r == WaitNode.INTERRUPTED) {
            throw new GoInterruptedException("semaphore: acquire");
        }
        return r;
    }

    /**
     * Releases {@code n} units and grants waiters from the front while the front one fits.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException {@code "semaphore: released more than held"}; nothing changes
     */
    public void release(long n) {
        checkWeight(n);
        lock.lock();
        if (n > cur) {
            lock.unlock();
            throw new IllegalStateException("semaphore: released more than held");
        }
        if (Race.ENABLED) {
            Race.releaseMerge(this); // a release happens before the acquires it satisfies
        }
        cur -= n;
        WaitNode wake = grant();
        lock.unlock();
        Park.readyAll(wake);
    }

    /**
     * Under lock: grants waiters from the front while the front one fits (strict FIFO: a large
     * waiter at the front holds back smaller ones behind it). Returns the granted nodes chained for
     * {@link Park#readyAll}.
     */
    private WaitNode grant() {
        WaitNode granted = null;
        WaitNode w;
        while ((w = waiters.peek()) != null && size - cur >= weight(w)) {
            waiters.poll();
            if (!w.win()) {
                continue; // given up just now: its owner leaves on its own
            }
            cur += weight(w);
            granted = w.thenReady(granted);
        }
        assert cur >= 0 && cur <= size : "semaphore units out of range: " + cur;
        return granted;
    }

    private static long weight(WaitNode w) {
        return (Long) w.elem;
    }

    /** Units held now. */
    long held() {
        lock.lock();
        long h = cur;
        lock.unlock();
        return h;
    }

    /** Waiters queued now. */
    int waiters() {
        lock.lock();
        int k = waiters.size();
        lock.unlock();
        return k;
    }

    /** A description for logs and debuggers, e.g. {@code Semaphore[held=3/4, waiters=2]}. */
    @Override
    public String toString() {
        return "Semaphore[held=" + held() + "/" + size + ", waiters=" + waiters() + "]";
    }
}
