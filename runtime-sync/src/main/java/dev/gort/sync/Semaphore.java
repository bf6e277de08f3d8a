package dev.gort.sync;

import dev.gort.GoInterruptedException;
import dev.gort.sync.internal.CancelSignal;
import dev.gort.sync.internal.SyncAccess;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
 * false, as in Go. Releasing more than is held throws
 * {@code IllegalStateException("semaphore: released more than held")}.
 *
 * <h2>Implementation overview</h2>
 *
 * Go's own design, translated: a lock ({@link ReentrantLock}, never held while parked) over
 * {@code cur} and a FIFO list of waiters, each with its weight and a {@code granted} flag. The
 * releaser grants under the lock (adds the weight to {@code cur}, unlinks the waiter, sets
 * {@code granted}) and unparks after. A waiter that is interrupted or cancelled takes the lock and
 * either unlinks itself — and if it was at the front, lets the waiters behind it try, since it may
 * have been holding them back — or finds it was granted meanwhile and gives the units back, as Go
 * does. A lock-free fast path would save one CAS in the uncontended case; a semaphore guards work
 * far longer than that, so the simpler design stays.
 */
public final class Semaphore {
    static {
        SyncAccess.set(new SyncAccess.Access() {
            @Override
            public boolean acquire(Semaphore sem, long n, CancelSignal cancel) {
                return sem.acquire(n, java.util.Objects.requireNonNull(cancel, "cancel"));
            }

            @Override
            public ErrGroup newErrGroup(Consumer<Throwable> onFirstFailure) {
                return new ErrGroup(java.util.Objects.requireNonNull(onFirstFailure, "onFirstFailure"));
            }
        });
    }

    private final long size;

    /** Guards cur, head, tail and waiter links. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Units held now; 0 &le; cur &le; size. Written only under lock. */
    private long cur;

    private Waiter head;
    private Waiter tail;

    private static final class Waiter {
        final long n;
        final Thread thread = Thread.currentThread();
        Waiter prev;
        Waiter next;
        /** In the list; written only under lock. */
        boolean queued;
        /** Set true only by a releaser, under lock, when it has added n to cur for this waiter. */
        volatile boolean granted;

        Waiter(long n) {
            this.n = n;
        }
    }

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
        acquire(n, null);
    }

    /** The acquire; {@code cancel} may be null (never cancelled). Returns false only if cancelled. */
    boolean acquire(long n, CancelSignal cancel) {
        checkWeight(n);
        if (n > size) {
            throw new IllegalArgumentException(
                    "semaphore: acquire of " + n + " units exceeds the size " + size + " (it would block forever)");
        }
        if (cancel != null && cancel.isCancelled()) {
            return false;
        }
        Waiter w;
        lock.lock();
        try {
            if (size - cur >= n && head == null) {
                cur += n;
                return true;
            }
            w = new Waiter(n);
            link(w);
        } finally {
            lock.unlock();
        }
        Runnable unregister = cancel == null ? null : cancel.onCancel(() -> LockSupport.unpark(w.thread));
        try {
            boolean interrupted = false;
            // A woken waiter leaves through the test right after the park, so the test at the top
            // only ever sees "not granted" (see dev.gort.chan.internal.Waiter.await: a test whose
            // profile said only "keep waiting" deoptimizes every parked goroutine on waking).
            while (!w.granted) {
                if (Thread.interrupted()) {
                    interrupted = true;
                    break;
                }
                if (cancel != null && cancel.isCancelled()) {
                    break;
                }
                LockSupport.park(this);
                if (w.granted) {
                    break;
                }
            }
            if (!interrupted && w.granted && (cancel == null || !cancel.isCancelled())) {
                return true;
            }
            // Interrupted or cancelled, perhaps granted in the same instant: either way, leave
            // the semaphore as if this call had not been made.
            unparkAll(giveUp(w));
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new GoInterruptedException("semaphore: acquire");
            }
            return false;
        } finally {
            if (unregister != null) {
                unregister.run();
            }
        }
    }

    /**
     * A waiter leaves: unlink it, or hand back what was granted meanwhile, and let the waiters
     * behind it on. Returns the waiters it granted, to unpark once the lock is released.
     */
    private Waiter giveUp(Waiter w) {
        lock.lock();
        try {
            if (w.granted) {
                // Granted after we were cancelled: pretend we were not, like Go, and put them back.
                cur -= w.n;
                return notifyWaiters();
            }
            boolean front = w == head;
            unlink(w);
            // Only a waiter at the front can have been holding others back.
            return front && size > cur ? notifyWaiters() : null;
        } finally {
            lock.unlock();
        }
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
        try {
            if (size - cur >= n && head == null) {
                cur += n;
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Releases {@code n} units and grants waiters from the front while the front one fits.
     *
     * @throws IllegalArgumentException if {@code n < 0}
     * @throws IllegalStateException {@code "semaphore: released more than held"}; nothing changes
     */
    public void release(long n) {
        checkWeight(n);
        Waiter woken;
        lock.lock();
        try {
            if (n > cur) {
                throw new IllegalStateException("semaphore: released more than held");
            }
            cur -= n;
            woken = notifyWaiters();
        } finally {
            lock.unlock();
        }
        unparkAll(woken);
    }

    /**
     * Under lock: grants waiters from the front while the front one fits (strict FIFO: a large
     * waiter at the front holds back smaller ones behind it). Returns the granted ones chained by
     * {@code next}, for unparking after the lock is released.
     */
    private Waiter notifyWaiters() {
        Waiter first = null;
        Waiter last = null;
        while (head != null) {
            Waiter w = head;
            if (size - cur < w.n) {
                break;
            }
            cur += w.n;
            unlink(w);
            w.granted = true;
            if (first == null) {
                first = w;
            } else {
                last.next = w;
            }
            last = w;
        }
        return first;
    }

    private static void unparkAll(Waiter w) {
        while (w != null) {
            Waiter next = w.next;
            w.next = null;
            LockSupport.unpark(w.thread);
            w = next;
        }
    }

    private void link(Waiter w) {
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        w.queued = true;
    }

    private void unlink(Waiter w) {
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = w.next = null;
        w.queued = false;
    }

    /** Units held now. */
    long held() {
        lock.lock();
        try {
            return cur;
        } finally {
            lock.unlock();
        }
    }

    /** Waiters queued now. */
    int waiters() {
        lock.lock();
        try {
            int k = 0;
            for (Waiter w = head; w != null; w = w.next) {
                k++;
            }
            return k;
        } finally {
            lock.unlock();
        }
    }

    /** A description for logs and debuggers, e.g. {@code Semaphore[held=3/4, waiters=2]}. */
    @Override
    public String toString() {
        return "Semaphore[held=" + held() + "/" + size + ", waiters=" + waiters() + "]";
    }
}
