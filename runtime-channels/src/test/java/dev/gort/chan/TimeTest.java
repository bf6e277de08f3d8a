package dev.gort.chan;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.go;
import static dev.gort.testing.Testing.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.time.TimerHeap;
import dev.gort.testing.Testing.Handle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Time.after / Timer / Ticker / sleep, with Go 1.23 semantics. */
@Timeout(60)
class TimeTest {
    private static final Duration LONG = Duration.ofHours(1);

    /** Waits until the timer's hidden slot holds a fired value nobody received yet. */
    private static void awaitFiredUnreceived(RecvChan<Instant> c) {
        Chan<Instant> ch = (Chan<Instant>) c;
        eventually("timer fired", () -> {
            ch.lockChan();
            try {
                return ch.bufCount() == 1;
            } finally {
                ch.unlockChan();
            }
        });
    }

    @Test
    void afterDeliversOnceNoEarlierThanTheDuration() {
        long t0 = System.nanoTime();
        Instant before = Instant.now();
        RecvChan<Instant> c = Time.after(Duration.ofMillis(15));
        Instant at = c.recv();
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(15));
        assertFalse(at.isBefore(before));
        assertNull(c.tryRecv(), "only one value");
        assertEquals(0, c.len());
        assertEquals(0, c.cap(), "Go 1.23: timer channels report as unbuffered");
    }

    @Test
    void nonPositiveDurationFiresAtOnce() {
        assertNotNull(Time.after(Duration.ZERO).recv());
        assertNotNull(Time.after(Duration.ofSeconds(-5)).recv());
    }

    @Test
    void stopBeforeFiring() {
        Timer t = Time.timer(LONG);
        assertTrue(t.stop(), "stopped a pending timer");
        assertFalse(t.stop(), "already stopped");
        assertNull(t.c().tryRecv());
    }

    @Test
    void stopAfterFiringButBeforeReceivingDiscardsTheValue() {
        // Go 1.23: the channel is unbuffered in effect; a fired value not yet received is stale.
        Timer t = Time.timer(Duration.ofMillis(1));
        awaitFiredUnreceived(t.c());
        assertTrue(t.stop(), "no value had been received, so stop counts as stopping it");
        assertNull(t.c().tryRecv(), "no stale value after stop");
        assertFalse(t.stop());
    }

    @Test
    void stopAfterReceivingReturnsFalse() {
        Timer t = Time.timer(Duration.ofMillis(1));
        assertNotNull(t.c().recv());
        assertFalse(t.stop());
    }

    @Test
    void resetDiscardsAStaleValueAndRearms() {
        Timer t = Time.timer(Duration.ofMillis(1));
        awaitFiredUnreceived(t.c());
        long t0 = System.nanoTime();
        assertTrue(t.reset(Duration.ofMillis(30)), "the fired value was never received");
        assertNull(t.c().tryRecv(), "no stale value after reset");
        t.c().recv();
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(30), "the value came from the new arming");
        assertFalse(t.reset(LONG), "the last value was received");
        assertTrue(t.stop());
    }

    @Test
    void resetOfAPendingTimerMovesIt() {
        Timer t = Time.timer(LONG);
        assertTrue(t.reset(Duration.ofMillis(1)));
        assertNotNull(t.c().recv());
    }

    @Test
    void blockedReceiverGetsTheValueDirectly() throws Throwable {
        Timer t = Time.timer(LONG);
        Handle r = go(() -> t.c().recv());
        eventually("receiver parked", () -> ((Chan<?>) t.c()).waitingReceivers() == 1);
        t.reset(Duration.ZERO);
        assertNotNull(r.join());
        assertFalse(t.stop());
    }

    @Test
    void tickerTicksInOrderAndStops() {
        Ticker tk = Time.ticker(Duration.ofMillis(2));
        Instant prev = Instant.MIN;
        for (int i = 0; i < 5; i++) {
            Instant at = tk.c().recv();
            assertTrue(at.isAfter(prev));
            prev = at;
        }
        tk.stop();
        assertNull(tk.c().tryRecv(), "no pending tick after stop");
        // And none later: a 30 ms timeout wins against the stopped ticker.
        assertEquals(1, select(recv(tk.c()), recv(Time.after(Duration.ofMillis(30)))));
    }

    @Test
    void tickerDropsTicksForASlowReceiver() {
        Ticker tk = Time.ticker(Duration.ofMillis(1));
        awaitFiredUnreceived(tk.c());
        assertEquals(0, tk.c().len());
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(10)) {
            Thread.onSpinWait(); // ~10 ticks pass unreceived
        }
        // The tick that waited is the first one: later ticks found the slot full and were dropped.
        Instant waited = tk.c().tryRecv().value();
        assertTrue(Duration.between(waited, Instant.now()).toNanos() >= TimeUnit.MILLISECONDS.toNanos(9),
                "the waiting tick is the old one: " + waited);
        tk.reset(Duration.ofMillis(50));
        assertNull(tk.c().tryRecv(), "reset drains a pending tick");
        tk.stop();
    }

    @Test
    void tickerRejectsNonPositivePeriod() {
        assertThrows(IllegalArgumentException.class, () -> Time.ticker(Duration.ZERO));
        Ticker tk = Time.ticker(LONG);
        assertThrows(IllegalArgumentException.class, () -> tk.reset(Duration.ofMillis(-1)));
        tk.stop();
    }

    @Test
    void afterFuncRunsInAGoroutineUnlessStopped() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        Timer t = Time.afterFunc(Duration.ofMillis(1), ran::countDown);
        assertNull(t.c());
        await("afterFunc's function to run", ran);
        assertFalse(t.stop());
        AtomicInteger never = new AtomicInteger();
        Timer u = Time.afterFunc(LONG, never::incrementAndGet);
        assertTrue(u.stop());
        assertEquals(0, never.get());
    }

    @Test
    void sleepSleepsAtLeastTheDuration() {
        long t0 = System.nanoTime();
        Time.sleep(Duration.ofMillis(10));
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(10));
        Time.sleep(Duration.ZERO);
        Time.sleep(Duration.ofMillis(-1));
    }

    @Test
    void hundredThousandTimers() throws Exception {
        int n = 100_000;
        TimerHeap heap = TimerHeap.get();
        int base = heap.size();
        // 100,000 pending timers: cheap to create, all in one heap, all removable.
        List<Timer> timers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            timers.add(Time.timer(LONG.plusMillis(i)));
        }
        assertTrue(heap.size() >= base + n);
        for (Timer t : timers) {
            assertTrue(t.stop());
        }
        assertEquals(base, heap.size());
        // Stopped timers are deleted lazily (as in Go) but must not pile up: the timer thread is
        // nudged to purge them even though the earliest deadline is an hour away.
        eventually("stopped timers purged", () -> heap.heldInHeap() <= base + 1024);
        timers.clear();

        // 100,000 timers firing within ~20 ms, each received exactly once.
        List<RecvChan<Instant>> chans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            chans.add(Time.after(Duration.ofNanos(i * 200L)));
        }
        for (RecvChan<Instant> c : chans) {
            assertNotNull(c.recv());
            assertNull(c.tryRecv());
        }

        // 100,000 goroutines sleeping 1 ms (W11).
        CountDownLatch woke = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            dev.gort.Go.go(() -> {
                Time.sleep(Duration.ofMillis(1));
                woke.countDown();
            });
        }
        join("100,000 sleepers to wake", woke);
    }
}
