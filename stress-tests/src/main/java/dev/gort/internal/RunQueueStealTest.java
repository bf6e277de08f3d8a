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
 * The owner puts four goroutines and takes one while a thief steals half. Every goroutine must come
 * out exactly once (r1 == 0); r2 tells how many the thief got (any split is fine).
 */
@JCStressTest
@Description("RunQueue: owner putTail/takeHead racing a thief's stealInto")
@Outcome(id = {"0, 0", "0, 1", "0, 2", "0, 3"}, expect = Expect.ACCEPTABLE, desc = "each goroutine exactly once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost or run twice")
@State
public class RunQueueStealTest extends OwnerVsThief {
    @Actor
    public void owner() {
        for (int i = 0; i < 4; i++) {
            victim.putTail(Items.ITEM[i]);
        }
        ownerTook = victim.takeHead();
    }

    @Actor
    public void stealer() {
        steal(false);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r2 = thiefTook == null ? 0 : thief.size() + 1; // before draining
        r.r1 = verdict(4);
    }
}
