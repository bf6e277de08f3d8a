package dev.gort;

import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.join;
import static dev.gort.testing.Testing.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.testing.RestoresMaxProcs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RestoresMaxProcs.class)
class SchedulerBehaviourTest {
    /** Burns CPU for about {@code micros} without parking; returns a value so it is not optimised away. */
    static long spin(long micros) {
        long end = System.nanoTime() + micros * 1_000;
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        return x;
    }

    @Test
    void workStealingSpreadsCpuBoundTasksOverBothPs() {
        Go.maxProcs(2);
        SchedulerStats before = Go.stats();
        int n = 10_000;
        CountDownLatch done = new CountDownLatch(n);
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        AtomicLong sink = new AtomicLong();
        // Batches of 200 fit in the spawner's local ring (256), so nothing overflows to the global
        // queue: the idle P can get work only by stealing it. (Spawned all at once, most of the
        // 10,000 would overflow to the global queue and be fetched from there, not stolen.)
        int batch = 200;
        Go.go("spawner", () -> {
            for (int b = 0; b < n / batch; b++) {
                CountDownLatch batchDone = new CountDownLatch(batch);
                for (int i = 0; i < batch; i++) {
                    Go.go(() -> {
                        sink.addAndGet(spin(20));
                        carriers.add(carrierName());
                        batchDone.countDown();
                        done.countDown();
                    });
                }
                try {
                    batchDone.await();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        join("10,000 CPU-bound tasks", done);
        SchedulerStats after = Go.stats();
        assertTrue(after.steals() > before.steals(), "no steals: " + before + " -> " + after);
        for (int p = 0; p < 2; p++) {
            long ran = after.procs().get(p).runs() - before.procs().get(p).runs();
            assertTrue(ran > 0, "P" + p + " ran nothing: " + after);
        }
        assertTrue(carriers.size() >= 2, "ran on " + carriers);
    }

    /** The carrier's name, read from the virtual thread's toString ("VirtualThread[#id]/runnable@gort-m-2"). */
    static String carrierName() {
        String s = Thread.currentThread().toString();
        return s.substring(s.indexOf('@') + 1);
    }

    @Test
    void sysmonHandsOffAPStuckInACpuBoundGoroutine() {
        Go.maxProcs(1);
        CountDownLatch spinning = new CountDownLatch(1);
        AtomicLong spinStart = new AtomicLong();
        AtomicLong spinEnd = new AtomicLong();
        AtomicLong otherRan = new AtomicLong();
        CountDownLatch done = new CountDownLatch(2);
        Go.go("hog", () -> {
            spinStart.set(System.nanoTime());
            spinning.countDown();
            spin(200_000); // 200 ms without parking or yielding
            spinEnd.set(System.nanoTime());
            done.countDown();
        });
        await("the hog to spin", spinning);
        long handoffsBefore = Go.stats().handoffs();
        long started = System.nanoTime();
        Go.go("other", () -> {
            otherRan.set(System.nanoTime());
            done.countDown();
        });
        join("the hog and the other goroutine", done);
        long latencyMillis = (otherRan.get() - started) / 1_000_000;
        assertTrue(otherRan.get() < spinEnd.get(), "the other goroutine waited for the hog to finish");
        assertTrue(latencyMillis < 50, "the other goroutine ran " + latencyMillis + " ms after it started");
        assertTrue(Go.stats().handoffs() > handoffsBefore);
    }

    @Test
    void shrinkingGomaxprocsWhileQueuesAreFullLosesNoGoroutine() throws InterruptedException {
        Go.maxProcs(4);
        int spawners = 4;
        int perSpawner = 50_000;
        CountDownLatch done = new CountDownLatch(spawners * perSpawner);
        AtomicLong sum = new AtomicLong();
        CountDownLatch spawnersStarted = new CountDownLatch(spawners);
        for (int s = 0; s < spawners; s++) {
            int base = s * perSpawner;
            Go.go(() -> {
                spawnersStarted.countDown();
                for (int i = 0; i < perSpawner; i++) {
                    int v = base + i;
                    Go.go(() -> {
                        sum.addAndGet(v);
                        spin(1);
                        done.countDown();
                    });
                }
            });
        }
        await("the spawners to start", spawnersStarted);
        // Resize back and forth while the local queues are full of goroutines.
        int[] sizes = {1, 3, 1, 2, 4, 1, 2, 1};
        int k = 0;
        while (done.getCount() > 0 && k < 400) {
            Go.maxProcs(sizes[k++ % sizes.length]);
            Thread.onSpinWait();
            if (k % 8 == 0) {
                Go.maxProcs(1); // mostly small, so queues overflow and are retired
            }
            done.await(1, TimeUnit.MILLISECONDS);
        }
        Go.maxProcs(2);
        join("200,000 goroutines (lost ones?)", done);
        long n = (long) spawners * perSpawner;
        assertEquals(n * (n - 1) / 2, sum.get(), "each ran exactly once");
    }

    @Test
    void maxProcsQueriesSetsAndValidates() {
        int before = Go.maxProcs();
        int old = Go.maxProcs(3);
        assertEquals(before, old);
        assertEquals(3, Go.maxProcs());
        assertEquals(3, Go.maxProcs(0), "n < 1 only queries");
        assertEquals(3, Go.maxProcs(-5));
        assertEquals(3, Go.stats().procs().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Go.maxProcs(5000));
        assertTrue(e.getMessage().contains("5000"), e.getMessage());
        assertEquals(3, Go.maxProcs());
    }

    @Test
    void uncaughtExceptionGoesToTheDefaultHandlerAndTheRuntimeGoesOn() {
        Thread.UncaughtExceptionHandler saved = Thread.getDefaultUncaughtExceptionHandler();
        AtomicReference<Throwable> seen = new AtomicReference<>();
        AtomicReference<String> seenName = new AtomicReference<>();
        CountDownLatch handled = new CountDownLatch(1);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            seenName.set(t.getName());
            seen.set(e);
            handled.countDown();
        });
        try {
            IllegalStateException boom = new IllegalStateException("boom");
            Go.go("thrower", () -> {
                throw boom;
            });
            await("the default handler", handled);
            assertSame(boom, seen.get());
            assertEquals("thrower", seenName.get());
            CountDownLatch after = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) {
                Go.go(after::countDown);
            }
            join("1000 goroutines after an uncaught exception (runtime stopped?)", after);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(saved);
        }
    }

    /** Waits (bounded) for goroutines of earlier tests to finish; returns the count that remains. */
    static int quietGoroutineCount() {
        waitFor(() -> Go.numGoroutine() == 0);
        return Go.numGoroutine();
    }

    @Test
    void numGoroutineCountsLiveGoroutines() {
        int base = quietGoroutineCount();
        int n = 100;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch ended = new CountDownLatch(n);
        try {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ended.countDown();
                });
            }
            await("100 goroutines to start", started);
            assertTrue(Go.numGoroutine() >= n, "live: " + Go.numGoroutine());
        } finally {
            release.countDown();
        }
        join("100 goroutines to end", ended);
        // the count drops as each body returns; wait for the last decrements without sleeping
        waitFor(() -> Go.numGoroutine() <= base);
        assertTrue(Go.numGoroutine() <= base, "live after all ended: " + Go.numGoroutine() + ", before: " + base);
    }

    @Test
    void readiesFromEveryKindOfCallerAreRun() throws Exception {
        Go.maxProcs(2);
        // 1. unpark from a platform thread; 2. the JDK's timer thread (sleep); 3. a nested
        //    Thread.ofVirtual() inherits the scheduler; 4. yields; 5. a j.u.c handoff.
        AtomicReference<Thread> parked = new AtomicReference<>();
        AtomicInteger flag = new AtomicInteger();
        CountDownLatch woke = new CountDownLatch(1);
        Go.go(() -> {
            parked.set(Thread.currentThread());
            while (flag.get() == 0) {
                LockSupport.park();
            }
            woke.countDown();
        });
        eventually("the goroutine to start", () -> parked.get() != null);
        flag.set(1);
        LockSupport.unpark(parked.get());
        await("the goroutine unparked by a platform thread", woke);

        CountDownLatch slept = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            Go.go(() -> {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slept.countDown();
            });
        }
        join("100 sleepers", slept);

        AtomicReference<String> nestedCarrier = new AtomicReference<>();
        CountDownLatch nested = new CountDownLatch(1);
        Go.go(() -> Thread.ofVirtual().start(() -> {
            nestedCarrier.set(carrierName());
            nested.countDown();
        }));
        await("the nested virtual thread", nested);
        assertTrue(nestedCarrier.get().startsWith("gort-m-"), "nested virtual thread ran on " + nestedCarrier.get());

        int yielders = 8;
        int yields = 1000;
        AtomicLong yieldCount = new AtomicLong();
        CountDownLatch yielded = new CountDownLatch(yielders);
        for (int i = 0; i < yielders; i++) {
            Go.go(() -> {
                for (int j = 0; j < yields; j++) {
                    Go.gosched();
                    yieldCount.incrementAndGet();
                }
                yielded.countDown();
            });
        }
        join("8 yielders", yielded);
        assertEquals((long) yielders * yields, yieldCount.get());

        SynchronousQueue<Integer> q = new SynchronousQueue<>();
        List<Integer> got = new ArrayList<>();
        CountDownLatch consumed = new CountDownLatch(1);
        Go.go(() -> {
            try {
                for (int i = 0; i < 1000; i++) {
                    got.add(q.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumed.countDown();
        });
        Go.go(() -> {
            try {
                for (int i = 0; i < 1000; i++) {
                    q.put(i);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        join("the consumer of 1000 handoffs", consumed);
        assertEquals(1000, got.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    void aGoroutineReadiedByOneThatRunsOnIsTakenByAnotherP() {
        // A ready into runnext with nothing else queued wakes no M (the readier usually parks next);
        // when the readier runs on instead, sysmon must get another M to the readied goroutine.
        Go.maxProcs(2);
        AtomicReference<Thread> sleeper = new AtomicReference<>();
        AtomicReference<String> sleeperCarrier = new AtomicReference<>();
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger go = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2);
        Go.go("sleeper", () -> {
            sleeper.set(Thread.currentThread());
            while (go.get() == 0) {
                LockSupport.park();
            }
            sleeperCarrier.set(carrierName());
            ran.set(1);
            done.countDown();
        });
        eventually("the sleeper to park", () -> sleeper.get() != null
                && sleeper.get().getState() == Thread.State.WAITING);
        AtomicReference<String> readierCarrier = new AtomicReference<>();
        AtomicInteger sawRunWhileSpinning = new AtomicInteger();
        Go.go("readier", () -> {
            readierCarrier.set(carrierName());
            go.set(1);
            LockSupport.unpark(sleeper.get()); // into this P's runnext, no wake-up
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            long sink = 0;
            while (ran.get() == 0 && System.nanoTime() < end) {
                sink += spin(10); // runs on without parking
            }
            sawRunWhileSpinning.set(ran.get() == 1 && sink != 42 ? 1 : 0);
            done.countDown();
        });
        join("the readier and the sleeper", done);
        assertEquals(1, sawRunWhileSpinning.get(), "the readied goroutine waited for its readier to stop");
        assertFalse(sleeperCarrier.get().equals(readierCarrier.get()),
                "both ran on " + sleeperCarrier.get());
    }

    @Test
    void aHandoffPairDoesNotStarveOtherGoroutinesOnItsP() {
        // A ping-pong pair passes its time slice back and forth through runnext; sysmon must end the
        // slice after 10 ms so a goroutine queued behind them still runs.
        Go.maxProcs(1);
        AtomicInteger turn = new AtomicInteger();
        Thread[] pair = new Thread[2];
        CountDownLatch ready = new CountDownLatch(2);
        AtomicInteger stop = new AtomicInteger();
        CountDownLatch pairDone = new CountDownLatch(2);
        for (int s = 0; s < 2; s++) {
            int me = s;
            Go.go(() -> {
                pair[me] = Thread.currentThread();
                ready.countDown();
                try {
                    ready.await();
                } catch (InterruptedException e) {
                    return;
                }
                while (stop.get() == 0) {
                    while (turn.get() != me && stop.get() == 0) {
                        LockSupport.park();
                    }
                    turn.set(1 - me);
                    LockSupport.unpark(pair[1 - me]);
                }
                LockSupport.unpark(pair[1 - me]);
                pairDone.countDown();
            });
        }
        await("the pair to start", ready);
        CountDownLatch bystander = new CountDownLatch(1);
        Go.go(bystander::countDown);
        try {
            await("a goroutine behind a ping-pong pair to run", bystander);
        } finally {
            stop.set(1);
            for (Thread t : pair) {
                LockSupport.unpark(t);
            }
        }
        join("the pair", pairDone);
    }

    @Test
    void aYieldGoesBehindEveryGoroutineQueuedOnItsP() {
        // 100 goroutines queued on the only P, the global queue empty: the yielder comes back only
        // after all of them. From the global queue it would be taken at the next 61st schedule.
        Go.maxProcs(1);
        int n = 100;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger seenAfterYield = new AtomicInteger(-1);
        CountDownLatch done = new CountDownLatch(n + 1);
        Go.go("yielder", () -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    ran.incrementAndGet();
                    done.countDown();
                });
            }
            Go.gosched();
            seenAfterYield.set(ran.get());
            done.countDown();
        });
        join("the yielder and its goroutines", done);
        assertEquals(n, seenAfterYield.get(), "goroutines run before the yielder came back");
    }

    @Test
    void aYieldDoesNotOvertakeGlobalWork() {
        // Goroutines queued on the P and one in the global queue (started from this platform
        // thread): the yielder goes behind both.
        Go.maxProcs(1);
        int n = 10;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger globalRan = new AtomicInteger();
        AtomicInteger yielderStarted = new AtomicInteger();
        AtomicInteger globalQueued = new AtomicInteger();
        AtomicReference<String> seenAfterYield = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(n + 2);
        Go.go("yielder", () -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    ran.incrementAndGet();
                    done.countDown();
                });
            }
            yielderStarted.set(1);
            while (globalQueued.get() == 0) {
                Thread.onSpinWait(); // holds the only P, so nothing queued runs meanwhile
            }
            Go.gosched();
            seenAfterYield.set(ran.get() + " local, " + globalRan.get() + " global");
            done.countDown();
        });
        eventually("the yielder to queue its goroutines", () -> yielderStarted.get() == 1);
        Go.go(() -> {
            globalRan.incrementAndGet();
            done.countDown();
        });
        globalQueued.set(1);
        join("the yielder and the goroutines", done);
        assertEquals(n + " local, 1 global", seenAfterYield.get());
    }

    @Test
    void goroutinesAreNamedVirtualThreads() {
        AtomicReference<Thread> self = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Go.go("worker-7", () -> {
            self.set(Thread.currentThread());
            done.countDown();
        });
        await("worker-7 to run", done);
        assertNotNull(self.get());
        assertTrue(self.get().isVirtual());
        assertEquals("worker-7", self.get().getName());
        assertThrows(NullPointerException.class, () -> Go.go(null));
        assertThrows(NullPointerException.class, () -> Go.go(null, () -> {}));
        Set<Long> ids = new HashSet<>();
        assertFalse(ids.contains(self.get().threadId()));
    }
    /**
     * A goroutine's timers live on the P it runs on, and that P's M runs them between goroutines. A
     * goroutine that starts a timer and then runs on without a switch keeps its M from doing so:
     * sysmon hands the P's timers to a timer thread, which fires this one while the goroutine spins.
     */
    @Test
    void aTimerOnAPWhoseGoroutineNeverSwitchesStillFires() {
        Go.maxProcs(2);
        java.util.concurrent.atomic.AtomicBoolean fired = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong spunMillis = new AtomicLong(-1);
        CountDownLatch done = new CountDownLatch(1);
        Go.go("spinner", () -> {
            dev.gort.internal.time.TimerHeap.get().add(new dev.gort.internal.time.TimerHeap.Node() {
                @Override
                protected void fire() {
                    fired.set(true);
                }
            }, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
            long t0 = System.nanoTime();
            while (!fired.get() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10)) {
                Thread.onSpinWait();
            }
            spunMillis.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            done.countDown();
        });
        await(done);
        assertTrue(fired.get() && spunMillis.get() < 5_000,
                "the timer fired only after the goroutine gave up, after " + spunMillis.get() + " ms");
    }
}
