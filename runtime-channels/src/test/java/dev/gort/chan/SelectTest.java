package dev.gort.chan;

import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static dev.gort.chan.Select.send;
import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.go;
import static dev.gort.testing.Testing.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.testing.RestoresMaxProcs;
import dev.gort.testing.Testing.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Go's select semantics. */
@Timeout(60)
class SelectTest {

    @Test
    void receivesFromTheReadyCaseAndRunsItsHandler() {
        Chan<String> a = Chan.make(1);
        Chan<String> b = Chan.make(1);
        b.send("hi");
        AtomicReference<String> got = new AtomicReference<>();
        int i = select(recv(a, v -> got.set("a:" + v)), recv(b, v -> got.set("b:" + v)));
        assertEquals(1, i);
        assertEquals("b:hi", got.get());
        assertEquals(0, b.len());
    }

    @Test
    void sendCaseSendsAndRunsItsHandler() throws Throwable {
        Chan<Integer> out = Chan.make();
        Handle r = go(out::recv);
        eventually("receiver parked", () -> out.waitingReceivers() == 1);
        boolean[] ran = new boolean[1];
        int i = select(recv(Chan.<Integer>make()), send(out, 9, () -> ran[0] = true));
        assertEquals(1, i);
        assertTrue(ran[0]);
        assertEquals(9, r.join());
    }

    @Test
    void blocksUntilACaseBecomesReadyThenUnlinksTheOthers() throws Throwable {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Chan<Integer> c = Chan.make();
        Handle h = go(() -> {
            Integer[] got = new Integer[1];
            int i = select(recv(a, v -> got[0] = v), recv(b, v -> got[0] = v), send(c, 5));
            return i + ":" + got[0];
        });
        eventually("select parked on all", () -> a.waitingReceivers() == 1 && b.waitingReceivers() == 1
                && c.waitingSenders() == 1);
        b.send(42);
        assertEquals("1:42", h.join());
        assertEquals(0, a.waitingReceivers());
        assertEquals(0, c.waitingSenders());
        assertFalse(a.trySend(1), "the losing receive case left nothing behind");
        assertNull(c.tryRecv(), "the losing send case sent nothing");
    }

    @Test
    void otherwiseWhenNothingIsReady() {
        Chan<Integer> a = Chan.make();
        boolean[] ran = new boolean[1];
        assertEquals(0, select(otherwise(() -> ran[0] = true), recv(a)));
        assertTrue(ran[0]);
        a = Chan.make(1);
        a.send(1);
        assertEquals(1, select(otherwise(), recv(a)), "a ready case beats otherwise");
    }

