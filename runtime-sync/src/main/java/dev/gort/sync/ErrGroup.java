package dev.gort.sync;

import dev.gort.Go;
import dev.gort.GoInterruptedException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Go's {@code golang.org/x/sync/errgroup.Group}: goroutines working on subtasks of one task, with
 * the first failure reported and, optionally, a bound on how many run at once.
 *
 * <pre>{@code
 * ErrGroup g = new ErrGroup();
 * g.setLimit(4);                               // at most 4 fetches at once; go() blocks beyond
 * Map<String, String> pages = new ConcurrentHashMap<>();
 * for (String url : urls) {
 *     g.go(() -> pages.put(url, fetch(url)));  // a Callable: it may throw checked exceptions
 * }
 * g.await();                                   // rethrows the first failure, if any
 * }</pre>
 *
 * <p>A task fails by throwing. The first failure is kept (later ones are dropped, as Go keeps the
 * first error) and {@link #await()}, once every task has returned, rethrows it: an unchecked exception
 * or error as it is, a checked exception wrapped in an {@link ErrGroupException} whose cause it is.
 * A failure does not stop the other tasks: Go's way to do that is the group's context
 * ({@code ErrGroups.withContext}, in the context module). The failure stays recorded, so every later
 * {@code await} rethrows it too.
 *
 * <p>{@link #setLimit(int)} bounds the number of active goroutines: {@link #go} then blocks until
 * one finishes, and {@link #tryGo} returns false. Changing the limit while goroutines of the group
 * are active throws {@code IllegalStateException("errgroup: modify limit while N goroutines in the
 * group are still active")}. (Go notices this only when a limit was already set; here every active
 * goroutine counts.)
 */
/*
 * Implementation overview: a WaitGroup counts the goroutines; a Semaphore of the limit's size,
 * replaced by setLimit, bounds them (Go uses a buffered channel); the first failure is one CAS into
 * an AtomicReference. active counts goroutines from start to end for the setLimit check.
 */
public final class ErrGroup {
    private final WaitGroup wg = new WaitGroup();

    /** The first failure; set once, by CAS from null, by whichever task fails first. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Goroutines started and not yet finished (incremented before start, decremented at the end). */
    private final AtomicInteger active = new AtomicInteger();

    /** The limiter, or null for no limit. Written only by setLimit (which refuses while active > 0). */
    private volatile Semaphore limit;

    /** Context hook (Go's cancel): called once, with the first failure or with null at await. */
    private final Consumer<Throwable> onFirstFailure;

    /** Set true by whoever calls onFirstFailure, so it runs once. */
    private final AtomicInteger hookCalled = new AtomicInteger();

    /** A group with no limit (Go's zero {@code Group}). */
    public ErrGroup() {
        this(null);
    }

    /** For {@code ErrGroups.withContext} through {@link dev.gort.sync.internal.SyncAccess}. */
    ErrGroup(Consumer<Throwable> onFirstFailure) {
        this.onFirstFailure = onFirstFailure;
    }

    /**
     * Runs {@code task} in a new goroutine of this group, first waiting, if a limit is set, until
     * fewer than the limit are active.
     *
     * @throws GoInterruptedException if interrupted while waiting for room (the task is not started)
     */
    public void go(Callable<?> task) {
        Objects.requireNonNull(task, "task");
        Semaphore sem = limit;
        if (sem != null) {
            sem.acquire(1);
        }
        start(task, sem);
    }

    /**
     * Runs {@code task} in a new goroutine of this group only if that does not exceed the limit.
     *
     * @return true if the goroutine was started
     */
    public boolean tryGo(Callable<?> task) {
        Objects.requireNonNull(task, "task");
        Semaphore sem = limit;
        if (sem != null && !sem.tryAcquire(1)) {
            return false;
        }
        start(task, sem);
        return true;
    }

    private void start(Callable<?> task, Semaphore sem) {
        active.incrementAndGet();
        wg.add(1);
        try {
            Go.go(() -> {
                try {
                    task.call();
                } catch (Throwable t) {
                    fail(t);
                } finally {
                    active.decrementAndGet();
                    if (sem != null) {
                        sem.release(1);
                    }
                    wg.done();
                }
            });
        } catch (RuntimeException | Error e) {
            active.decrementAndGet();
            if (sem != null) {
                sem.release(1);
            }
            wg.done();
            throw e;
        }
    }

    private void fail(Throwable t) {
        if (failure.compareAndSet(null, t)) {
            callHook(t);
        }
    }

    private void callHook(Throwable t) {
        if (onFirstFailure != null && hookCalled.compareAndSet(0, 1)) {
            onFirstFailure.accept(t);
        }
    }

    /**
     * Waits for every goroutine of the group to return, then rethrows the first failure, if any.
     *
     * @throws RuntimeException the first failure, if it was unchecked (the same instance)
     * @throws Error the first failure, if it was an error (the same instance)
     * @throws ErrGroupException wrapping the first failure, if it was a checked exception
     * @throws GoInterruptedException if interrupted while waiting
     */
    public void await() {
        wg.await();
        rethrowFirstFailure();
    }

    /**
     * {@link #await()} that also gives up when {@code cancel} fires: returns false then (the
     * goroutines go on), else behaves as {@code await}.
     */
    boolean await(dev.gort.internal.park.CancelSignal cancel) {
        if (wg.awaitUntil(Long.MAX_VALUE, cancel) != 0) {
            return false;
        }
        rethrowFirstFailure();
        return true;
    }

    private void rethrowFirstFailure() {
        Throwable t = failure.get();
        callHook(t);
        if (t == null) {
            return;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new ErrGroupException(t);
    }

    /**
     * Limits the number of active goroutines to {@code n}; a negative {@code n} removes the limit.
     *
     * @throws IllegalArgumentException if {@code n == 0}: every {@code go} would block forever
     *     (Go allows it; here it is refused as surely a mistake)
     * @throws IllegalStateException if goroutines of the group are active, with Go's message
     */
    public void setLimit(int n) {
        if (n == 0) {
            throw new IllegalArgumentException("errgroup: limit 0 would block every go() forever; use a negative limit for none");
        }
        int a = active.get();
        if (a != 0) {
            throw new IllegalStateException(
                    "errgroup: modify limit while " + a + " goroutines in the group are still active");
        }
        limit = n < 0 ? null : new Semaphore(n);
    }

    /** Goroutines of this group running now. */
    int active() {
        return active.get();
    }

    @Override
    public String toString() {
        Semaphore sem = limit;
        return "ErrGroup[active=" + active.get() + (sem == null ? "" : ", limit=" + sem.size())
                + (failure.get() == null ? "" : ", failed") + "]";
    }
}
