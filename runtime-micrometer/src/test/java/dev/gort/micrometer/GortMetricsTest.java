package dev.gort.micrometer;

import static dev.gort.testing.Testing.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GortMetricsTest {
    static final Set<String> NAMES = Set.of("gort.goroutines", "gort.gomaxprocs", "gort.scheduler.gmp", "gort.threads",
            "gort.threads.idle", "gort.threads.spinning", "gort.threads.used", "gort.scheduler.queue.global",
            "gort.scheduler.queue.local", "gort.scheduler.runs", "gort.scheduler.steals", "gort.scheduler.handoffs",
            "gort.scheduler.thread.wakeups", "gort.scheduler.watchdog.wakeups");

    @Test
    void theBinderReportsTheSchedulersCountersOnScrape() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new GortMetrics(Tags.of("app", "test")).bindTo(registry);

        Set<String> names = new TreeSet<>();
        for (Meter m : registry.getMeters()) {
            names.add(m.getId().getName());
            assertEquals("test", m.getId().getTag("app"));
        }
        assertEquals(new TreeSet<>(NAMES), names);
        assertNull(Go.setSpawnDecorator(null), "binding hooks nothing into goroutines");

        assertEquals(1.0, registry.get("gort.scheduler.gmp").gauge().value());
        assertEquals(Go.maxProcs(), registry.get("gort.gomaxprocs").gauge().value());
        double runsBefore = registry.get("gort.scheduler.runs").functionCounter().count();

        int n = 10_000;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                parked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertTrue(parked.await(30, TimeUnit.SECONDS));
        System.gc(); // the binder object is garbage now: the meters must not depend on it
        assertTrue(registry.get("gort.goroutines").gauge().value() >= n, "the gauge reads the live count when asked");
        release.countDown();
        eventually("the gauge follows the goroutines' exit",
                () -> registry.get("gort.goroutines").gauge().value() < n);
        double runs = registry.get("gort.scheduler.runs").functionCounter().count();
        assertTrue(runs - runsBefore >= n, "each goroutine ran at least once: " + (runs - runsBefore));
        assertTrue(registry.get("gort.threads").gauge().value() >= 1);
        assertTrue(registry.get("gort.scheduler.thread.wakeups").functionCounter().count() >= 1);
        assertEquals(0.0, registry.get("gort.scheduler.watchdog.wakeups").functionCounter().count());
    }
}
