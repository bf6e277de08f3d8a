package dev.gort;

import dev.gort.internal.GoRuntime;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;

/**
 * Goroutines: Go's {@code go} statement and the {@code runtime} functions that go with it.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (int i = 0; i < 1_000_000; i++) {
 *     wg.add(1);
 *     Go.go(() -> { work(); wg.done(); });
 * }
 * wg.await();
 * }</pre>
 *
 * <p>A goroutine is a JDK virtual thread scheduled by gort's G-M-P scheduler: GOMAXPROCS Ps, each with
 * a local run queue and a {@code runnext} slot, carrier threads ({@code gort-m-N}) that steal work from
 * each other, and a monitor that keeps a P moving when its carrier is stuck. Every JDK blocking call
 * (locks, sleep, sockets, gort's channels) parks only the goroutine. The scheduler needs the JVM flag
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}; without it gort logs one warning and runs
 * goroutines on the JDK's own virtual-thread scheduler.
 *
 * <p>GOMAXPROCS at start-up: the system property {@code GOMAXPROCS}, else the environment variable
 * {@code GOMAXPROCS}, else the number of available processors. A value that is not an integer from 1
 * to 1024 makes the first call here fail with an {@link IllegalArgumentException} naming the value and
 * where it came from.
 *
 * <p>Uncaught exceptions: logged through SLF4J with the goroutine's id and name, then passed to
 * {@link Thread#getDefaultUncaughtExceptionHandler()} if one is set; other goroutines go on.
 *
 * <p>Interop: {@link #submit} gives a {@link CompletableFuture} for callers who want a handle;
 * {@link #executor()} and {@link #threadFactory()} let the JDK and frameworks run their tasks as
 * goroutines; {@link #setSpawnDecorator} lets MDC or tracing context follow a goroutine.
 *
 * <p>Lifecycle: the runtime is process-wide and starts on first use; its carrier threads and its
 * monitor are daemon threads, so it never keeps a JVM alive, and there is nothing to stop (see the
 * README's "Lifecycle").
 */
public final class Go {
    private Go() {}

    /** Starts a goroutine running {@code body}; returns at once. */
    public static void go(Runnable body) {
        GoRuntime.get().go(null, body);
    }

    /** Starts a goroutine named {@code name} (shown in dumps and logs). */
    public static void go(String name, Runnable body) {
        GoRuntime.get().go(java.util.Objects.requireNonNull(name, "goroutine name"), body);
    }

    /**
     * Starts a goroutine running {@code task} and returns a future of its result: Go's {@code go}
     * for callers that want a handle. The future completes with the task's value or with whatever it
     * threw (then nothing is logged: the future holds it). {@code cancel(true)} interrupts the
     * goroutine if the task is running and keeps it from starting if it has not; dependent stages
     * ({@code thenApply}, ...) run on the goroutine that completes the future, or on the caller if it
     * is already complete.
     *
     * <pre>{@code
     * CompletableFuture<String> page = Go.submit(() -> fetch(url));
     * String body = page.get(1, TimeUnit.SECONDS);
     * }</pre>
     */
    public static <T> CompletableFuture<T> submit(Callable<? extends T> task) {
        return GoRuntime.get().submit(null, task);
    }

    /** {@link #submit(Callable)} in a goroutine named {@code name}. */
    public static <T> CompletableFuture<T> submit(String name, Callable<? extends T> task) {
        return GoRuntime.get().submit(java.util.Objects.requireNonNull(name, "goroutine name"), task);
    }

    /**
     * A new {@link ExecutorService} that runs each task in a new goroutine: the JDK's
     * {@link Executors#newThreadPerTaskExecutor(ThreadFactory)} over {@link #threadFactory()}, with
     * its semantics exactly (unbounded; {@code shutdown} stops new tasks, {@code shutdownNow} also
     * interrupts the running ones, {@code close()} waits for every task to finish). Each call returns
     * a new executor; shutting one down affects no other.
     *
     * <pre>{@code
     * CompletableFuture.supplyAsync(() -> load(id), Go.executor());
     * httpServer.setExecutor(Go.executor());
     * try (ExecutorService ex = Go.executor()) { urls.forEach(u -> ex.submit(() -> fetch(u))); }
     * }</pre>
     */
    public static ExecutorService executor() {
        return Executors.newThreadPerTaskExecutor(threadFactory());
    }

