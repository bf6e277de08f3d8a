package dev.gort.chan;

import static dev.gort.testing.Testing.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The buffered channel's lock-free ring ({@link Ring}): its operations against a model, and the
 * rule that its fast path runs only while nobody waits on the channel and it is open.
 */
@Timeout(60)
class RingTest {

    /** Fast and frozen operations in random order against a FIFO model, across many laps, with nulls. */
    @Test
    void fastAndFrozenOperationsKeepFifoOrderAcrossLaps() {
        Random rnd = new Random(42);
        for (int cap = 1; cap <= 7; cap++) {
            Ring r = new Ring(cap, true);
            ArrayDeque<Object> model = new ArrayDeque<>();
            int next = 0;
            for (int step = 0; step < 50_000; step++) {
                boolean frozen = rnd.nextBoolean();
                Object v = next % 5 == 0 ? null : next; // null elements travel too
                if (frozen) {
                    r.freeze();
                    assertFalse(r.offer("x"), "a frozen ring takes no lock-free send");
                    assertSame(Ring.NONE, r.poll(), "a frozen ring gives no lock-free receive");
                    assertEquals(model.size(), r.count());
                }
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        boolean room = model.size() < cap;
                        if (frozen) {
                            if (room) {
                                r.add(v);
                            }
                        } else {
                            assertEquals(room, r.offer(v), "offer at " + model.size() + " of " + cap);
                        }
                        if (room) {
                            model.add(box(v));
                            next++;
                        }
                    }
                    case 1 -> {
                        Object want = model.poll();
                        Object got = frozen ? (want == null ? Ring.NONE : r.remove()) : r.poll();
                        assertEquals(want == null ? Ring.NONE : unbox(want), got, "receive at step " + step);
                    }
                    default -> {
                        if (frozen && model.size() == cap) {
                            assertEquals(unbox(model.poll()), r.replaceHead(v));
                            model.add(box(v));
                            next++;
                        }
                    }
                }
                if (frozen) {
                    r.thaw();
                }
                assertEquals(model.size(), r.countHint());
            }
        }
    }

    private static final Object NULL = new Object();

    private static Object box(Object v) {
        return v == null ? NULL : v;
    }

    private static Object unbox(Object v) {
        return v == NULL ? null : v;
    }

    /** A goroutine waiting to receive freezes the ring until a send has reached it through the lock. */
    @Test
    void aWaitingReceiverKeepsTheRingFrozen() throws Exception {
        Chan<Integer> c = Chan.make(4);
        AtomicReference<Integer> got = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Go.go(() -> {
            got.set(c.recv());
            done.countDown();
        });
        eventually("receiver parked", () -> c.waitingReceivers() == 1);
        assertFalse(c.ring.offer(9), "with a receiver waiting, a send must not go into the ring");
        c.send(7); // the lock path: straight to the receiver
        done.await();
        assertEquals(7, got.get());
        assertEquals(0, c.len(), "the value went to the receiver, not the buffer");
        assertTrue(c.ring.offer(8), "nobody waits any more: the ring is thawed");
        assertEquals(8, c.recv());
    }

    /** A sender waiting on a full ring keeps it frozen; receives move its value in, in FIFO order. */
    @Test
    void aWaitingSenderKeepsTheRingFrozenAndItsPlaceInLine() throws Exception {
        Chan<Integer> c = Chan.make(2);
        c.send(1);
        c.send(2);
        CountDownLatch sent = new CountDownLatch(1);
        Go.go(() -> {
            c.send(3);
            sent.countDown();
        });
        eventually("sender parked", () -> c.waitingSenders() == 1);
        assertSame(Ring.NONE, c.ring.poll(), "with a sender waiting, a receive must take the lock path");
        assertFalse(c.trySend(4), "the buffer is full again once the waiting sender's value moves in");
        assertEquals(1, c.recv());
        sent.await();
        assertFalse(c.trySend(4), "3 took the freed slot before any later sender");
        assertEquals(2, c.recv());
        assertEquals(3, c.recv());
        assertTrue(c.trySend(4), "nobody waits: lock-free again");
        assertEquals(4, c.recv());
    }

    /** Close freezes the ring for good: the buffer still drains, sends throw. */
    @Test
    void closeFreezesTheRingForGood() {
        Chan<String> c = Chan.make(3);
        c.send("a");
        c.send(null);
        c.close();
        assertFalse(c.ring.offer("x"));
        assertSame(Ring.NONE, c.ring.poll());
        assertThrows(ChanClosedException.class, () -> c.send("b"));
        assertEquals(2, c.len());
        assertEquals("a", c.recv());
        Received<String> r = c.recvOk();
        assertTrue(r.ok(), "a null element is a value, not the close");
        assertNull(r.value());
        assertFalse(c.recvOk().ok());
        assertEquals(0, c.len());
    }

    /** A capacity beyond the fast layout's index works the same, through the lock only. */
    @Test
    void aHugeRingTakesTheLockOnly() {
        Chan<Integer> c = Chan.make(Ring.MAX_FAST_CAP + 1);
        assertFalse(c.ring.fast);
        for (int i = 0; i < 1000; i++) {
            c.send(i);
        }
        assertEquals(1000, c.len());
        assertEquals(Ring.MAX_FAST_CAP + 1, c.cap());
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, c.recv());
        }
        assertTrue(new Ring(Ring.MAX_FAST_CAP, true).offer(1), "the largest fast ring");
    }

    /**
     * Many senders and receivers on small rings, so that the fast path, waits on full and empty
     * rings and the lock path all mix: every value arrives exactly once, and each sender's values
     * arrive in the order sent.
     */
    @Test
    void concurrentSendersAndReceiversLoseNothingAndKeepEachSendersOrder() throws Exception {
        for (int cap : new int[] {1, 2, 3, 64}) {
            Chan<Long> c = Chan.make(cap);
            int senders = 4;
            int receivers = 4;
            int per = 50_000;
            CountDownLatch done = new CountDownLatch(senders + receivers);
            List<List<Long>> got = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                long base = (long) s << 32;
                Go.go(() -> {
                    for (int i = 0; i < per; i++) {
                        c.send(base | i);
                    }
                    done.countDown();
                });
            }
            for (int r = 0; r < receivers; r++) {
                List<Long> mine = new ArrayList<>();
                got.add(mine);
                Go.go(() -> {
                    for (int i = 0; i < senders * per / receivers; i++) {
                        mine.add(c.recv());
                    }
                    done.countDown();
                });
            }
            done.await();
            int[] count = new int[senders];
            for (List<Long> mine : got) {
                long[] last = {-1, -1, -1, -1};
                for (long v : mine) {
                    int s = (int) (v >>> 32);
                    int i = (int) v;
                    assertTrue(i > last[s], "sender " + s + "'s " + i + " after its " + last[s] + " (cap " + cap + ")");
                    last[s] = i;
                    count[s]++;
                }
            }
            assertArrayEquals(new int[] {per, per, per, per}, count, "cap " + cap);
            assertEquals(0, c.len());
        }
    }
}
