package dev.gort.reliability;

import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Time;
import dev.gort.internal.GoRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Core's opt-in deadlock detector, seen through real channel waits. */
class DeadlockDetectionTest {
    @Test
    void goroutinesBlockedOnChannelsAreReportedWithGoWaitReasons() {
        GoRuntime rt = GoRuntime.get();
        Chan<Integer> never = Chan.make();
        Chan<Integer> full = Chan.make(1);
        full.send(0);
        Thread[] ts = new Thread[2];
        CountDownLatch started = new CountDownLatch(2);
        Go.go("receiver", () -> {
            ts[0] = Thread.currentThread();
            started.countDown();
            try {
                never.recv();
            } catch (dev.gort.GoInterruptedException e) {
                // released at the end of the test
            }
        });
        Go.go("sender", () -> {
            ts[1] = Thread.currentThread();
            started.countDown();
            try {
                full.send(1);
            } catch (dev.gort.GoInterruptedException e) {
                // released at the end of the test
            }
        });
        await("both goroutines to start", started);
        rt.setDeadlockDetection("log");
        try {
            String[] last = {null};
            waitFor(() -> {
                String r = last[0] = rt.lastDeadlockReport();
                return r != null && r.contains("\"receiver\"") && r.contains("\"sender\"");
            });
            String report = last[0];
            assertNotNull(report, "no deadlock reported; pending timers: " + dev.gort.internal.time.TimerHeap.pending()
                    + "; goroutines now:\n" + Go.dumpGoroutines());
            assertTrue(report.contains("\"receiver\" [chan receive]:"), report);
            assertTrue(report.contains("\"sender\" [chan send]:"), report);
        } finally {
            rt.setDeadlockDetection("off");
            ts[0].interrupt();
            ts[1].interrupt();
        }
    }

    @Test
    void aPendingTimerIsNotADeadlock() {
        GoRuntime rt = GoRuntime.get();
        String before = rt.lastDeadlockReport();
        CountDownLatch done = new CountDownLatch(1);
        rt.setDeadlockDetection("log");
        try {
            Go.go("timed", () -> {
                Time.after(Duration.ofMillis(1500)).recv();
                done.countDown();
            });
            await("the timed goroutine", done);
            assertEquals(before, rt.lastDeadlockReport(), "a goroutine waiting on a timer was reported");
        } finally {
            rt.setDeadlockDetection("off");
        }
    }
}
