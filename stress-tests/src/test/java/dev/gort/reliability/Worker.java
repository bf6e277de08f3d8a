package dev.gort.reliability;

import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.send;

import dev.gort.Go;
import dev.gort.GoInterruptedException;
import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;
import dev.gort.chan.Received;
import dev.gort.chan.Select;
import dev.gort.chan.Time;
import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import dev.gort.reliability.ChaosSoakTest.ChaosException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A chaos goroutine: random channel operations until its round is canceled (a spawned child does
 * one and ends). Every value it sends is new ({@link Round.Ledger#nextValue()}); it records a value
 * as delivered only once the runtime has said so (a send returned, or a send case's handler ran),
 * and records every value it receives. A select's handlers do the recording, so a handler that
 * throws afterwards loses nothing.
 */
final class Worker implements Runnable {
    private final Round round;
    private final Tally tally;
    private final SplittableRandom rng;
    private final boolean oneShot;
    /** Set by this goroutine when it starts; read by the interrupter. */
    volatile Thread thread;
    /** This worker's current context, a child of the round's; the canceller may cancel it any time. */
    volatile CancelableContext ctx;
    private Round.Ledger ledger;

    Worker(Round round, SplittableRandom rng, boolean oneShot) {
        this.round = round;
        this.tally = round.tally;
        this.rng = rng;
        this.oneShot = oneShot;
    }

    @Override
    public void run() {
        ledger = round.newLedger();
        ctx = Context.withCancel(round.ctx);
        thread = Thread.currentThread();
        boolean dieThrowing = rng.nextInt(oneShot ? 20 : 100) == 0;
        try {
            do {
                try {
                    step();
                } catch (GoInterruptedException e) {
                    Thread.interrupted(); // the operation left everything as it was; carry on
                    tally.interruptedOps.increment();
                } catch (ChaosException e) {
                    // a select handler threw after recording its communication
                }
            } while (!oneShot && round.ctx.err() == null);
        } finally {
            ctx.cancel();
            round.wg.done();
        }
        if (dieThrowing) {
            throw new ChaosException("a goroutine ends with an uncaught exception");
        }
    }

    private Chan<Long> anyChan() {
        return round.slots.get(rng.nextInt(round.slots.length()));
    }

    private void step() {
        int op = rng.nextInt(100);
        if (op < 10) {
            blockingSend(anyChan());
        } else if (op < 20) {
            trySend(anyChan());
        } else if (op < 30) {
            Received<Long> r = anyChan().recvOk();
            if (r.ok()) {
                ledger.received.add(r.value());
            }
        } else if (op < 40) {
            Received<Long> r = anyChan().tryRecv();
            if (r != null && r.ok()) {
                ledger.received.add(r.value());
            }
        } else if (op < 58) {
            select(false);
        } else if (op < 66) {
            select(true);
        } else if (op < 72) {
            selectReturning(anyChan());
        } else if (op < 74) {
            range(anyChan());
        } else if (op < 80) {
            CancelableContext old = ctx;
            ctx = rng.nextBoolean()
                    ? Context.withCancel(round.ctx)
                    : Context.withTimeout(round.ctx, Duration.ofNanos(rng.nextLong(20_000_000)));
            old.cancel();
        } else if (op < 86) {
            round.mutex.lock();
            try {
                round.guarded++;
            } finally {
                round.mutex.unlock();
            }
            round.lockedIncrements.increment();
        } else if (op < 90 && !oneShot) {
            spawn();
        } else if (op < 96) {
            Go.gosched();
        } else {
            Time.sleep(Duration.ofNanos(rng.nextLong(500_000)));
        }
    }

    private void blockingSend(Chan<Long> c) {
        long v = ledger.nextValue();
        boolean delivered = false;
        try {
            c.send(v);
            delivered = true;
            ledger.delivered.add(v);
        } catch (ChanClosedException e) {
            checkSendOnClosed(e);
        } finally {
            if (!delivered) {
                tally.refused.increment(); // closed, or interrupted: the value never entered the channel
            }
        }
    }

    private void trySend(Chan<Long> c) {
        long v = ledger.nextValue();
        try {
            if (c.trySend(v)) {
                ledger.delivered.add(v);
                return;
            }
        } catch (ChanClosedException e) {
            checkSendOnClosed(e);
        }
        tally.refused.increment();
    }

    private static void checkSendOnClosed(ChanClosedException e) {
        if (!ChanClosedException.SEND_ON_CLOSED.equals(e.getMessage())) {
            throw e;
        }
    }

    /**
     * A select over one to three random channels, each case a send of a new value or a receive;
     * with a timeout and this worker's context, or with a default. Handlers record, and one in
     * twenty then throws.
     */
    private void select(boolean withDefault) {
        int n = 1 + rng.nextInt(3);
        List<Select.Case> cases = new ArrayList<>(n + 2);
        int sends = 0;
        int deliveredBefore = ledger.delivered.n;
        for (int i = 0; i < n; i++) {
            Chan<Long> c = anyChan();
            boolean throwAfter = rng.nextInt(20) == 0;
            if (rng.nextBoolean()) {
                long v = ledger.nextValue();
                sends++;
                cases.add(send(c, v, () -> {
                    ledger.delivered.add(v);
                    throwIf(throwAfter);
                }));
            } else {
                cases.add(recv(c, (Long v, Boolean ok) -> {
                    if (ok) {
                        ledger.received.add(v);
                    }
                    throwIf(throwAfter);
                }));
            }
        }
        if (withDefault) {
            cases.add(otherwise(tally.defaults::increment));
        } else {
            cases.add(recv(ctx.done()));
            cases.add(recv(Time.after(shortTimeout()), t -> tally.timeouts.increment()));
        }
        try {
            Select.select(cases);
        } catch (ChanClosedException e) {
            checkSendOnClosed(e); // a send case on a closed channel: nothing happened
        } finally {
            tally.refused.add(sends - (ledger.delivered.n - deliveredBefore));
        }
    }

    private void throwIf(boolean throwAfter) {
        if (throwAfter) {
            tally.handlerThrows.increment();
            throw new ChaosException("a select handler throws after its communication");
        }
    }

    private void selectReturning(Chan<Long> c) {
        Long v = Select.<Long>returning()
                .recv(c, (Long x, Boolean ok) -> ok ? x : null)
                .recv(ctx.done(), x -> null)
                .recv(Time.after(shortTimeout()), t -> {
                    tally.timeouts.increment();
                    return null;
                })
                .select();
        if (v != null) {
            ledger.received.add(v);
        }
    }

    /** Ranges over {@code c} for a few values, or until it is closed. */
    private void range(Chan<Long> c) {
        int left = 1 + rng.nextInt(8);
        for (Long v : c) {
            ledger.received.add(v);
            if (--left == 0) {
                break;
            }
        }
    }

    /** A child goroutine that does one operation with its own ledger, then ends. */
    private void spawn() {
        Worker child = new Worker(round, rng.split(), true);
        round.wg.add(1);
        Go.go("chaos-child", child);
        tally.spawned.increment();
    }

    private Duration shortTimeout() {
        return Duration.ofNanos(rng.nextLong(2_000_000));
    }
}