    @Test
    void multipleOtherwiseRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> select(otherwise(), otherwise()));
        assertEquals("select: multiple otherwise cases", e.getMessage());
    }

    @Test
    void nilChannelCasesAreNeverReady() {
        Chan<Integer> nil = null;
        assertEquals(2, select(recv(nil), send(nil, 1), otherwise()));
        Chan<Integer> a = Chan.make(1);
        a.send(3);
        Integer[] got = new Integer[1];
        assertEquals(1, select(recv(nil, v -> got[0] = -1), recv(a, v -> got[0] = v)));
        assertEquals(3, got[0]);
    }

    @Test
    void recvOnClosedChannelIsReadyWithOkFalse() {
        Chan<Integer> a = Chan.make();
        a.close();
        Object[] got = new Object[2];
        assertEquals(0, select(recv(a, (v, ok) -> {
            got[0] = v;
            got[1] = ok;
        }), otherwise()));
        assertNull(got[0]);
        assertEquals(false, got[1]);
    }

    @Test
    void sendOnClosedChannelThrows() {
        Chan<Integer> a = Chan.make(1);
        a.close();
        ChanClosedException e = assertThrows(ChanClosedException.class, () -> select(send(a, 1), otherwise()));
        assertEquals("send on closed channel", e.getMessage());
    }

    // Racy on purpose (tag "racy": the race-detector run leaves it out): it closes a channel a
    // sender is parked on, to see the send throw; Go's race detector reports that close and send.
    @Tag("racy")
    @Test
    void closeWakesBlockedSelect() throws Throwable {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        Handle r = go(() -> {
            Object[] got = new Object[1];
            int i = select(recv(a), recv(b, (v, ok) -> got[0] = ok));
            return i + ":" + got[0];
        });
        eventually("parked", () -> b.waitingReceivers() == 1);
        b.close();
        assertEquals("1:false", r.join());

        Chan<Integer> c = Chan.make();
        Handle s = go(() -> select(recv(a), send(c, 1)));
        eventually("parked", () -> c.waitingSenders() == 1);
        c.close();
        Throwable t = s.failure();
        assertEquals(ChanClosedException.class, t.getClass());
        assertEquals("send on closed channel", t.getMessage());
        assertEquals(0, a.waitingReceivers());
    }

    /** Go's TestSelectFairness spirit: two always-ready cases, each wins about half. */
    @Test
    void uniformChoiceAmongReadyCases() {
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        a.close();
        b.close();
        int n = 10_000;
        int[] wins = new int[2];
        for (int i = 0; i < n; i++) {
            wins[select(recv(a), recv(b))]++;
        }
        double sd = Math.sqrt(n * 0.25); // binomial(n, 1/2)
        assertTrue(Math.abs(wins[0] - n / 2.0) < 10 * sd, "unfair: " + wins[0] + " vs " + wins[1]);
        // Also with buffered values always available, and three cases.
        Chan<Integer> c = Chan.make(1);
        int[] w3 = new int[3];
        for (int i = 0; i < n; i++) {
            c.trySend(0);
            w3[select(recv(a), recv(b), recv(c))]++;
            c.tryRecv();
        }
        double sd3 = Math.sqrt(n * (1 / 3.0) * (2 / 3.0));
        for (int k = 0; k < 3; k++) {
            assertTrue(Math.abs(w3[k] - n / 3.0) < 10 * sd3, "unfair among 3: " + java.util.Arrays.toString(w3));
        }
    }

    @Test
    void listForm() {
        List<Select.Case> cases = new ArrayList<>();
        Chan<Integer> a = Chan.make(1);
        a.send(1);
        cases.add(recv(Chan.<Integer>make()));
        cases.add(recv(a));
        assertEquals(1, select(cases));
    }

    @Test
    void sameChannelTwiceAndSendAndRecvOnOneChannel() throws Throwable {
        Chan<Integer> a = Chan.make();
        Handle h = go(() -> select(recv(a), recv(a), send(a, 1)));
        eventually("parked", () -> a.waitingReceivers() == 2 && a.waitingSenders() == 1);
        assertEquals(new Received<>(1, true), a.tryRecv());
        assertEquals(2, h.join());
        assertEquals(0, a.waitingReceivers());
    }

    @Test
    void handlersRunOutsideLocksAndMaySelectAgain() {
        Chan<Integer> a = Chan.make(1);
        a.send(1);
        int[] inner = new int[1];
        select(recv(a, v -> {
            // The handler uses the same channel again: it would deadlock if a's lock were held.
            a.send(v + 1);
            inner[0] = select(recv(a, w -> assertEquals(2, w)));
        }));
        assertEquals(0, inner[0]);
    }

    @Test
    void selectVersusSelectNeverDeadlocks() throws Throwable {
        // Two goroutines select over the same channels, listed in opposite orders: lock order by id.
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        int n = 20_000;
        Handle x = go(() -> pairSelects(n, a, b));
        Handle y = go(() -> pairSelects(n, b, a));
        long[] sx = (long[]) x.join();
        long[] sy = (long[]) y.join();
        // Every communication pairs a select of x with one of y: what one sent, the other received.
        assertEquals(sx[0], sy[1], "sum sent by x == sum received by y");
        assertEquals(sy[0], sx[1], "sum sent by y == sum received by x");
        assertEquals(n, sx[2] + sx[3]);
        assertEquals(sx[2], sy[3]);
        assertEquals(0, a.waitingSenders() + a.waitingReceivers() + b.waitingSenders() + b.waitingReceivers());
    }

    /** n selects of {send(out, i), recv(in)}; returns {sumSent, sumReceived, nSent, nReceived}. */
    private static long[] pairSelects(int n, Chan<Integer> out, Chan<Integer> in) {
        long[] r = new long[4];
        for (int i = 1; i <= n; i++) {
            int v = i;
            select(send(out, v, () -> {
                r[0] += v;
                r[2]++;
            }), recv(in, w -> {
                r[1] += w;
                r[3]++;
            }));
        }
        return r;
    }

    @Test
    void returningForm() throws Throwable {
        Chan<Integer> a = Chan.make(1);
        Chan<String> b = Chan.make();
        Select.Returning<String> sel = Select.<String>returning()
                .recv(a, v -> "a" + v)
                .recv(b, (v, ok) -> "b" + ok)
                .otherwise(() -> "idle");
        assertEquals("idle", sel.select());
        a.send(7);
        assertEquals("a7", sel.select());
        b.close();
        assertEquals("bfalse", sel.select());

        Chan<Integer> out = Chan.make();
        Handle r = go(out::recv);
        eventually("receiver parked", () -> out.waitingReceivers() == 1);
        String s = Select.<String>returning().send(out, 3, () -> "sent").select();
        assertEquals("sent", s);
        assertEquals(3, r.join());
    }

    @Test
    void timeoutWithAfter() {
        Chan<Integer> never = Chan.make();
        long t0 = System.nanoTime();
        String r = Select.<String>returning()
                .recv(never, v -> "value")
                .recv(Time.after(java.time.Duration.ofMillis(20)), t -> "timeout")
                .select();
        assertEquals("timeout", r);
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
        assertEquals(0, never.waitingReceivers());
    }

    /**
     * Go's runtime/chan_test.go TestPseudoRandomSend: 100 blocking selects of send(c, 1) / send(c, 0)
     * to a receiver that yields before each receive must deliver each value more than 10 times. With
     * cap 0 the receiver here waits until the select is blocked with both cases queued on c (what
     * Go's yield achieves on one P), so which case it completes is decided by the order the select
     * queued its cases in, which must be random too.
     */
    @Test
    void aBlockedSelectCompletesEitherOfTwoCasesOnOneChannelAtRandom() throws Throwable {
        int n = 100;
        for (int cap : new int[] {0, n}) {
            Chan<Integer> c = Chan.make(cap);
            int[] got = new int[n];
            Handle receiver = go(() -> {
                for (int i = 0; i < n; i++) {
                    dev.gort.Go.gosched();
                    if (cap == 0) {
                        eventually("both send cases queued", () -> c.waitingSenders() == 2);
                    }
                    got[i] = c.recv();
                }
                return null;
            });
            for (int i = 0; i < n; i++) {
                select(send(c, 1), send(c, 0));
            }
            receiver.join();
            int ones = 0;
            for (int v : got) {
                ones += v;
            }
            int zeros = n - ones;
            assertTrue(zeros > n / 10 && ones > n / 10,
                    "want pseudorandom, got " + zeros + " zeros and " + ones + " ones (chan cap " + cap + ")");
        }
    }

    /**
     * A select holding its first channel's lock while it waits for the second's keeps its carrier:
     * with one P, no other goroutine runs until it has all its locks. Were it to yield (a virtual
     * thread's yield leaves the carrier), the goroutine behind it would run while it still held the
     * first lock, and everyone wanting that lock would wait for a goroutine that is not running.
     */
    @Test
    @ExtendWith(RestoresMaxProcs.class)
    void aSelectWaitingForItsNextLockKeepsItsCarrier() throws Throwable {
        Go.maxProcs(1);
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        assertTrue(a.id < b.id, "lock order is creation order");
        // A platform thread holds the select's second lock until told to let go.
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofPlatform().start(() -> {
            b.lock.lock();
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                b.lock.unlock();
            }
        });
        AtomicBoolean behindRan = new AtomicBoolean();
        Handle selecting;
        try {
            await("the holder to take the lock", held);
            selecting = go(() -> {
                Integer[] got = new Integer[1];
                int i = select(recv(a, v -> got[0] = v), recv(b, v -> got[0] = v));
                return i + ":" + got[0];
            });
            eventually("the select holding its first lock", a.lock::isLocked);
            long handoffsBefore = Go.stats().handoffs();
            Go.go(() -> behindRan.set(true)); // queued behind the select on the only P
            // Watch for 3 ms. A select that yielded lets it run within microseconds of its spin
            // rounds; one that keeps its carrier lets nothing run until sysmon hands the P on (after
            // 10 ms of no switch), which the handoff count shows.
            long end = System.nanoTime() + 3_000_000;
            while (System.nanoTime() - end < 0 && !behindRan.get()) {
                Thread.onSpinWait();
            }
            assertFalse(behindRan.get() && Go.stats().handoffs() == handoffsBefore,
                    "a goroutine ran on the select's P while the select held a channel lock");
        } finally {
            release.countDown();
            join(holder);
        }
        eventually("the select parked on both channels", () -> b.waitingReceivers() == 1);
        eventually("the goroutine behind it ran", behindRan::get);
        b.send(7);
        assertEquals("1:7", selecting.join());
        assertEquals(0, a.waitingReceivers(), "the losing case was unlinked");
    }
}
