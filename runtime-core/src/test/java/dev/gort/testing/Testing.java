package dev.gort.testing;

import dev.gort.Go;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The one test-support helper of every gort module (runtime-core publishes its test classes as a
 * {@code test-jar}; the other modules depend on it in test scope): start goroutines, virtual threads
 * and platform threads with a handle, wait for conditions, latches and threads with a bound, and on
 * a timeout fail with gort's goroutine dump, which shows what every goroutine waits for.
 *
 * <p>Waits never sleep: a condition wait polls, yielding between polls (in a goroutine, yielding lets
 * the goroutine it waits for run on the same P); latches, futures and threads are waited for by the
 * JDK's own bounded waits. Every wait has one of two bounds, {@link #WAIT} or {@link #JOIN}.
 */
public final class Testing {
    private Testing() {}

    /**
     * The bound of a wait for a condition that should hold almost at once (a goroutine parked, a
     * waiter queued, a latch counted down): 20 s. Such a condition takes microseconds; 20 s covers a
     * GC pause or a 2-core machine shared with other builds many times over (it is the longest bound
     * the modules' separate helpers had, so no wait got shorter when they became this one), and is
     * short enough that a test class's {@code @Timeout(60)} does not fire first and hide the
     * goroutine dump.
     */
    public static final Duration WAIT = Duration.ofSeconds(20);

    /**
     * The bound of a join, a wait for bodies that do work (a million goroutines, hundreds of
     * thousands of lock or channel operations; about a second each here): 30 s, longer than
     * {@link #WAIT} because the work itself slows down on a loaded machine, and still under a test
     * class's {@code @Timeout(60)}, for the same reason.
     */
    public static final Duration JOIN = Duration.ofSeconds(30);

    /** The most of the goroutine dump a failure message carries (200,000 parked goroutines would not fit). */
    private static final int DUMP_LIMIT = 64 * 1024;

    // ---- goroutines and threads with a handle ----------------------------------------------------

    /** What a started body runs on. */
    public enum Kind {
        /** A goroutine ({@link Go#go(Runnable)}): a virtual thread on gort's scheduler. */
        GOROUTINE,
        /** A plain virtual thread ({@code Thread.ofVirtual()}), on the JDK's scheduler. */
        VIRTUAL,
        /** A daemon platform thread. */
        PLATFORM
    }

    /** A body that returns a value (or {@code null}) and may throw anything. */
    @FunctionalInterface
    public interface Body {
        Object run() throws Throwable;
    }

    /** A started body: its Thread, and its outcome once it ends. */
    public static final class Handle {
        private final CompletableFuture<Thread> thread = new CompletableFuture<>();
        private final CompletableFuture<Object> done = new CompletableFuture<>();

        private Handle() {}

        /** The thread running the body (waits, bounded by {@link #WAIT}, for the body to start). */
        public Thread thread() {
            return get(thread, WAIT, "the body to start");
        }

        /** Whether the body has ended, returning or throwing. Never blocks. */
        public boolean isDone() {
            return done.isDone();
        }

        /** Waits (bounded by {@link #JOIN}) for the body; returns what it returned, or rethrows what it threw. */
        public Object join() throws Throwable {
            try {
                return get(done, JOIN, "the body to end");
            } catch (Outcome o) {
                throw o.getCause();
            }
        }

        /** Waits (bounded by {@link #JOIN}) for the body and returns what it threw; fails if it returned. */
        public Throwable failure() {
            try {
                Object r = get(done, JOIN, "the body to end");
                throw new AssertionError("expected the body to throw; it returned " + r);
            } catch (Outcome o) {
                return o.getCause();
            }
        }
    }

    /** Starts {@code body} in a goroutine. */
    public static Handle go(Body body) {
        return start(Kind.GOROUTINE, body);
    }

    /** Starts {@code body} on a thread of the given kind. */
    public static Handle start(Kind kind, Body body) {
        return start(kind, body, false);
    }