    /**
     * A {@link ThreadFactory} of goroutines: each thread it makes is an unstarted goroutine (a
     * virtual thread on gort's scheduler), decorated like {@link #go}'s (see
     * {@link #setSpawnDecorator}) on the thread that calls {@code newThread}, and counted by
     * {@link #numGoroutine()} from the moment it runs. One shared, stateless instance.
     */
    public static ThreadFactory threadFactory() {
        return GoRuntime.get().threadFactory();
    }

    /**
     * Sets the function applied to the body of every goroutine started from now on ({@link #go},
     * {@link #submit}, {@link #executor()}, {@link #threadFactory()}), on the thread that starts it,
     * so that thread's context (an SLF4J MDC, an OpenTelemetry context, a security principal) can be
     * captured there and installed in the goroutine:
     *
     * <pre>{@code
     * Go.setSpawnDecorator(body -> {
     *     Map<String, String> mdc = MDC.getCopyOfContextMap();      // on the spawning thread
     *     return () -> {                                            // in the goroutine
     *         if (mdc != null) MDC.setContextMap(mdc);
     *         try { body.run(); } finally { MDC.clear(); }
     *     };
     * });
     * }</pre>
     *
     * Process-wide; {@code null} removes it. Returns the previous decorator, so two libraries can
     * chain theirs: {@code prev == null ? mine : body -> mine.apply(prev.apply(body))}. The decorator
     * runs on every spawn: keep it cheap. If it throws, the goroutine is not started and the exception
     * reaches the caller of {@code go}; if it returns null, that is a {@link NullPointerException}.
     */
    public static UnaryOperator<Runnable> setSpawnDecorator(UnaryOperator<Runnable> decorator) {
        return GoRuntime.get().setSpawnDecorator(decorator);
    }

    /** GOMAXPROCS now. */
    public static int maxProcs() {
        return GoRuntime.get().maxProcs();
    }

    /**
     * Sets GOMAXPROCS to {@code n} at run time, growing or shrinking the set of Ps without losing a
     * queued goroutine; {@code n < 1} only queries. Returns the previous value.
     *
     * @throws IllegalArgumentException if {@code n} is above 1024
     */
    public static int maxProcs(int n) {
        GoRuntime rt = GoRuntime.get();
        return n < 1 ? rt.maxProcs() : rt.setMaxProcsAndReturnOld(n);
    }

    /** The number of live goroutines started through {@link #go}. */
    public static int numGoroutine() {
        return GoRuntime.get().numGoroutine();
    }

    /**
     * Yields the P, like {@code runtime.Gosched}: the caller goes behind the goroutines waiting to run
     * on its P and in the global queue, and continues after them. On a platform thread it is
     * {@link Thread#yield()}.
     */
    public static void gosched() {
        // The caller goes behind its P's local queue when that holds goroutines and the global queue
        // is empty (Go's goyield), else to the global queue (Go's Gosched); see Scheduler.execute.
        Thread.yield();
    }

    /** Scheduler statistics: per-P runs, steals and queue lengths; carriers; sysmon handoffs. */
    public static SchedulerStats stats() {
        return GoRuntime.get().stats();
    }

    /**
     * Every live goroutine started with {@link #go}, in Go's format: {@code goroutine 17 "worker"
     * [chan receive, 2 minutes]:}, then its stack, then who created it. The wait reason is Go's
     * ({@code chan receive}, {@code select}, {@code sync.Mutex.Lock}, {@code sync.WaitGroup.Wait},
     * {@code sleep}, ...); a wait outside gort shows the thread's state ({@code park}, {@code timed park},
     * {@code monitor enter}, {@code runnable}); the duration appears from one minute on, as in Go. Works
     * on every JDK from 21 on, with or without gort's scheduler. Also a JMX operation of
     * {@code dev.gort:type=Scheduler}, registered once JMX is in use in the JVM.
     */
    public static String dumpGoroutines() {
        return GoRuntime.get().dumpGoroutines();
    }

    /** True when goroutines run on gort's G-M-P scheduler (the JVM flag is present). */
    public static boolean gmpScheduler() {
        return GoRuntime.get().gmp();
    }
}
