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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RWMutexTest {

    @Test
    void readersHoldTogether() {
        RWMutex rw = new RWMutex();
        int n = 8;
        CountDownLatch allIn = new CountDownLatch(n);
        Testing.Crew crew = new Testing.Crew(n);
        for (int i = 0; i < n; i++) {
            crew.goroutine(() -> {
                rw.rLock();
                try {
                    allIn.countDown();
                    // Only returns if all n readers hold the lock at once.
                    Testing.await("readers to hold the lock together", allIn);
                } finally {
                    rw.rUnlock();
                }
            });
        }
        crew.join();
        assertEquals(0, rw.readers());
    }

    @Test
    void writersExcludeEveryoneUnderAMixedLoad() {
        RWMutex rw = new RWMutex();
        AtomicInteger readersIn = new AtomicInteger();
        AtomicInteger writersIn = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        long[] plain = {0};
        Testing.Crew crew = new Testing.Crew(8);
        for (int g = 0; g < 8; g++) {
            boolean writer = g % 2 == 0;
            Runnable body = () -> {
                for (int i = 0; i < 20_000; i++) {
                    if (writer) {
                        rw.lock();
                        try {
                            if (writersIn.incrementAndGet() != 1 || readersIn.get() != 0) {
                                violations.incrementAndGet();
                            }
                            plain[0]++;
                            writersIn.decrementAndGet();
                        } finally {
                            rw.unlock();
                        }
                    } else {
                        rw.rLock();
                        try {
                            readersIn.incrementAndGet();
                            if (writersIn.get() != 0) {
                                violations.incrementAndGet();
                            }
                            readersIn.decrementAndGet();
                        } finally {
                            rw.rUnlock();
                        }
                    }
                }
            };
            if (g < 6) {
                crew.goroutine(body);
            } else {
                crew.platform(body);
            }
        }
        crew.join();
        assertEquals(0, violations.get());
        assertEquals(4 * 20_000, plain[0]);
        assertEquals("RWMutex[readers=0, writer=false, waitingWriters=0]", rw.toString());
    }

    /** Go's writer preference: a blocked writer stops new readers; it gets the lock before them. */
    @Test
    void aBlockedWriterStopsNewReaders() {
        RWMutex rw = new RWMutex();
        rw.rLock(); // reader 1 holds
        List<String> order = new CopyOnWriteArrayList<>();
        Thread w = goroutine(() -> {
            rw.lock();
            order.add("writer");
            rw.unlock();
        });
        awaitParked(w);
        assertEquals(1, rw.waitingWriters());
        assertFalse(rw.tryRLock(), "a new reader must not pass a waiting writer");
        Thread r2 = goroutine(() -> {
            rw.rLock();
            order.add("reader2");
            rw.rUnlock();
        });
        awaitParked(r2);
        assertTrue(order.isEmpty());
        rw.rUnlock(); // reader 1 leaves: the writer goes first, then reader 2
        eventually("both done", () -> order.size() == 2);
        assertEquals(List.of("writer", "reader2"), order);
    }

    /** Readers queued while a writer held the lock are not held back by a writer that came later. */
    @Test
    void readersQueuedBeforeAWaitingWriterGoFirst() {
        RWMutex rw = new RWMutex();
        rw.lock();
        List<String> order = new CopyOnWriteArrayList<>();
        Thread r = goroutine(() -> {
            rw.rLock();
            order.add("reader");
            rw.rUnlock();
        });
        awaitParked(r);
        Thread w = goroutine(() -> {
            rw.lock();
            order.add("writer2");
            rw.unlock();
        });
        awaitParked(w);
        rw.unlock();
        eventually("both done", () -> order.size() == 2);
        assertEquals(List.of("reader", "writer2"), order);
    }

    @Test
    void misuseThrowsGoMessagesAndChangesNothing() {
        RWMutex rw = new RWMutex();
        assertEquals("sync: RUnlock of unlocked RWMutex",
                assertThrows(IllegalStateException.class, rw::rUnlock).getMessage());
        assertEquals("sync: Unlock of unlocked RWMutex",
                assertThrows(IllegalStateException.class, rw::unlock).getMessage());
        rw.rLock();
        assertEquals("sync: Unlock of unlocked RWMutex",
                assertThrows(IllegalStateException.class, rw::unlock).getMessage());
        assertEquals(1, rw.readers());
        rw.rUnlock();
        rw.lock();
        assertEquals("sync: RUnlock of unlocked RWMutex",
                assertThrows(IllegalStateException.class, rw::rUnlock).getMessage());
        assertTrue(rw.writeLocked());
        rw.unlock();
        assertTrue(rw.tryLock());
        assertFalse(rw.tryLock());
        assertFalse(rw.tryRLock());
        rw.unlock();
    }

    @Test
    void unlockByAnotherGoroutineIsAllowed() {
        RWMutex rw = new RWMutex();
        rw.lock();
        Testing.Crew crew = new Testing.Crew(1);
        crew.goroutine(rw::unlock);
        crew.join();
        assertFalse(rw.writeLocked());
    }

    /** An interrupted writer withdraws, and the readers it was holding back get in. */
    @Test
    void interruptedWriterLetsHeldBackReadersIn() {
        RWMutex rw = new RWMutex();
        rw.rLock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean statusKept = new AtomicBoolean();
        Thread w = goroutine(() -> {
            try {
                rw.lock();
                rw.unlock();
            } catch (Throwable t) {
                statusKept.set(Thread.currentThread().isInterrupted());
                thrown.set(t); // last: the test reads statusKept once it sees this
            }
        });
        awaitParked(w);
        AtomicBoolean readerIn = new AtomicBoolean();
        Thread r2 = goroutine(() -> {
            rw.rLock();
            readerIn.set(true);
            rw.rUnlock();
        });
        awaitParked(r2);
        assertFalse(readerIn.get());
        w.interrupt();
        eventually("writer threw", () -> thrown.get() != null);
        assertTrue(thrown.get() instanceof GoInterruptedException);
        assertTrue(statusKept.get());
        eventually("held-back reader got in", readerIn::get);
        assertEquals(0, rw.waitingWriters());
        assertEquals(1, rw.readers());
        rw.rUnlock();
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    void interruptedReaderHoldsNothing() {
        RWMutex rw = new RWMutex();
        rw.lock();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread r = goroutine(() -> {
            try {
                rw.rLock();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        awaitParked(r);
        r.interrupt();
        eventually("reader threw", () -> thrown.get() != null);
        assertEquals("sync: RWMutex.rLock: interrupted", thrown.get().getMessage());
        rw.unlock();
        assertEquals(0, rw.readers());
        assertTrue(rw.tryLock());
        rw.unlock();
    }

    @Test
    void condOnTheReadLocker() {
        RWMutex rw = new RWMutex();
        Locker rl = rw.rLocker();
        rl.lock();
        assertEquals(1, rw.readers());
        rl.unlock();
        assertEquals(0, rw.readers());
    }
}
