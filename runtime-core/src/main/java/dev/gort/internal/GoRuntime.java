package dev.gort.internal;

import dev.gort.SchedulerStats;
import dev.gort.internal.jfr.GoEvents;
import dev.gort.internal.park.Clock;
import dev.gort.internal.race.Race;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The process-wide runtime behind {@link dev.gort.Go}: the scheduler (or the fallback), the goroutine
 * factory and the registry of live goroutines. Created on first use; a bad GOMAXPROCS makes every
 * use fail with the same clear message rather than half-start.
 */
public final class GoRuntime implements SchedulerMXBean {
    /** The JMX name of the scheduler metrics. */
    public static final String MBEAN_NAME = "dev.gort:type=Scheduler";
    private static final LazyLog log = new LazyLog(GoRuntime.class);
    private static volatile GoRuntime instance;

    /** Null in fallback mode. */
    private final Scheduler scheduler;
    private final ThreadFactory factory;
    private final Goroutines registry = new Goroutines();
    /** Applied to every goroutine's body on the spawning thread, or null. */
    private volatile UnaryOperator<Runnable> spawnDecorator;
    /** Go.threadFactory(): unstarted goroutines, registered from the moment they run. */
    private final ThreadFactory goroutineFactory = this::newGoroutineThread;
    private final DeadlockDetector deadlock;
    /** GOMAXPROCS as last set, in fallback mode (the JDK's scheduler cannot change it at run time). */
    private volatile int fallbackProcs;
    /** Puts this runtime's MBean on JMX once JMX is in use. */
    private final MBeanRegistration mbean = new MBeanRegistration(this, MBEAN_NAME);

    public static GoRuntime get() {
        GoRuntime r = instance;
        return r != null ? r : init();
    }

    private static synchronized GoRuntime init() {
        if (instance == null) {
            GoRuntime rt = new GoRuntime(Gomaxprocs.fromEnvironment());
            instance = rt;
            rt.mbean.lookNow();
            rt.runOneGoroutineToTheEnd();
        }
        return instance;
    }

