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
 * Two thieves race over eight queued goroutines (the owner is busy running one): each comes out exactly
 * once. (A third actor for the owner would need three CPUs; {@link RunQueueStealTest} covers owner vs thief.)
 */
@JCStressTest
@Description("RunQueue: two concurrent stealInto")
@Outcome(id = "0", expect = Expect.ACCEPTABLE, desc = "each goroutine exactly once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost or run twice")
@State
public class RunQueueTwoThievesTest {
    final RunQueue victim = new RunQueue();
    final RunQueue thief1 = new RunQueue();
    final RunQueue thief2 = new RunQueue();
    Runnable took1;
    Runnable took2;

    public RunQueueTwoThievesTest() {
        for (int i = 0; i < 8; i++) {
            victim.putTail(Items.ITEM[i]);
        }
    }

    @Actor
    public void stealer1() {
        took1 = thief1.stealInto(victim, true, false, 0);
    }

    @Actor
    public void stealer2() {
        took2 = thief2.stealInto(victim, true, false, 0);
    }

    @Arbiter
    public void arbiter(I_Result r) {
        r.r1 = Items.verdictAfterDraining(8, new Runnable[] {took1, took2}, victim, thief1, thief2);
    }
}
