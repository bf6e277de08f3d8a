package dev.gort.sync;

import static dev.gort.testing.Testing.awaitParked;
import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.goroutine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.GoInterruptedException;
import dev.gort.testing.Testing;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WaitGroupTest {

    @Test
    void awaitReturnsOnlyAfterEveryGoroutineIsDone() {
        WaitGroup wg = new WaitGroup();
        AtomicInteger finished = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            wg.go(finished::incrementAndGet);
        }
        wg.await();
        assertEquals(1000, finished.get());
        assertEquals(0, wg.count());
    }

    @Test
    void awaitOnZeroReturnsAtOnce() {
        WaitGroup wg = new WaitGroup();
        wg.await();
        wg.add(0);
        wg.await();
    }

    @Test
    void awaitBlocksUntilDoneFromAPlatformThread() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicBoolean returned = new AtomicBoolean();
        Thread g = goroutine(() -> {
            wg.await();
            returned.set(true);
        });
        awaitParked(g);
        assertFalse(returned.get());
        Thread.ofPlatform().start(wg::done);
        eventually("await returned", returned::get);
    }

    @Test
    void negativeCounterThrowsGoMessageAndLeavesCounterUnchanged() {
        WaitGroup wg = new WaitGroup();
        IllegalStateException e = assertThrows(IllegalStateException.class, wg::done);
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        assertEquals(0, wg.count());
        wg.add(2);
        e = assertThrows(IllegalStateException.class, () -> wg.add(-3));
        assertEquals("sync: negative WaitGroup counter", e.getMessage());
        assertEquals(2, wg.count());
        wg.add(-2);
        wg.await();
    }

    @Test
    void overflowThrows() {
        WaitGroup wg = new WaitGroup();
        wg.add(Integer.MAX_VALUE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> wg.add(1));
        assertEquals("sync: WaitGroup counter overflow", e.getMessage());
        assertEquals(Integer.MAX_VALUE, wg.count());
    }

    @Test
    void manyWaitersAllReleased() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        int n = 200;
        Testing.Crew crew = new Testing.Crew(n);
        AtomicInteger released = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Runnable r = () -> {
                wg.await();
                released.incrementAndGet();
            };
            if (i % 10 == 0) {
                crew.platform(r);
            } else {
                crew.goroutine(r);
            }
        }
        assertEquals(0, released.get());
        wg.done();
        crew.join();
        assertEquals(n, released.get());
    }

    /**
     * Reuse, Go's rule: once waiters have returned, the group starts over. Each generation's waiter
     * must return only when its own generation reaches zero — never early on an earlier zero.
     */
    @Test
    void reuseAcrossManyGenerations() {
        WaitGroup wg = new WaitGroup();
        for (int gen = 0; gen < 2000; gen++) {
            AtomicInteger done = new AtomicInteger();
            int n = 1 + gen % 4;
            for (int i = 0; i < n; i++) {
                wg.go(done::incrementAndGet);
            }
            wg.await();
            assertEquals(n, done.get(), "generation " + gen + " returned early");
        }
    }

    /**
     * Misuse that Go panics on when it notices: adds from zero racing awaits. Here no waiter is lost
     * (all return once the adders stop), the counter stays exact, and the group works afterwards.
     */
    // Racy on purpose (tag "racy": the race-detector run leaves it out): Add from zero concurrent
    // with Wait is the misuse Go's race detector reports; this test checks the state survives it.
    @Tag("racy")
    @Test
    void addRacingAwaitNeverCorruptsState() {
        WaitGroup wg = new WaitGroup();
        AtomicInteger awaits = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        // Adders first, all running before any waiter starts: on the JDK's scheduler a goroutine
        // that yields in a loop can keep not-yet-started goroutines (an external queue) waiting.
        java.util.concurrent.CountDownLatch addersRunning = new java.util.concurrent.CountDownLatch(4);
        Testing.Crew adders = new Testing.Crew(4);
        for (int a = 0; a < 4; a++) {
            adders.goroutine(() -> {
                addersRunning.countDown();
                for (int i = 0; i < 20_000; i++) {
                    wg.add(1);
                    wg.done();
                }
            });
        }
        Testing.await("every adder running", addersRunning);
        Testing.Crew waiters = new Testing.Crew(4);
        Runnable waiter = () -> {
            do {
                wg.await();
                awaits.incrementAndGet();
                Thread.yield(); // goroutines are not preempted: let the adders run
            } while (!stop.get());
        };
        waiters.goroutine(waiter);
        waiters.goroutine(waiter);
        waiters.platform(waiter);
        waiters.platform(waiter);
        try {
            adders.join();
        } finally {
            stop.set(true);
        }
        waiters.join(); // no waiter is stuck: the last zero released everyone
        assertTrue(awaits.get() >= 4);
        assertEquals(0, wg.count());
        // Not corrupted: a new generation still blocks its waiter until its own zero.
        wg.add(1);
        AtomicBoolean returned = new AtomicBoolean();
        Thread g = goroutine(() -> {
            wg.await();
            returned.set(true);
        });
        awaitParked(g);
        assertFalse(returned.get());
        wg.done();
        eventually("new waiter released", returned::get);
    }

    @Test
    void interruptedAwaitThrowsKeepsStatusAndLeavesTheGroupIntact() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread g = goroutine(() -> {
            try {
                wg.await();
            } catch (Throwable t) {
                statusKept.set(Thread.currentThread().isInterrupted());
                thrown.set(t); // last: the test reads statusKept once it sees this
            }
        });
        awaitParked(g);
        g.interrupt();
        eventually("await threw", () -> thrown.get() != null);
        assertTrue(thrown.get() instanceof GoInterruptedException);
        assertEquals("sync: WaitGroup.await: interrupted", thrown.get().getMessage());
        assertTrue(statusKept.get());
        assertEquals(1, wg.count());
        // Another waiter still works, and done still releases it.
        AtomicBoolean returned = new AtomicBoolean();
        Thread g2 = goroutine(() -> {
            wg.await();
            returned.set(true);
        });
        awaitParked(g2);
        wg.done();
        eventually("second waiter returned", returned::get);
    }

    @Test
    void goRunsTaskAndCountsItEvenIfItThrows() {
        WaitGroup wg = new WaitGroup();
        wg.go(() -> {
            throw new IllegalArgumentException("expected by the test (logged as uncaught)");
        });
        wg.await();
        assertEquals(0, wg.count());
        assertEquals("WaitGroup[count=0]", wg.toString());
    }
}
