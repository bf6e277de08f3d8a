package dev.gort.sync;

import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.goroutine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.GoInterruptedException;
import dev.gort.testing.Testing;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The timed forms: WaitGroup.await(Duration), Semaphore.tryAcquire(n, Duration),
 * Mutex.tryLock(Duration). A wait that runs out of time leaves the structure exactly as it was.
 */
@Timeout(60)
class TimedWaitsTest {
    private static final Duration SHORT = Duration.ofMillis(20);
    private static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void waitGroupAwaitTimesOutThenStillWorks() {
        WaitGroup wg = new WaitGroup();
        assertTrue(wg.await(SHORT), "a zero counter: at once");
        wg.add(1);
        assertFalse(wg.await(SHORT));
        assertFalse(wg.await(Duration.ZERO));
        assertEquals(1, wg.count(), "the counter is untouched");
        AtomicReference<Object> r = new AtomicReference<>();
        Thread t = goroutine(() -> r.set(wg.await(LONG)));
        Testing.awaitParked(t);
        wg.done();
        eventually("timed await returned", () -> r.get() != null);
        assertEquals(true, r.get());
        wg.await();
    }

    @Test
    void waitGroupTimedAwaitIsInterruptible() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = goroutine(() -> {
            try {
                wg.await(LONG);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        Testing.awaitParked(t);
        t.interrupt();
        eventually("threw", () -> thrown.get() != null);
        assertTrue(thrown.get() instanceof GoInterruptedException, thrown.get().toString());
        wg.done();
        wg.await();
    }

    @Test
    void semaphoreTryAcquireTimesOutHoldingNothing() {
        Semaphore sem = new Semaphore(2);
        sem.acquire(2);
        assertFalse(sem.tryAcquire(1, SHORT));
        assertEquals(0, sem.waiters());
        assertEquals(2, sem.held());
        assertFalse(sem.tryAcquire(3, LONG), "more than the size: false at once, as in Go");
        sem.release(2);
        assertTrue(sem.tryAcquire(2, SHORT));
        assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(-1, SHORT));
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> sem.tryAcquire(1, null)).getMessage());
    }

    @Test
    void semaphoreTimedOutFrontWaiterLetsTheOnesBehindIn() {
        Semaphore sem = new Semaphore(4);
        sem.acquire(3);
        AtomicReference<Boolean> big = new AtomicReference<>();
        AtomicReference<Boolean> small = new AtomicReference<>();
        goroutine(() -> big.set(sem.tryAcquire(4, Duration.ofSeconds(1))));
        eventually("big queued", () -> sem.waiters() == 1);
        goroutine(() -> small.set(sem.tryAcquire(1, LONG)));
        eventually("small queued behind big", () -> sem.waiters() == 2);
        // 1 unit is free, but FIFO holds small behind big until big gives up.
        eventually("big gave up", () -> big.get() != null);
        assertFalse(big.get());
        eventually("small got in", () -> small.get() != null);
        assertTrue(small.get());
        assertEquals(4, sem.held());
        assertEquals(0, sem.waiters());
    }

    @Test
    void semaphoreTimedAcquireGrantedInTime() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        AtomicReference<Boolean> got = new AtomicReference<>();
        goroutine(() -> got.set(sem.tryAcquire(1, LONG)));
        eventually("queued", () -> sem.waiters() == 1);
        sem.release(1);
        eventually("granted", () -> got.get() != null);
        assertTrue(got.get());
        assertEquals(1, sem.held());
    }

    @Test
    void mutexTryLockWithTimeout() {
        Mutex mu = new Mutex();
        assertTrue(mu.tryLock(SHORT));
        assertFalse(mu.tryLock(SHORT), "held: times out");
        assertFalse(mu.tryLock(Duration.ZERO));
        AtomicReference<Boolean> got = new AtomicReference<>();
        Thread t = goroutine(() -> got.set(mu.tryLock(LONG)));
        Testing.awaitParked(t);
        mu.unlock();
        eventually("locked in time", () -> got.get() != null);
        assertTrue(got.get());
        assertTrue(mu.isLocked());
        mu.unlock();
        assertFalse(mu.hasQueuedThreads());
    }
}
