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
 * runnext: the owner readies A then B into runnext (B kicks A to the ring) and takes its next; a
 * thief steals with runnext allowed. Each of A and B exactly once (r1 == 0); r2: whether the thief
 * got something.
 */
@JCStressTest
@Description("RunQueue: putNext/takeNext racing a runnext steal")
@Outcome(id = {"0, 0", "0, 1"}, expect = Expect.ACCEPTABLE, desc = "each goroutine exactly once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost or run twice")
@State
public class RunnextStealTest extends OwnerVsThief {
    @Actor
    public void owner() {
        Runnable kicked = victim.putNext(Items.ITEM[0]);
        if (kicked != null) {
            victim.putTail(kicked);
        }
        kicked = victim.putNext(Items.ITEM[1]);
        if (kicked != null) {
            victim.putTail(kicked);
        }
        ownerTook = victim.takeNext();
    }

    @Actor
    public void stealer() {
        steal(true);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        report(r, 2);
    }
}
