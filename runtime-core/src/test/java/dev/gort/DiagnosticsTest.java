package dev.gort;

import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.waitFor;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.GoRuntime;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitReason;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** The goroutine dump and the deadlock detector, on waits of the blocking layer itself (core has no channels). */
class DiagnosticsTest {

    @Test
    void goroutineDumpShowsEveryGoroutineInGosFormat() {
        CountDownLatch parked = new CountDownLatch(1);
        Thread[] self = new Thread[1];
        Go.go("dump-me", () -> {
            self[0] = Thread.currentThread();
            parked.countDown();
            LockSupport.park(new Object()); // a wait outside gort: the dump shows the thread's state
        });
        await("dump-me to start", parked);
        try {
            String[] last = {""};
            // the goroutine reaches park just after counting down; look until the dump shows it parked
            waitFor(() -> (last[0] = Go.dumpGoroutines()).contains("\"dump-me\" [park]:"));
            String dump = last[0];
            assertTrue(dump.contains("goroutine " + self[0].threadId() + " \"dump-me\" [park]:"), dump);
            assertTrue(dump.contains("\tdev.gort.DiagnosticsTest.lambda$"), dump);
            assertTrue(dump.contains("created by thread " + Thread.currentThread().threadId()), dump);
        } finally {
            LockSupport.unpark(self[0]);
        }
    }

    @Test
    void deadlockDetectionReportsWhenEveryGoroutineIsParkedOnGort() {
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
            await("both goroutines to start", parked);
            String[] last = {null};
            waitFor(() -> {
                String r = last[0] = rt.lastDeadlockReport();
                return r != null && r.contains("\"asleep-0\"") && r.contains("\"asleep-1\"");
            });
            String report = last[0];
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
