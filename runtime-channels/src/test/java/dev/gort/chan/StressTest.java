package dev.gort.chan;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static dev.gort.chan.Select.send;
import static dev.gort.testing.Testing.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gort.GoInterruptedException;
import dev.gort.testing.Testing.Handle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 8 producers x 8 consumers over one channel (cap 0, 1, 1024) and through select-based routers,
 * with and without random interrupts. Every value carries a unique id; the test checks that every
 * value whose send returned normally was received exactly once, and nothing else was.
 */
@Timeout(120)
class StressTest {
    private static final int PRODUCERS = 8;
    private static final int CONSUMERS = 8;
    private static final int PER_PRODUCER = 10_000;

    /** Bookkeeping shared by a run. */
    private static final class Ledger {
        final AtomicIntegerArray sent = new AtomicIntegerArray(PRODUCERS * PER_PRODUCER);
        final AtomicIntegerArray received = new AtomicIntegerArray(PRODUCERS * PER_PRODUCER);
        final AtomicLong interruptedOps = new AtomicLong();
        final AtomicLong interruptsIssued = new AtomicLong();
        final AtomicLong sentSum = new AtomicLong();
        final AtomicLong receivedSum = new AtomicLong();

        void gotValue(int v) {
            if (received.getAndIncrement(v) != 0) {
                fail("value " + v + " received twice");
            }
            receivedSum.addAndGet(v);
        }

        void check() {
            long sentCount = 0;
            for (int v = 0; v < sent.length(); v++) {
                assertEquals(sent.get(v), received.get(v), "value " + v + ": sent " + sent.get(v)
                        + " times, received " + received.get(v));
                sentCount += sent.get(v);
            }
            assertEquals(sentSum.get(), receivedSum.get());
            assertTrue(sentCount > 0);
        }
    }

    /** Threads of the running workers, for interrupts; null entries are not running. */
    private static volatile AtomicReferenceArray<Thread> victims;
    private static final AtomicLong INTERRUPTED_TOTAL = new AtomicLong();

    /** With interrupts on, every 32nd operation of a worker interrupts a random worker. */
    private static void maybeInterruptSomeone(Ledger l, int i) {
        AtomicReferenceArray<Thread> vs = victims;
        if (vs != null && (i & 31) == 0) {
            Thread t = vs.get(ThreadLocalRandom.current().nextInt(vs.length()));
            if (t != null && t != Thread.currentThread()) {
                t.interrupt();
                l.interruptsIssued.incrementAndGet();
            }
        }
    }

    @AfterAll
    static void interruptsReallyHitBlockedOperations() {
        // Per run this depends on timing; over all interrupt runs it must have happened.
        assertTrue(INTERRUPTED_TOTAL.get() > 0, "some blocked operation was interrupted");
    }

    /** Sends this producer's ids; an interrupted send is counted as refused, not sent. */
    private static void produce(int p, SendChan<Integer> c, Ledger l) {
        for (int i = 0; i < PER_PRODUCER; i++) {
            maybeInterruptSomeone(l, i);
            int v = p * PER_PRODUCER + i;
            try {
                c.send(v);
                l.sent.set(v, 1);
                l.sentSum.addAndGet(v);
            } catch (GoInterruptedException e) {
                l.interruptedOps.incrementAndGet();
            }
            Thread.interrupted(); // a late interrupt must not leak into the next operation
        }
    }

    private static void consume(RecvChan<Integer> c, Ledger l) {
        for (int i = 1; ; i++) {
            maybeInterruptSomeone(l, i);
            Received<Integer> r;
            try {
                r = c.recvOk();
            } catch (GoInterruptedException e) {
                l.interruptedOps.incrementAndGet();
                Thread.interrupted();
                continue;
            }
            Thread.interrupted();
            if (!r.ok()) {
                return;
            }
            l.gotValue(r.value());
        }
    }

