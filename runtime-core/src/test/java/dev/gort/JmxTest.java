package dev.gort;

import static dev.gort.testing.Testing.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.GoRuntime;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class JmxTest {
    @Test
    void schedulerMetricsAreReadableAndGomaxprocsWritableOverJmx() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(10);
        for (int i = 0; i < 10; i++) {
            Go.go(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        await("10 goroutines to start", started);
        // gort registers its MBean once JMX is in use, within about a second (MBeanRegistration):
        // getting the platform server is that use, if no earlier test made it.
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        assertTrue(GoRuntime.get().mbeanRegistration().get(30, TimeUnit.SECONDS), "scheduler MBean registered");
        ObjectName name = new ObjectName("dev.gort:type=Scheduler");
        int old = Go.maxProcs();
        try {
            assertTrue((Boolean) server.getAttribute(name, "GmpScheduler"));
            assertTrue((Integer) server.getAttribute(name, "Goroutines") >= 10);
            server.setAttribute(name, new Attribute("MaxProcs", 3));
            assertEquals(3, Go.maxProcs());
            assertEquals(3, server.getAttribute(name, "MaxProcs"));
            assertEquals(3, ((int[]) server.getAttribute(name, "LocalQueueLengths")).length);
            assertEquals(3, ((long[]) server.getAttribute(name, "ProcRuns")).length);
            assertTrue((Integer) server.getAttribute(name, "Threads") >= 1);
        } finally {
            release.countDown();
            Go.maxProcs(old);
        }
    }
}
