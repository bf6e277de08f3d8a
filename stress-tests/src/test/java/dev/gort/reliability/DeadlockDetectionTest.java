package dev.gort.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Time;
import dev.gort.internal.GoRuntime;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** Core's opt-in deadlock detector, seen through real channel waits. */
class DeadlockDetectionTest {
    @Test
    void goroutinesBlockedOnChannelsAreReportedWithGoWaitReasons() throws InterruptedException {
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
        assertTrue(started.await(10, TimeUnit.SECONDS));
        rt.setDeadlockDetection("log");
        try {
            String report = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline) {
                report = rt.lastDeadlockReport();
                if (report != null && report.contains("\"receiver\"") && report.contains("\"sender\"")) {
                    break;
                }
                LockSupport.parkNanos(1_000_000); // polling for an outcome, not synchronising with it
            }
            assertNotNull(report, "no deadlock reported; pending timers: " + dev.gort.internal.time.TimerHeap.get().size()
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
    void aPendingTimerIsNotADeadlock() throws InterruptedException {
        GoRuntime rt = GoRuntime.get();
        String before = rt.lastDeadlockReport();
        CountDownLatch done = new CountDownLatch(1);
        rt.setDeadlockDetection("log");
        try {
            Go.go("timed", () -> {
                Time.after(Duration.ofMillis(1500)).recv();
                done.countDown();
            });
            assertTrue(done.await(20, TimeUnit.SECONDS));
            assertEquals(before, rt.lastDeadlockReport(), "a goroutine waiting on a timer was reported");
        } finally {
            rt.setDeadlockDetection("off");
        }
    }
}
