package dev.gort.reliability;

import static dev.gort.chan.Select.recv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;
import dev.gort.chan.Received;
import dev.gort.chan.Select;
import dev.gort.chan.Time;
import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import dev.gort.reliability.ChaosSoakTest.LongList;
import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * One round of the chaos soak: {@link ChaosSoakTest#WORKERS} workers over {@link ChaosSoakTest#SLOTS}
 * channel slots, and four controller goroutines that close and replace channels, interrupt workers,
 * cancel their contexts and change GOMAXPROCS. {@link #stop()} cancels the round and closes every
 * channel it made, which releases every blocked goroutine; {@link #verify()} then drains the closed
 * channels and checks the accounts.
 */
final class Round {
    final int number;
    final Tally tally;
    private final ChaosSoakTest soak;
    private final SplittableRandom rng;
    /** Canceled by {@link #stop()}; every worker's context derives from it. */
    final CancelableContext ctx = Context.withCancel(Context.background());
    /** The channels workers pick from; the closer replaces them. */
    final AtomicReferenceArray<Chan<Long>> slots = new AtomicReferenceArray<>(ChaosSoakTest.SLOTS);
    /** Every channel this round made: all closed by the end, then drained. */
    private final ConcurrentLinkedQueue<Chan<Long>> allChans = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Ledger> ledgers = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ledgerIds = new AtomicInteger();
    final WaitGroup wg = new WaitGroup();
    private final Worker[] workers = new Worker[ChaosSoakTest.WORKERS];
    final Mutex mutex = new Mutex();
    /** Guarded by {@link #mutex}. */
    long guarded;
    final LongAdder lockedIncrements = new LongAdder();

    Round(int number, long seed, Tally tally, ChaosSoakTest soak) {
        this.number = number;
        this.rng = new SplittableRandom(seed);
        this.tally = tally;
        this.soak = soak;
    }

    /** One goroutine's record of the values it delivered and received; written only by that goroutine. */
    static final class Ledger {
        final long id;
        int seq;
        final LongList delivered = new LongList();
        final LongList received = new LongList();

        Ledger(int id) {
            this.id = id;
        }

        /** A value no one has sent before: this ledger's id and a sequence number. */
        long nextValue() {
            return id << 32 | seq++;
        }
    }

    Ledger newLedger() {
        Ledger l = new Ledger(ledgerIds.getAndIncrement());
        ledgers.add(l);
        return l;
    }

    void start() {
        for (int i = 0; i < slots.length(); i++) {
            slots.set(i, newChan(rng));
        }
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(this, rng.split(), false);
        }
        wg.add(workers.length);
        for (Worker w : workers) {
            Go.go("chaos-worker", w);
        }
        controller("chaos-closer", 5_000, 50_000, this::closeOrReplace);
        controller("chaos-interrupter", 100, 1_000, r -> {
            Thread t = workers[r.nextInt(workers.length)].thread;
            if (t != null) {
                t.interrupt();
                tally.interruptsSent.increment();
            }
        });
        controller("chaos-canceller", 100, 1_000, r -> {
            CancelableContext c = workers[r.nextInt(workers.length)].ctx;
            if (c != null) {
                c.cancel();
                tally.cancels.increment();
            }
        });
        controller("chaos-maxprocs", 20_000, 100_000, r -> {
            int n = 1 + r.nextInt(ChaosSoakTest.MAX_PROCS);
            Go.maxProcs(n);
            soak.sawMaxProcs(n);
            tally.maxProcsChanges.increment();
        });
    }

    /** A goroutine that acts every {@code min..max} microseconds until the round is canceled. */
    private void controller(String name, long minMicros, long maxMicros, Consumer<SplittableRandom> action) {
        SplittableRandom r = rng.split();
        wg.add(1);
        Go.go(name, () -> {
            try {
                while (Select.select(recv(ctx.done()),
                        recv(Time.after(Duration.ofNanos(1000 * r.nextLong(minMicros, maxMicros))))) != 0) {
                    action.accept(r);
                }
            } finally {
                wg.done();
            }
        });
    }

    /** Closes a slot's channel in place (later sends are refused, a later replace closes it again), or replaces it. */
    private void closeOrReplace(SplittableRandom r) {
        int i = r.nextInt(slots.length());
        if (r.nextInt(4) == 0) {
            close(slots.get(i));
        } else {
            close(slots.getAndSet(i, newChan(r)));
        }
    }

    /**
     * A new channel, registered for the end-of-round close and drain. Registration and then reading
     * the round's state pairs with {@link #stop()}'s cancel and then walking the registrations: one
     * of the two sees the other, so no channel is left open with a goroutine blocked on it.
     */
    private Chan<Long> newChan(SplittableRandom r) {
        Chan<Long> c = ChaosSoakTest.randomChan(r);
        allChans.add(c);
        if (ctx.err() != null) {
            stop(); // the round ended while this channel was made: close it (and, harmlessly, the rest again)
        }
        return c;
    }

    /** Closes {@code c}; a second close must fail with Go's message, and is counted. */
    void close(Chan<Long> c) {
        try {
            c.close();
            tally.closes.increment();
        } catch (ChanClosedException e) {
            assertEquals(ChanClosedException.CLOSE_OF_CLOSED, e.getMessage());
            tally.doubleCloses.increment();
        }
    }

    /** Ends the round: cancels every context and closes every channel, releasing every blocked goroutine. */
    void stop() {
        ctx.cancel();
        for (Chan<Long> c : allChans) {
            try {
                c.close();
            } catch (ChanClosedException e) {
                assertEquals(ChanClosedException.CLOSE_OF_CLOSED, e.getMessage()); // closed during the round
            }
        }
    }

    /** After every goroutine of the round has ended: drain the closed channels and check the accounts. */
    void verify() {
        LongList drained = new LongList();
        for (Chan<Long> c : allChans) {
            Received<Long> r;
            while ((r = c.tryRecv()) != null && r.ok()) {
                drained.add(r.value());
            }
            if (r == null) {
                fail("round " + number + ": a channel was left open: " + c);
            }
        }
        List<LongList> deliveredLists = new ArrayList<>();
        List<LongList> receivedLists = new ArrayList<>();
        receivedLists.add(drained);
        for (Ledger l : ledgers) {
            deliveredLists.add(l.delivered);
            receivedLists.add(l.received);
        }
        long[] delivered = ChaosSoakTest.sorted(deliveredLists);
        long[] received = ChaosSoakTest.sorted(receivedLists);
        if (!Arrays.equals(delivered, received)) {
            fail("round " + number + " (seed " + ChaosSoakTest.SEED + "): " + delivered.length + " delivered, "
                    + received.length + " received: " + ChaosSoakTest.difference(delivered, received));
        }
        assertEquals(lockedIncrements.sum(), guarded, "round " + number + ": increments under the Mutex lost");
        tally.accepted.add(delivered.length);
        tally.received.add(received.length - drained.n);
        tally.drained.add(drained.n);
        tally.lockedIncrements.add(guarded);
    }
}
