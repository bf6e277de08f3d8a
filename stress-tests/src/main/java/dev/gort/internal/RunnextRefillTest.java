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
 * runnext refilled by the owner's release store: the owner readies A, takes its next (A, unless the
 * thief got there first), then readies B into a slot that is empty either way, as a channel handoff
 * does; a thief steals with runnext allowed throughout. Each of A and B exactly once (r1 == 0); r2:
 * how many the thief got.
 */
@JCStressTest
@Description("RunQueue: putNext into an emptied runnext racing a runnext steal")
@Outcome(id = {"0, 0", "0, 1"}, expect = Expect.ACCEPTABLE, desc = "each goroutine exactly once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost or run twice")
@State
public class RunnextRefillTest extends OwnerVsThief {
    @Actor
    public void owner() {
        Runnable kicked = victim.putNext(Items.ITEM[0]);
        assert kicked == null : "a new queue's runnext is empty";
        ownerTook = victim.takeNext();
        kicked = victim.putNext(Items.ITEM[1]);
        assert kicked == null : "runnext was emptied, by the owner's take or by the steal";
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