    /**
     * Starts {@code body} in a goroutine and returns its Thread once it runs (bounded by
     * {@link #WAIT}). Nobody joins it, so what it throws also goes, as from any goroutine, to the
     * thread's uncaught-exception handler (the runtime logs it).
     */
    public static Thread goroutine(Runnable body) {
        return start(Kind.GOROUTINE, runnable(body), true).thread();
    }

    /** Runs {@code body} in a goroutine and joins it (bounded by {@link #JOIN}), rethrowing what it threw. */
    public static void inGoroutine(Runnable body) {
        try {
            go(runnable(body)).join();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) { // a Runnable throws no checked exception unless smuggled
            throw new AssertionError(t);
        }
    }

    private static Body runnable(Runnable body) {
        return () -> {
            body.run();
            return null;
        };
    }

    private static Handle start(Kind kind, Body body, boolean reportUncaught) {
        Handle h = new Handle();
        Runnable r = () -> {
            h.thread.complete(Thread.currentThread());
            try {
                h.done.complete(body.run());
            } catch (Throwable t) {
                h.done.completeExceptionally(t);
                if (reportUncaught && t instanceof RuntimeException e) {
                    throw e;
                }
                if (reportUncaught && t instanceof Error e) {
                    throw e;
                }
            }
        };
        switch (kind) {
            case GOROUTINE -> Go.go(r);
            case VIRTUAL -> Thread.ofVirtual().start(r);
            case PLATFORM -> Thread.ofPlatform().daemon().start(r);
        }
        return h;
    }

    /**
     * A fixed number of workers started together: the first failure (in the order they fail) is
     * kept, and {@link #join} waits for all of them and rethrows it.
     */
    public static final class Crew {
        private final int size;
        private final List<Handle> workers = new CopyOnWriteArrayList<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        /** A crew of exactly {@code size} workers; {@link #join} fails if a different number was started. */
        public Crew(int size) {
            this.size = size;
        }

        public Handle goroutine(Runnable body) {
            return start(Kind.GOROUTINE, body);
        }

        public Handle virtual(Runnable body) {
            return start(Kind.VIRTUAL, body);
        }

        public Handle platform(Runnable body) {
            return start(Kind.PLATFORM, body);
        }

        public Handle start(Kind kind, Runnable body) {
            if (workers.size() >= size) {
                throw new IllegalStateException("a crew of " + size + " has all its workers");
            }
            Handle h = Testing.start(kind, () -> {
                try {
                    body.run();
                    return null;
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                    throw t;
                }
            });
            workers.add(h);
            return h;
        }

        /** Waits for every worker (all together bounded by {@link #JOIN}); rethrows the first failure. */
        public void join() {
            if (workers.size() != size) {
                throw new AssertionError("a crew of " + size + " started " + workers.size() + " workers");
            }
            long deadline = System.nanoTime() + JOIN.toNanos();
            for (Handle h : workers) {
                try {
                    h.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    // kept in failure, in the order the workers failed
                } catch (TimeoutException e) {
                    long left = workers.stream().filter(w -> !w.isDone()).count();
                    throw timedOut(left + " of " + size + " workers to finish (deadlock?)", JOIN);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while joining the crew", e);
                }
            }
            Throwable t = failure.get();
            if (t != null) {
                throw new AssertionError("a worker failed", t);
            }
        }
    }

    // ---- bounded waits ---------------------------------------------------------------------------

