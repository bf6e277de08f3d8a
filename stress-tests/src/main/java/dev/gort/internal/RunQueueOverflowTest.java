package dev.gort.internal;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A full ring (256) overflows: the owner moves half to a batch (as runqputslow does for the global
 * queue) while a thief steals. Every slot's goroutine comes out exactly once across batch, thief and
 * what remains. Items repeat in the ring (8 distinct, 32 of each), so counts must be 32 each.
 */
@JCStressTest
@Description("RunQueue: grabHalfForOverflow racing stealInto on a full ring")
@Outcome(id = "0", expect = Expect.ACCEPTABLE, desc = "nothing lost or duplicated")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost or run twice")
@State
public class RunQueueOverflowTest {
    final RunQueue victim = new RunQueue();
    final RunQueue thief = new RunQueue();
    final Runnable[] batch = new Runnable[RunQueue.CAPACITY / 2];
    int batched;
    Runnable thiefTook;

    public RunQueueOverflowTest() {
        for (int i = 0; i < RunQueue.CAPACITY; i++) {
            victim.putTail(Items.ITEM[i % Items.N]);
        }
    }

    @Actor
    public void owner() {
        batched = victim.grabHalfForOverflow(batch);
    }

    @Actor
    public void stealer() {
        thiefTook = thief.stealInto(victim, false, false, 0);
    }

    @Arbiter
    public void arbiter(I_Result r) {
        int[] counts = new int[Items.N];
        for (int i = 0; i < batched; i++) {
            Items.count(counts, batch[i]);
        }
        Items.count(counts, thiefTook);
        Items.drain(counts, victim);
        Items.drain(counts, thief);
        int bad = 0;
        for (int i = 0; i < Items.N; i++) {
            if (counts[i] != RunQueue.CAPACITY / Items.N) {
                bad = 100 + counts[i];
            }
        }
        r.r1 = bad;
    }
}
