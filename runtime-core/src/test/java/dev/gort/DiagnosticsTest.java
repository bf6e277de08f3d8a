package dev.gort;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.GoRuntime;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitReason;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The goroutine dump and the deadlock detector, on waits of the blocking layer itself (core has no channels). */
class DiagnosticsTest {

    @Test
    void goroutineDumpShowsEveryGoroutineInGosFormat() throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(1);
        Thread[] self = new Thread[1];
        Go.go("dump-me", () -> {
            self[0] = Thread.currentThread();
            parked.countDown();
            LockSupport.park(new Object()); // a wait outside gort: the dump shows the thread's state
        });
        assertTrue(parked.await(10, TimeUnit.SECONDS));
        try {
            String dump = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            // the goroutine reaches park just after counting down; look until the dump shows it parked
            while (!dump.contains("\"dump-me\" [park]:") && System.nanoTime() < deadline) {
                dump = Go.dumpGoroutines();
            }
            assertTrue(dump.contains("goroutine " + self[0].threadId() + " \"dump-me\" [park]:"), dump);
            assertTrue(dump.contains("\tdev.gort.DiagnosticsTest.lambda$"), dump);
            assertTrue(dump.contains("created by thread " + Thread.currentThread().threadId()), dump);
        } finally {
            LockSupport.unpark(self[0]);
        }
    }

    @Test
    void deadlockDetectionReportsWhenEveryGoroutineIsParkedOnGort() throws InterruptedException {
        GoRuntime rt = GoRuntime.get();
        rt.setDeadlockDetection("log");
        Thread[] stuck = new Thread[2];
        CountDownLatch parked = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            int k = i;
            Go.go("asleep-" + i, () -> {
                stuck[k] = Thread.currentThread();
                parked.countDown();
                // A wait nobody completes: only an interrupt ends it.
                Park.park(new WaitNode(k == 0 ? WaitReason.CHAN_RECEIVE : WaitReason.SYNC_WAITGROUP_WAIT, null));
            });
        }
        try {
            assertTrue(parked.await(10, TimeUnit.SECONDS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            String report = null;
            while (System.nanoTime() < deadline) {
                report = rt.lastDeadlockReport();
                if (report != null && report.contains("\"asleep-0\"") && report.contains("\"asleep-1\"")) {
                    break;
                }
                Thread.onSpinWait();
                LockSupport.parkNanos(1_000_000); // polling an outcome, not synchronising with it
            }
            assertNotNull(report, "no deadlock reported; goroutines now:\n" + Go.dumpGoroutines());
            assertTrue(report.startsWith("fatal error: all goroutines are asleep - deadlock!"), report);
            assertTrue(report.contains("\"asleep-0\" [chan receive]:"), report);
            assertTrue(report.contains("\"asleep-1\" [sync.WaitGroup.Wait]:"), report);
        } finally {
            rt.setDeadlockDetection("off");
            for (Thread t : stuck) {
                t.interrupt();
            }
        }
    }
}
