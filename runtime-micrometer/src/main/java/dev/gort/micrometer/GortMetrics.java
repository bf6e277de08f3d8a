package dev.gort.micrometer;

import dev.gort.Go;
import dev.gort.SchedulerStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * A Micrometer {@link MeterBinder} for gort's scheduler: the numbers of {@link Go#stats()} as
 * gauges and counters.
 *
 * <pre>{@code
 * new GortMetrics().bindTo(registry);            // Spring Boot: expose it as a @Bean
 * }</pre>
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code gort.goroutines}</td><td>gauge</td><td>live goroutines</td></tr>
 *   <tr><td>{@code gort.gomaxprocs}</td><td>gauge</td><td>GOMAXPROCS</td></tr>
 *   <tr><td>{@code gort.scheduler.gmp}</td><td>gauge</td><td>1 on gort's G-M-P scheduler, 0 in the fallback</td></tr>
 *   <tr><td>{@code gort.threads}</td><td>gauge</td><td>carrier threads (Ms) created</td></tr>
 *   <tr><td>{@code gort.threads.idle}, {@code gort.threads.spinning}</td><td>gauges</td><td>Ms parked idle; Ms looking for work</td></tr>
 *   <tr><td>{@code gort.threads.used}</td><td>gauge</td><td>Ms that ran at least one goroutine</td></tr>
 *   <tr><td>{@code gort.scheduler.runs}</td><td>counter</td><td>goroutine runs, all Ps</td></tr>
 *   <tr><td>{@code gort.scheduler.steals}</td><td>counter</td><td>goroutines stolen from another P's queue</td></tr>
 *   <tr><td>{@code gort.scheduler.handoffs}</td><td>counter</td><td>Ps handed to a spare M by sysmon (a stuck carrier)</td></tr>
 *   <tr><td>{@code gort.scheduler.thread.wakeups}</td><td>counter</td><td>Ms woken or started to look for work</td></tr>
 *   <tr><td>{@code gort.scheduler.watchdog.wakeups}</td><td>counter</td><td>wakeups by sysmon's lost-wakeup watchdog (0 when healthy)</td></tr>
 *   <tr><td>{@code gort.scheduler.queue.global}</td><td>gauge</td><td>goroutines in the global run queue</td></tr>
 *   <tr><td>{@code gort.scheduler.queue.local}</td><td>gauge</td><td>goroutines in the Ps' local run queues, together</td></tr>
 * </table>
 *
 * <p>Everything is read when the registry asks (on scrape or publish), from the counters the
 * scheduler keeps anyway: binding adds nothing to the scheduler's or a goroutine's path. The runs and
 * steals counters are sums over the current Ps; shrinking GOMAXPROCS drops the retired Ps' share,
 * which a monitoring system sees as a counter reset.
 */
public final class GortMetrics implements MeterBinder {
    /**
     * What the function counters are built on: Micrometer holds that object weakly, and a binder
     * made with {@code new GortMetrics().bindTo(registry)} is garbage at once; a static lives as long
     * as the class.
     */
    private static final Object SOURCE = new Object();

    private final Iterable<Tag> tags;

    /** A binder with no extra tags. */
    public GortMetrics() {
        this(Tags.empty());
    }

    /** A binder whose meters all carry {@code tags}. */
    public GortMetrics(Iterable<Tag> tags) {
        this.tags = Objects.requireNonNull(tags, "tags");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "gort.goroutines", "goroutines", "Live goroutines", s -> s.goroutines());
        gauge(registry, "gort.gomaxprocs", null, "GOMAXPROCS", s -> s.maxProcs());
        gauge(registry, "gort.scheduler.gmp", null, "1 when goroutines run on gort's G-M-P scheduler, 0 in the fallback",
                s -> s.gmp() ? 1 : 0);
        gauge(registry, "gort.threads", "threads", "Carrier threads (Ms) created", s -> s.threads());
        gauge(registry, "gort.threads.idle", "threads", "Carrier threads parked with nothing to do", s -> s.idleThreads());
        gauge(registry, "gort.threads.spinning", "threads", "Carrier threads looking for work to steal", s -> s.spinningThreads());
        gauge(registry, "gort.threads.used", "threads", "Carrier threads that ran at least one goroutine", s -> s.carriersUsed());
        gauge(registry, "gort.scheduler.queue.global", "goroutines", "Goroutines in the global run queue", s -> s.globalQueueLength());
        gauge(registry, "gort.scheduler.queue.local", "goroutines", "Goroutines in the Ps' local run queues",
                s -> s.procs().stream().mapToInt(SchedulerStats.ProcStats::localQueueLength).sum());
        counter(registry, "gort.scheduler.runs", "runs", "Goroutine runs on all Ps",
                s -> s.procs().stream().mapToLong(SchedulerStats.ProcStats::runs).sum());
        counter(registry, "gort.scheduler.steals", "goroutines", "Goroutines stolen from another P's run queue", s -> s.steals());
        counter(registry, "gort.scheduler.handoffs", null, "Ps handed to a spare carrier by sysmon", s -> s.handoffs());
        counter(registry, "gort.scheduler.thread.wakeups", "wakeups", "Carrier threads woken or started to look for work",
                s -> s.threadWakeups());
        counter(registry, "gort.scheduler.watchdog.wakeups", "wakeups", "Wakeups by sysmon's lost-wakeup watchdog",
                s -> s.watchdogWakeups());
    }

    private void gauge(MeterRegistry r, String name, String unit, String help, ToDoubleFunction<SchedulerStats> f) {
        Gauge.builder(name, () -> f.applyAsDouble(Go.stats()))
                .description(help).baseUnit(unit).tags(tags).strongReference(true).register(r);
    }

    private void counter(MeterRegistry r, String name, String unit, String help, ToDoubleFunction<SchedulerStats> f) {
        FunctionCounter.builder(name, SOURCE, src -> f.applyAsDouble(Go.stats()))
                .description(help).baseUnit(unit).tags(tags).register(r);
    }
}
