package dev.gort.sync;

import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.goroutine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.GoInterruptedException;
import dev.gort.testing.Testing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CondTest {

    /** Starts a goroutine that waits once on c (under mu) and then records its id. */
    private static Thread waiter(Mutex mu, Cond c, int id, List<Integer> woke) {
        int before = c.waiters();
        Thread t = goroutine(() -> {
            mu.lock();
            try {
                c.await();
                woke.add(id);
            } finally {
                mu.unlock();
            }
        });
        eventually("waiter " + id + " queued", () -> c.waiters() == before + 1);
        return t;
    }

    @Test
    void signalWakesTheLongestWaiterFirst() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        List<Integer> woke = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 10; i++) {
            waiter(mu, c, i, woke);
        }
        for (int i = 0; i < 10; i++) {
            int expected = i + 1;
            c.signal(); // without holding mu, as Go allows
            eventually("one more woke", () -> woke.size() == expected);
        }
        List<Integer> inOrder = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            inOrder.add(i);
        }
        assertEquals(inOrder, woke);
        assertEquals(0, c.waiters());
    }

    @Test
    void broadcastWakesEveryoneWaitingAndNobodyLater() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        List<Integer> woke = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            waiter(mu, c, i, woke);
        }
        mu.lock();
        c.broadcast(); // with the lock held: they wake but queue for mu
        mu.unlock();
        eventually("all woke", () -> woke.size() == 20);
        Thread late = waiter(mu, c, 99, woke);
        assertEquals(1, c.waiters(), "a waiter arriving after the broadcast keeps waiting");
        assertFalse(woke.contains(99));
        c.signal();
        eventually("late waiter woke", () -> woke.contains(99));
        eventually("late waiter done", () -> late.getState() == Thread.State.TERMINATED);
    }

    @Test
    void signalWithNoWaiterIsNotRemembered() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        c.signal();
        c.broadcast();
        List<Integer> woke = new CopyOnWriteArrayList<>();
        waiter(mu, c, 1, woke);
        assertTrue(woke.isEmpty());
        c.signal();
        eventually("woke", () -> woke.size() == 1);
    }

    @Test
    void producerConsumerOverACond() {
        Mutex mu = new Mutex();
        Cond nonEmpty = new Cond(mu);
        java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>();
        AtomicInteger sum = new AtomicInteger();
        Testing.Crew consumers = new Testing.Crew(4);
        for (int k = 0; k < 4; k++) {
            consumers.goroutine(() -> {
                for (int i = 0; i < 5_000; i++) {
                    mu.lock();
                    try {
                        while (q.isEmpty()) {
                            nonEmpty.await();
                        }
                        sum.addAndGet(q.poll());
                    } finally {
                        mu.unlock();
                    }
                }
            });
        }
        Testing.Crew producers = new Testing.Crew(2);
        for (int p = 0; p < 2; p++) {
            producers.platform(() -> {
                for (int i = 0; i < 10_000; i++) {
                    mu.lock();
                    try {
                        q.add(1);
                    } finally {
                        mu.unlock();
                    }
                    nonEmpty.signal();
                }
            });
        }
        producers.join();
        consumers.join();
        assertEquals(20_000, sum.get());
    }

    @Test
    void awaitWithoutHoldingTheLockThrowsAndLeavesNoWaiter() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        IllegalStateException e = assertThrows(IllegalStateException.class, c::await);
        assertEquals("sync: unlock of unlocked mutex", e.getMessage());
        assertEquals(0, c.waiters());
    }

    @Test
    void interruptedAwaitThrowsWithTheLockHeldAndOtherWaitersKeepTheirPlace() {
        Mutex mu = new Mutex();
        Cond c = new Cond(mu);
        List<Integer> woke = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean heldWhenThrown = new AtomicBoolean();
        AtomicBoolean statusKept = new AtomicBoolean();
        int before = c.waiters();
        Thread victim = goroutine(() -> {
            mu.lock();
            try {
                c.await();
            } catch (Throwable t) {
                heldWhenThrown.set(mu.isLocked());
                statusKept.set(Thread.currentThread().isInterrupted());
                thrown.set(t); // last: the test reads the others once it sees this
            } finally {
                mu.unlock(); // must not throw: the lock is held again
            }
        });
        eventually("victim queued", () -> c.waiters() == before + 1);
        waiter(mu, c, 2, woke);
        victim.interrupt();
        eventually("victim threw", () -> thrown.get() != null);
        assertTrue(thrown.get() instanceof GoInterruptedException);
        assertEquals("sync: Cond.await: interrupted", thrown.get().getMessage());
        assertTrue(heldWhenThrown.get());
        assertTrue(statusKept.get());
        eventually("victim done", () -> victim.getState() == Thread.State.TERMINATED);
        assertEquals(1, c.waiters());
        c.signal(); // the remaining waiter gets it: no signal went to the departed victim
        eventually("waiter 2 woke", () -> woke.equals(List.of(2)));
    }

    @Test
    void waitsOnAnRWMutexReadLocker() {
        RWMutex rw = new RWMutex();
        Cond c = new Cond(rw.rLocker());
        AtomicBoolean woke = new AtomicBoolean();
        goroutine(() -> {
            rw.rLock();
            try {
                c.await();
                woke.set(true);
            } finally {
                rw.rUnlock();
            }
        });
        eventually("queued", () -> c.waiters() == 1);
        eventually("the waiter released its read lock while waiting", rw::tryLock);
        rw.unlock();
        c.broadcast();
        eventually("woke", woke::get);
    }
}
