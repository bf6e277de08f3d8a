package dev.gort.sync;

import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.goroutine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.GoInterruptedException;
import dev.gort.internal.park.CancelSignal;
import dev.gort.sync.internal.SyncAccess;
import dev.gort.testing.Testing;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SemaphoreTest {

    @Test
    void boundsConcurrency() {
        Semaphore sem = new Semaphore(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        Testing.Crew crew = new Testing.Crew(20);
        for (int i = 0; i < 20; i++) {
            crew.goroutine(() -> {
                for (int k = 0; k < 500; k++) {
                    sem.acquire(1);
                    try {
                        int now = inside.incrementAndGet();
                        max.accumulateAndGet(now, Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                    } finally {
                        sem.release(1);
                    }
                }
            });
        }
        crew.join();
        assertTrue(max.get() <= 3, "max inside " + max.get());
        assertEquals(0, sem.held());
    }

    /** FIFO: a large acquire at the front holds back later small ones, so it is not starved. */
    @Test
    void aLargeAcquireIsNotStarvedBySmallOnes() {
        Semaphore sem = new Semaphore(10);
        sem.acquire(5);
        List<String> order = new CopyOnWriteArrayList<>();
        goroutine(() -> {
            sem.acquire(10);
            order.add("big");
            sem.release(10);
        });
        eventually("big queued", () -> sem.waiters() == 1);
        // 5 units are free, but a small newcomer must not jump the queue.
        assertFalse(sem.tryAcquire(1));
        goroutine(() -> {
            sem.acquire(1);
            order.add("small");
            sem.release(1);
        });
        eventually("small queued", () -> sem.waiters() == 2);
        sem.release(5);
        eventually("both done", () -> order.size() == 2);
        assertEquals(List.of("big", "small"), order);
        assertEquals(0, sem.held());
    }

    @Test
    void releaseGrantsWaitersFromTheFrontWhileTheyFit() {
        Semaphore sem = new Semaphore(4);
        sem.acquire(4);
        List<Integer> got = new CopyOnWriteArrayList<>();
        for (int w : new int[] {1, 2, 3}) {
            int before = sem.waiters();
            goroutine(() -> {
                sem.acquire(w);
                got.add(w);
            });
            eventually("queued", () -> sem.waiters() == before + 1);
        }
        sem.release(3); // 1 and 2 fit (3 units), 3 does not: it stays first
        eventually("two granted", () -> got.size() == 2);
        // Which waiters were granted is the semaphore's decision; in which order the two woken
        // goroutines then run their next line is the scheduler's (a fresh-clone run saw [2, 1]).
        assertEquals(Set.of(1, 2), Set.copyOf(got));
        assertEquals(2, got.size());
        assertEquals(1, sem.waiters());
        sem.release(1); // our last unit: held = 1 + 2 = 3, free 1 < 3: waiter 3 keeps waiting
        assertEquals(1, sem.waiters());
        assertEquals(3, sem.held());
        sem.release(1 + 2); // as if the two granted goroutines released theirs
        eventually("three granted", () -> got.size() == 3);
        assertEquals(3, sem.held());
    }

    @Test
    void badInputThrowsClearExceptionsAndChangesNothing() {
        assertEquals("semaphore: negative size -1",
                assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1)).getMessage());
        Semaphore sem = new Semaphore(2);
        assertEquals("semaphore: negative weight -1",
                assertThrows(IllegalArgumentException.class, () -> sem.acquire(-1)).getMessage());
        assertEquals("semaphore: negative weight -1",
                assertThrows(IllegalArgumentException.class, () -> sem.tryAcquire(-1)).getMessage());
        assertEquals("semaphore: negative weight -1",
                assertThrows(IllegalArgumentException.class, () -> sem.release(-1)).getMessage());
        assertEquals("semaphore: acquire of 3 units exceeds the size 2 (it would block forever)",
                assertThrows(IllegalArgumentException.class, () -> sem.acquire(3)).getMessage());
        assertFalse(sem.tryAcquire(3));
        assertEquals("semaphore: released more than held",
                assertThrows(IllegalStateException.class, () -> sem.release(1)).getMessage());
        sem.acquire(1);
        assertEquals("semaphore: released more than held",
                assertThrows(IllegalStateException.class, () -> sem.release(2)).getMessage());
        assertEquals(1, sem.held());
        assertEquals("Semaphore[held=1/2, waiters=0]", sem.toString());
        sem.acquire(0); // a zero weight is fine, as in Go
        sem.release(1);
    }

    @Test
    void interruptedWaiterLeavesAndLetsTheNextOneIn() {
        Semaphore sem = new Semaphore(4);
        sem.acquire(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread big = goroutine(() -> {
            try {
                sem.acquire(4);
            } catch (Throwable t) {
                statusKept.set(Thread.currentThread().isInterrupted());
                thrown.set(t); // last: the test reads statusKept once it sees this
            }
        });
        eventually("big queued", () -> sem.waiters() == 1);
        AtomicBoolean smallGot = new AtomicBoolean();
        goroutine(() -> {
            sem.acquire(2);
            smallGot.set(true);
        });
        eventually("small queued behind big", () -> sem.waiters() == 2);
        assertFalse(smallGot.get());
        big.interrupt();
        eventually("big threw", () -> thrown.get() != null);
        assertTrue(thrown.get() instanceof GoInterruptedException);
        assertEquals("semaphore: acquire: interrupted", thrown.get().getMessage());
        assertTrue(statusKept.get());
        // big was at the front, holding small back: leaving lets small in.
        eventually("small got in", smallGot::get);
        assertEquals(4, sem.held());
        assertEquals(0, sem.waiters());
    }

    /** The hook the context module builds Semaphores.acquire(ctx, sem, n) on. */
    @Test
    void cancellableAcquireHook() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        AtomicBoolean canceled = new AtomicBoolean();
        AtomicReference<Runnable> wakeup = new AtomicReference<>();
        AtomicBoolean unregistered = new AtomicBoolean();
        CancelSignal signal = new CancelSignal() {
            @Override
            public boolean isCanceled() {
                return canceled.get();
            }

            @Override
            public Runnable onCancel(Runnable w) {
                wakeup.set(w);
                return () -> unregistered.set(true);
            }
        };
        AtomicReference<Boolean> result = new AtomicReference<>();
        goroutine(() -> result.set(SyncAccess.get().acquire(sem, 1, signal)));
        eventually("queued", () -> sem.waiters() == 1 && wakeup.get() != null);
        canceled.set(true);
        wakeup.get().run();
        eventually("returned", () -> result.get() != null);
        assertFalse(result.get());
        assertTrue(unregistered.get());
        assertEquals(0, sem.waiters());
        assertEquals(1, sem.held());
        // Already canceled: fails even though the semaphore is free (Go's rule).
        sem.release(1);
        assertFalse(SyncAccess.get().acquire(sem, 1, signal));
        canceled.set(false);
        assertTrue(SyncAccess.get().acquire(sem, 1, signal));
        assertEquals(1, sem.held());
    }
}