    /**
     * Starts one empty goroutine and waits for it to end, so that the JDK's code for a virtual
     * thread's end (VirtualThread.run, after the task) has run once, and the classes it uses are
     * loaded, before C2 compiles it. Otherwise a program that first starts a million goroutines
     * that all park (none has ended yet) gets VirtualThread.run compiled with an "unloaded"
     * uncommon trap on its exit path, and each of the million deoptimizes as it ends: W6 drained in
     * 16-20 s instead of 2. (JFR hides this: it loads those event classes at start-up.) Bounded: a
     * second at most, and skipped if the caller is interrupted.
     */
    private void runOneGoroutineToTheEnd() {
        Thread t = factory.newThread(() -> {});
        t.start();
        try {
            t.join(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private GoRuntime(int procs) {
        Thread.UncaughtExceptionHandler handler = GoRuntime::uncaught;
        deadlock = new DeadlockDetector(DeadlockDetector.parse(System.getProperty("gort.deadlock")), registry);
        if (VirtualThreads.available()) {
            // Network readiness (Go's netpoller): on JDK 22 and later the JDK's socket pollers are,
            // by default on Linux, virtual threads ("sub-pollers", jdk.pollerMode=2) that inherit the
            // scheduler of the virtual thread that first needs one. When that is a goroutine they run
            // on gort's Ps, and a connection's goroutine they ready goes into that P's run queue, as
            // Go's netpoll hands ready goroutines to Ps: no platform poller thread waking for every
            // event and readying each goroutine into the global queue with a wake-up (what
            // jdk.pollerMode=1 does, which gort used to set). An application's own jdk.pollerMode is
            // left alone.
            scheduler = new Scheduler(procs);
            scheduler.attachDeadlockDetector(deadlock);
            scheduler.attachMonitorChores(this::monitorChores);
            factory = VirtualThreads.builder(scheduler).uncaughtExceptionHandler(handler).factory();
        } else {
            log.get().warn("gort: the G-M-P scheduler needs the JVM flag --add-opens java.base/java.lang=ALL-UNNAMED "
                    + "(or 'Add-Opens: java.base/java.lang' in an executable jar's manifest); without it "
                    + "goroutines run as plain virtual threads on the JDK's scheduler: same semantics, no runnext, "
                    + "no P locality, GOMAXPROCS fixed at start-up. Cause: {}", VirtualThreads.unavailableReason());
            if (System.getProperty("jdk.virtualThreadScheduler.parallelism") == null) {
                // Takes effect only if no virtual thread has been created yet in this JVM.
                System.setProperty("jdk.virtualThreadScheduler.parallelism", Integer.toString(procs));
            }
            scheduler = null;
            fallbackProcs = procs;
            factory = Thread.ofVirtual().uncaughtExceptionHandler(handler).factory();
            startFallbackMonitor();
        }
    }

    /**
     * Fallback mode has no sysmon; this daemon does the jobs of sysmon that do not depend on the
     * scheduler: advancing the coarse clock of wait durations, the deadlock detector's looks, and
     * the runtime's chores ({@link #monitorChores}).
     */
    private void startFallbackMonitor() {
        Thread t = new Thread(() -> {
            for (;;) {
                // A platform thread of the runtime's own, not a goroutine: the blocking layer is for
                // goroutine waits (wait reasons, dumps), so this sleeps on LockSupport directly.
                LockSupport.parkNanos(250_000_000L);
                long now = System.nanoTime();
                Clock.tick(now);
                try {
                    deadlock.check(true, now);
                } catch (Throwable e) {
                    log.get().debug("gort: deadlock check failed", e);
                }
                monitorChores(now);
            }
        }, "gort-monitor");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The runtime's work that needs a clock but not the scheduler, done by sysmon after each of its
     * rounds, or by the fallback mode's monitor: the look for JMX, once a second.
     */
    private void monitorChores(long now) {
        mbean.look(now);
    }

    private static void uncaught(Thread t, Throwable e) {
        log.get().error("goroutine {} \"{}\" ended with an uncaught exception", t.threadId(), t.getName(), e);
        Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
        if (h != null) {
            h.uncaughtException(t, e);
        }
    }

    /** Starts a goroutine; returns its thread. It is registered before it starts. */
    public Thread go(String name, Runnable body) {
        Objects.requireNonNull(body, "goroutine body");
        Runnable task = decorate(body);
        if (Race.ENABLED) {
            task = raced(task);
        }
        Goroutines.G g = new Goroutines.G(task, false);
        Thread t = factory.newThread(g);
        if (name != null) {
            t.setName(name);
        }
        g.thread = t;
        registry.add(g);
        try {
            Carriers.start(t);
            return t;
        } catch (RuntimeException | Error e) {
            registry.remove(g);
            throw e;
        }
    }

    /**
     * The body of every goroutine's thread ({@link Goroutines.G#run()}): the registry, the JFR
     * events, the (decorated) task. A thread of {@link #threadFactory()} registers itself once it
     * runs, since it may be created and never started.
     */
    void runGoroutine(Goroutines.G g) {
        if (g.registerWhenRun) {
            g.thread = Thread.currentThread();
            registry.add(g);
        }
        GoEvents.goroutineStart(g.thread, g.creatorId());
        Throwable uncaught = null;
        try {
            g.body.run();
        } catch (Throwable t) {
            uncaught = t;
            throw t; // to the thread's uncaught-exception handler, as before
        } finally {
            registry.remove(g);
            GoEvents.goroutineEnd(uncaught);
        }
    }

    /**
     * The race detector's view of a goroutine's life (Go's racegostart, racegoend): everything the
     * creator did before {@code go} happens before the body starts. The token is taken here, after
     * the spawn decorator ran, while the detector still sees the user's call into gort as the
     * current call site (the "created at" of its reports); the wrapper, not a field of the registry
     * record, carries it, so a goroutine costs no more without the agent.
     */
    private static Runnable raced(Runnable body) {
        Object token = Race.goCreate();
        return () -> {
            Race.goStart(token);
            try {
                body.run();
            } finally {
                Race.goEnd();
            }
        };
    }

    private Runnable decorate(Runnable body) {
        UnaryOperator<Runnable> d = spawnDecorator;
        if (d == null) {
            return body;
        }
        return Objects.requireNonNull(d.apply(body), "the spawn decorator returned null");
    }

    /** Sets the spawn decorator (null removes it); returns the previous one. */
    public UnaryOperator<Runnable> setSpawnDecorator(UnaryOperator<Runnable> decorator) {
        UnaryOperator<Runnable> old = spawnDecorator;
        spawnDecorator = decorator;
        return old;
    }

    /** A factory of unstarted goroutines (decorated, registered and traced like those of {@link #go}). */
    public ThreadFactory threadFactory() {
        return goroutineFactory;
    }

    private Thread newGoroutineThread(Runnable body) {
        Objects.requireNonNull(body, "task");
        return factory.newThread(new Goroutines.G(decorate(body), true));
    }

    /** Runs {@code task} in a new goroutine; the future completes with its outcome. */
    public <T> CompletableFuture<T> submit(String name, Callable<? extends T> task) {
        Objects.requireNonNull(task, "task");
        GoFuture<T> f = new GoFuture<>();
        go(name, () -> f.run(task));
        return f;
    }

    public boolean gmp() {
        return scheduler != null;
    }

    public int numGoroutine() {
        return registry.count();
    }

    public int maxProcs() {
        return scheduler != null ? scheduler.maxProcs() : fallbackProcs;
    }

    public int setMaxProcsAndReturnOld(int n) {
        if (scheduler != null) {
            int old = scheduler.setMaxProcs(n);
            if (old != n) {
                GoEvents.gomaxprocs(old, n);
            }
            return old;
        }
        if (n < 1 || n > Scheduler.MAX_PROCS) {
            throw new IllegalArgumentException("GOMAXPROCS must be between 1 and " + Scheduler.MAX_PROCS + ", got " + n);
        }
        int old = fallbackProcs;
        if (n != old) {
            log.get().warn("gort: Go.maxProcs({}) has no effect on the JDK's scheduler (fallback mode)", n);
        }
        fallbackProcs = n;
        return old;
    }

    /**
     * Completes once the scheduler MBean's registration ended, true if it is registered; that
     * happens only once JMX is in use in this JVM ({@link MBeanRegistration}). Tests.
     */
    public CompletableFuture<Boolean> mbeanRegistration() {
        return mbean.done();
    }

    /** Go-style dump of every live goroutine. */
    public String dumpGoroutines() {
        return GoroutineDump.format(GoroutineDump.snapshot(registry, true));
    }

    @Override
    public String getDeadlockDetection() {
        return deadlock.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void setDeadlockDetection(String mode) {
        deadlock.setMode(DeadlockDetector.parse(mode));
    }

    /** The last deadlock report, or null (tests, diagnostics). */
    public String lastDeadlockReport() {
        return deadlock.lastReport();
    }

    // ---- SchedulerMXBean ------------------------------------------------------------------------

    @Override
    public boolean isGmpScheduler() {
        return gmp();
    }

    @Override
    public void setMaxProcs(int n) {
        setMaxProcsAndReturnOld(n);
    }

    @Override
    public int getMaxProcs() {
        return maxProcs();
    }

    @Override
    public int getGoroutines() {
        return numGoroutine();
    }

    @Override
    public int getThreads() {
        return stats().threads();
    }

    @Override
    public int getIdleThreads() {
        return stats().idleThreads();
    }

    @Override
    public int getSpinningThreads() {
        return stats().spinningThreads();
    }

    @Override
    public int getCarriersUsed() {
        return stats().carriersUsed();
    }

    @Override
    public long getSteals() {
        return stats().steals();
    }

    @Override
    public long getHandoffs() {
        return stats().handoffs();
    }

    @Override
    public long getThreadWakeups() {
        return stats().threadWakeups();
    }

    @Override
    public long getWatchdogWakeups() {
        return stats().watchdogWakeups();
    }

    @Override
    public int getGlobalQueueLength() {
        return stats().globalQueueLength();
    }

    @Override
    public int[] getLocalQueueLengths() {
        return stats().procs().stream().mapToInt(SchedulerStats.ProcStats::localQueueLength).toArray();
    }

    @Override
    public long[] getProcRuns() {
        return stats().procs().stream().mapToLong(SchedulerStats.ProcStats::runs).toArray();
    }

    public SchedulerStats stats() {
        if (scheduler != null) {
            return scheduler.stats(numGoroutine());
        }
        return new SchedulerStats(false, fallbackProcs, numGoroutine(), List.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
