package dev.gort;

import dev.gort.internal.GoRuntime;

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
     * Yields the P, like {@code runtime.Gosched}: the calling goroutine goes to the global run queue
     * and others run first. On a platform thread it is {@link Thread#yield()}.
     */
    public static void gosched() {
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
     * {@code dev.gort:type=Scheduler}.
     */
    public static String dumpGoroutines() {
        return GoRuntime.get().dumpGoroutines();
    }

    /** True when goroutines run on gort's G-M-P scheduler (the JVM flag is present). */
    public static boolean gmpScheduler() {
        return GoRuntime.get().gmp();
    }
}
