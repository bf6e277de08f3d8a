package dev.gort.internal;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The owner nulls consumed slots ({@code clearConsumed}) while a thief is reading slots to steal.
 * The ring's indices start at 254, so the four goroutines wrap around the end of the array and the
 * 254 stale slots before them are cleared in the race too. The owner takes one, clears, and puts a
 * fifth. Every goroutine must come out exactly once (r1 == 0): a cleared slot handed out as null
 * would lose one. r2: how many the thief got.
 */
@JCStressTest
@Description("RunQueue: owner clearConsumed racing a thief's stealInto across the ring's wrap")
@Outcome(id = {"0, 0", "0, 1", "0, 2", "0, 3"}, expect = Expect.ACCEPTABLE, desc = "each goroutine exactly once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost (a cleared slot handed out) or run twice")
@State
public class RunQueueClearTest {
    private static final Runnable CONSUMED_BEFORE = () -> {};
    final RunQueue victim = new RunQueue();
    final RunQueue thief = new RunQueue();
    Runnable ownerTook;
    Runnable thiefTook;

    public RunQueueClearTest() {
        for (int i = 0; i < RunQueue.CAPACITY - 2; i++) {
            victim.putTail(CONSUMED_BEFORE);
            victim.takeHead();
        }
        for (int i = 0; i < 4; i++) {
            victim.putTail(Items.ITEM[i]);
        }
    }

    @Actor
    public void owner() {
        ownerTook = victim.takeHead();
        victim.clearConsumed();
        victim.putTail(Items.ITEM[4]);
    }

    @Actor
    public void stealer() {
        thiefTook = thief.stealInto(victim, false, false, 0);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r2 = thiefTook == null ? 0 : thief.size() + 1; // before draining
        r.r1 = Items.verdictAfterDraining(5, new Runnable[] {ownerTook, thiefTook}, victim, thief);
    }
}
