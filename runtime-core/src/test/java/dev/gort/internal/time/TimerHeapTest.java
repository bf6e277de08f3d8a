package dev.gort.internal.time;

import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.awaitCollected;
import static dev.gort.testing.Testing.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The timer heap directly: deadline order, and fire/cancel exclusivity. */
@Timeout(60)
class TimerHeapTest {

    static final class Probe extends TimerHeap.Node {
        final ConcurrentLinkedQueue<Probe> log;
        final AtomicInteger fires;
        volatile int ran;

        Probe(ConcurrentLinkedQueue<Probe> log, AtomicInteger fires) {
            this.log = log;
            this.fires = fires;
        }

        @Override
        protected void fire() {
            ran++; // timer thread only
            log.add(this);
            fires.incrementAndGet();
        }
    }

    @Test
    void firesOnceInDeadlineOrderAndCanceledNodesNever() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        firesInOrder(i -> rnd.nextLong(TimeUnit.MILLISECONDS.toNanos(30))); // shuffled deadlines
    }

    /**
     * Deadlines as timers of a few durations make them: each duration's deadlines increase, and the
     * streams interleave (the sorted run takes a stream's node while it extends the run, the heap the
     * others), with shuffled ones among them.
     */
    @Test
    void interleavedStreamsOfOneDurationEachFireInDeadlineOrder() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long us = TimeUnit.MICROSECONDS.toNanos(1);
        firesInOrder(i -> switch ((int) (i % 5)) {
            case 0, 1 -> i * us; // the dominant stream
            case 2 -> 5_000 * us + i * us / 2; // a later stream, growing more slowly
            case 3 -> i * us - 1_000 * us; // a shorter duration, interleaved with the dominant one
            default -> rnd.nextLong(30_000 * us); // shuffled
        });
        firesInOrder(i -> i * TimeUnit.MICROSECONDS.toNanos(1)); // one stream: the run alone
    }

    /** Adds 20,000 probes at {@code base + offset(i)}, cancels every other, checks the firing order. */
    private static void firesInOrder(java.util.function.LongUnaryOperator offset) {
        TimerHeap heap = TimerHeap.get();
        int n = 20_000;
        ConcurrentLinkedQueue<Probe> log = new ConcurrentLinkedQueue<>();
        AtomicInteger fires = new AtomicInteger();
        List<Probe> all = new ArrayList<>();
        // Deadlines start 300 ms out so that all are added before any is due: a timer added after
        // a later one fired is late, and would fire out of order legitimately.
        long base = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        for (int i = 0; i < n; i++) {
            Probe p = new Probe(log, fires);
            heap.add(p, base + offset.applyAsLong(i));
            all.add(p);
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(System.nanoTime() - base < 0,
                "adding 20,000 timers took over 300 ms (overloaded machine): order cannot be checked");
        boolean[] canceled = new boolean[n];
        int nCanceled = 0;
        for (int i = 0; i < n; i += 2) {
            canceled[i] = heap.cancel(all.get(i)); // false only if it already fired
            nCanceled += canceled[i] ? 1 : 0;
        }
        int due = n - nCanceled;
        if (!waitFor(() -> fires.get() >= due)) {
            fail("only " + fires.get() + " of " + due + " timers fired");
        }
        for (int i = 0; i < n; i++) {
            Probe p = all.get(i);
            assertEquals(canceled[i] ? 0 : 1, p.ran, "timer " + i + (canceled[i] ? " canceled" : ""));
            assertFalse(heap.cancel(p), "a fired or canceled timer cannot be canceled again");
        }
        long prev = Long.MIN_VALUE;
        boolean first = true;
        for (Probe p : log) {
            assertTrue(first || p.when() - prev >= 0, "fired out of deadline order");
            prev = p.when();
            first = false;
        }
        assertEquals(n - nCanceled, log.size());
    }

    @Test
    void oneShardPerFourCoresAsAPowerOfTwoUnlessSet() {
        assertEquals(1, TimerHeap.shardsFor(null, 1));
        assertEquals(1, TimerHeap.shardsFor(null, 2));
        assertEquals(1, TimerHeap.shardsFor(null, 7));
        assertEquals(2, TimerHeap.shardsFor(null, 8));
        assertEquals(4, TimerHeap.shardsFor(null, 16));
        assertEquals(4, TimerHeap.shardsFor(null, 31));
        assertEquals(16, TimerHeap.shardsFor(null, 64));
        assertEquals(64, TimerHeap.shardsFor(null, 1_000));
        assertEquals(1, TimerHeap.shardsFor("1", 64));
        assertEquals(8, TimerHeap.shardsFor(" 8 ", 2));
        assertEquals(64, TimerHeap.shardsFor("64", 2));
        for (String bad : new String[] {"0", "3", "-4", "128", "four", ""}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> TimerHeap.shardsFor(bad, 2), bad);
            assertEquals("gort.timers.shards=\"" + bad + "\" is not a power of two from 1 to 64", e.getMessage());
        }
    }

    /**
     * The count the deadlock detector reads (no timer pending means no wake-up coming) never drops
     * below the nodes pending throughout, while other threads add and cancel: size() reads the
     * removals before the adds, so a racing add-and-cancel can only make it count more.
     */
    @Test
    void aRacingCountNeverDropsBelowTheNodesPendingThroughout() throws Exception {
        int steady = 1_000;
        long far = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        List<Probe> held = new ArrayList<>();
        for (int i = 0; i < steady; i++) {
            Probe p = new Probe(new ConcurrentLinkedQueue<>(), new AtomicInteger());
            TimerHeap.get().add(p, far + i);
            held.add(p);
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread[] churn = new Thread[2];
        for (int t = 0; t < churn.length; t++) {
            churn[t] = new Thread(() -> {
                while (!stop.get()) {
                    Probe p = new Probe(new ConcurrentLinkedQueue<>(), new AtomicInteger());
                    TimerHeap.get().add(p, far);
                    TimerHeap.get().cancel(p);
                }
            });
            churn[t].start();
        }
        int min = Integer.MAX_VALUE;
        try {
            for (int i = 0; i < 200_000; i++) {
                min = Math.min(min, TimerHeap.pending());
            }
        } finally {
            stop.set(true);
            for (Thread t : churn) {
                t.join();
            }
            for (Probe p : held) {
                TimerHeap.get().cancel(p);
            }
        }
        assertTrue(min >= steady, "pending read as " + min + " with " + steady + " pending throughout");
    }

    /**
     * A P's heap moving its nodes to a shard while another thread cancels them: each canceled node
     * must be counted out of exactly the heap that counted it in, whichever side of the move the
     * cancel lands on, so that the P's heap ends at zero and the shard where it started. (The
     * deadlock detector reads the shards' counts: one left over there disables it for good.)
     */
    @Test
    void aCancelRacingAMoveFromAPsHeapLeavesEveryCountExact() throws Exception {
        TimerHeap shard = new TimerHeap("gort-timers-test"); // a shard no other test adds to
        long far = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
        int rounds = 3_000;
        int perRound = 32;
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        TimerHeap[] local = new TimerHeap[1];
        Probe[][] nodes = new Probe[1][];
        AtomicInteger canceled = new AtomicInteger();
        Thread canceler = new Thread(() -> {
            try {
                for (int r = 0; r < rounds; r++) {
                    start.await();
                    for (Probe p : nodes[0]) { // in deadline order, the order moveTo takes them
                        if (local[0].cancel(p)) {
                            canceled.incrementAndGet();
                        }
                    }
                    start.await();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        int shardBefore = shard.size();
        canceler.start();
        for (int r = 0; r < rounds; r++) {
            TimerHeap h = TimerHeap.newLocal();
            Probe[] ps = new Probe[perRound];
            for (int i = 0; i < perRound; i++) {
                ps[i] = new Probe(new ConcurrentLinkedQueue<>(), new AtomicInteger());
                h.add(ps[i], far + i);
            }
            local[0] = h;
            nodes[0] = ps;
            start.await(); // publishes local[0] and nodes[0] to the canceler
            h.moveTo(shard);
            start.await();
            assertTrue(h.size() >= 0, "a P's heap counted " + h.size() + " after its nodes moved (round " + r + ")");
        }
        canceler.join();
        assertEquals(rounds * perRound, canceled.get(), "every node was pending when canceled");
        assertEquals(shardBefore, shard.size(), "the shard's count after every node it was moved was canceled");
    }

    @Test
    void aNodeCanceledBeforeItWasAddedCannotBeAdded() {
        Probe p = new Probe(new ConcurrentLinkedQueue<>(), new AtomicInteger());
        assertTrue(TimerHeap.get().cancel(p));
        assertFalse(TimerHeap.get().cancel(p));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TimerHeap.get().add(p, System.nanoTime()));
        assertEquals(0, p.ran);
    }

    @Test
    void reusingANodeIsRejected() {
        TimerHeap heap = TimerHeap.get();
        Probe p = new Probe(new ConcurrentLinkedQueue<>(), new AtomicInteger());
        heap.add(p, System.nanoTime() + TimeUnit.HOURS.toNanos(1));
        try {
            heap.add(p, System.nanoTime());
            fail("expected IllegalStateException");
        } catch (IllegalStateException expected) {
            // single use
        }
        assertTrue(heap.cancel(p));
    }

    /** A node whose fire() runs the given action on the timer thread. */
    static final class Action extends TimerHeap.Node {
        final Runnable action;

        Action(Runnable action) {
            this.action = action;
        }

        @Override
        protected void fire() {
            action.run();
        }
    }

    /**
     * A node that stays in the heap must not keep the nodes added in the same batch reachable (they
     * were linked through the lock-free added-stack; fired long ago, each may hold a whole goroutine).
     */
    @Test
    void aLongTimerDoesNotKeepItsBatchReachable() {
        TimerHeap heap = TimerHeap.get();
        // Hold the timer thread inside a firing so the next additions pile up in one batch.
        CountDownLatch firing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        heap.add(new Action(() -> {
            firing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }), TimerHeap.deadline(0));
        await("the timer thread to be firing", firing);
        int n = 100;
        List<WeakReference<Object>> payloads = new ArrayList<>();
        CountDownLatch fired = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Object payload = new byte[1024];
            payloads.add(new WeakReference<>(payload));
            heap.add(new Action(() -> {
                if (payload.hashCode() == 42) { // keeps payload captured; never true in practice
                    Thread.onSpinWait();
                }
                fired.countDown();
            }), TimerHeap.deadline(0));
        }
        Action longTimer = new Action(() -> {});
        heap.add(longTimer, TimerHeap.deadline(TimeUnit.HOURS.toNanos(1))); // added last: on top of the batch
        release.countDown();
        await("100 timers to fire", fired);
        try {
            assertEquals(0, awaitCollected(payloads), "fired timers still reachable from a pending one");
        } finally {
            assertTrue(heap.cancel(longTimer));
        }
    }
}