    /**
     * Waits, yielding between polls, until {@code cond} holds; returns false if it still does not
     * after {@link #WAIT}. For a test that fails with a message of its own, or that only waits for
     * quiet; {@link #eventually} is the usual form.
     */
    public static boolean waitFor(BooleanSupplier cond) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return cond.getAsBoolean();
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }

    /** Waits, yielding between polls, until {@code cond} holds; fails after {@link #WAIT}. */
    public static void eventually(String what, BooleanSupplier cond) {
        if (!waitFor(cond)) {
            throw timedOut(what, WAIT);
        }
    }

    /**
     * Collects garbage ({@code System.gc()}, only a hint, so repeatedly) until every reference in
     * {@code refs} is cleared or {@link #WAIT} passed; returns how many still refer to their object,
     * for the test to assert on with its own message.
     */
    public static long awaitCollected(Collection<? extends Reference<?>> refs) {
        LongSupplier alive = () -> refs.stream().filter(r -> !r.refersTo(null)).count();
        waitFor(() -> {
            System.gc();
            return alive.getAsLong() == 0;
        });
        return alive.getAsLong();
    }

    /** Waits until {@code t} is parked or blocked (WAITING, TIMED_WAITING or BLOCKED); fails after {@link #WAIT}. */
    public static void awaitParked(Thread t) {
        eventually(t + " parked", () -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
        });
    }

    /**
     * Waits until at most {@code n} goroutines are alive ({@link Go#numGoroutine()}): one that has
     * counted down its last latch or WaitGroup may still be returning. Fails after {@link #WAIT},
     * the goroutine dump showing the ones left.
     */
    public static void awaitGoroutinesAtMost(int n) {
        eventually("at most " + n + " goroutines alive (a leak?)", () -> Go.numGoroutine() <= n);
    }

    /** Waits until {@code latch} reaches zero; fails after {@link #WAIT}. */
    public static void await(CountDownLatch latch) {
        await("latch to reach zero", latch);
    }

    /** Waits until {@code latch} reaches zero; fails after {@link #WAIT} with {@code what} and the count left. */
    public static void await(String what, CountDownLatch latch) {
        await(what, latch, WAIT);
    }

    /**
     * Waits until {@code finished}, a latch that workers count down as they end, reaches zero: a
     * join of those workers, so it fails after {@link #JOIN}.
     */
    public static void join(String what, CountDownLatch finished) {
        await(what, finished, JOIN);
    }

    private static void await(String what, CountDownLatch latch, Duration bound) {
        try {
            if (!latch.await(bound.toNanos(), TimeUnit.NANOSECONDS)) {
                throw timedOut(what + " (count still " + latch.getCount() + ")", bound);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** Waits until {@code t} has terminated; fails after {@link #JOIN}. */
    public static void join(Thread t) {
        try {
            if (!t.join(JOIN)) {
                throw timedOut(t + " to terminate", JOIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + t, e);
        }
    }

    /** Waits for {@code f} (bounded by {@code bound}); its failure comes out as an {@link Outcome}. */
    private static <T> T get(Future<T> f, Duration bound, String what) {
        try {
            return f.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new Outcome(e.getCause());
        } catch (TimeoutException e) {
            throw timedOut(what, bound);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    /** Carries what a body threw out of {@link #get} to the handle's caller. */
    private static final class Outcome extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Outcome(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    // ---- failure messages ------------------------------------------------------------------------

    /**
     * The failure of a bounded wait: what was waited for, the bound, and the goroutine dump. For
     * waits of a module's own kind (a select on a context's done channel) that the helper does not
     * make itself.
     */
    public static AssertionError timedOut(String what, Duration bound) {
        return new AssertionError("timed out after " + bound.toSeconds() + " s waiting for: " + what
                + "\n" + goroutineDump());
    }

    /**
     * Every goroutine with its Go wait reason and stack ({@link Go#dumpGoroutines()}, cut at 64 KiB),
     * then the scheduler's counters and queues ({@link Go#stats()}).
     */
    public static String goroutineDump() {
        String dump = Go.dumpGoroutines();
        if (dump.length() > DUMP_LIMIT) {
            dump = dump.substring(0, DUMP_LIMIT) + "\n... (" + (dump.length() - DUMP_LIMIT) + " more characters)";
        }
        return "goroutines (" + Go.numGoroutine() + " live):\n" + dump + "\nscheduler: " + Go.stats();
    }
}