    @ParameterizedTest(name = "cap={0} interrupts={1}")
    @CsvSource({"0,false", "1,false", "1024,false", "0,true", "1,true", "1024,true"})
    void producersConsumers(int cap, boolean interrupts) throws Throwable {
        Chan<Integer> c = Chan.make(cap);
        Ledger l = new Ledger();
        AtomicInteger producing = new AtomicInteger(PRODUCERS);
        AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(PRODUCERS + CONSUMERS);
        victims = interrupts ? threads : null;
        List<Handle> hs = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            hs.add(interruptible(threads, id, () -> produce(id, c, l), () -> {
                if (producing.decrementAndGet() == 0) {
                    c.close();
                }
            }));
        }
        for (int k = 0; k < CONSUMERS; k++) {
            int id = PRODUCERS + k;
            hs.add(interruptible(threads, id, () -> consume(c, l), () -> {}));
        }
        finish(hs, "cap " + cap, interrupts, l);
    }

    /**
     * Each producer has its own unbuffered channel; two routers select over all of them (a closed
     * input becomes a nil case, Go's idiom) and forward through a small local queue, with a send
     * case on the output enabled while the queue is not empty — receive and send cases mixed in
     * one select. Consumers read the output.
     */
    @ParameterizedTest(name = "router interrupts={0}")
    @CsvSource({"false", "true"})
    void selectRouter(boolean interrupts) throws Throwable {
        List<Chan<Integer>> ins = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            ins.add(Chan.make());
        }
        Chan<Integer> out = Chan.make(16);
        Ledger l = new Ledger();
        int routers = 2;
        AtomicInteger routing = new AtomicInteger(routers);
        AtomicIntegerArray closedIns = new AtomicIntegerArray(PRODUCERS);
        AtomicReferenceArray<Thread> threads = new AtomicReferenceArray<>(PRODUCERS + CONSUMERS + routers);
        victims = interrupts ? threads : null;
        List<Handle> hs = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            hs.add(interruptible(threads, id, () -> produce(id, ins.get(id), l), () -> ins.get(id).close()));
        }
        for (int r = 0; r < routers; r++) {
            int id = PRODUCERS + CONSUMERS + r;
            hs.add(interruptible(threads, id, () -> route(ins, closedIns, out), () -> {
                if (routing.decrementAndGet() == 0) {
                    out.close();
                }
            }));
        }
        for (int k = 0; k < CONSUMERS; k++) {
            int id = PRODUCERS + k;
            hs.add(interruptible(threads, id, () -> consume(out, l), () -> {}));
        }
        finish(hs, "router", interrupts, l);
    }

    /**
     * Starts a goroutine that is a candidate for the interrupter ({@code threads[id]}) while it runs
     * {@code body}, and no longer while it runs {@code then} (closing a channel, say).
     */
    private Handle interruptible(AtomicReferenceArray<Thread> threads, int id, Runnable body, Runnable then) {
        return go(() -> {
            threads.set(id, Thread.currentThread());
            body.run();
            threads.set(id, null);
            then.run();
            return null;
        });
    }

    /** Joins every goroutine, stops the interrupter, reports and checks the ledger. */
    private void finish(List<Handle> hs, String what, boolean interrupts, Ledger l) throws Throwable {
        for (Handle h : hs) {
            h.join();
        }
        victims = null;
        report(what, interrupts, l);
        l.check();
    }

    private static void report(String what, boolean interrupts, Ledger l) {
        if (interrupts) {
            assertTrue(l.interruptsIssued.get() > 0);
            INTERRUPTED_TOTAL.addAndGet(l.interruptedOps.get());
            org.slf4j.LoggerFactory.getLogger(StressTest.class).info("{}: {} interrupts issued, {} blocked operations interrupted",
                    what, l.interruptsIssued.get(), l.interruptedOps.get());
        } else {
            assertEquals(0, l.interruptedOps.get());
        }
    }

    private static void route(List<Chan<Integer>> ins, AtomicIntegerArray closedIns, Chan<Integer> out) {
        @SuppressWarnings("unchecked")
        Chan<Integer>[] live = ins.toArray(new Chan[0]);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int open = live.length;
        while (open > 0 || !queue.isEmpty()) {
            List<Select.Case> cases = new ArrayList<>(live.length + 1);
            if (queue.size() < 4) {
                for (int i = 0; i < live.length; i++) {
                    int idx = i;
                    // A nil channel (closed input) is never ready.
                    cases.add(recv(live[i], (Integer v, Boolean ok) -> {
                        if (ok) {
                            queue.add(v);
                        } else {
                            live[idx] = null;
                            closedIns.set(idx, 1);
                        }
                    }));
                }
            }
            if (!queue.isEmpty()) {
                cases.add(send(out, queue.peek(), queue::poll));
            }
            try {
                select(cases);
            } catch (GoInterruptedException e) {
                // Nothing happened: the queue is as it was. Try again.
            }
            Thread.interrupted();
            open = 0;
            for (Chan<Integer> c : live) {
                if (c != null) {
                    open++;
                }
            }
        }
    }
}
