package dev.gort.internal.time;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A P's heap moving its pending node to a shard ({@code moveTo}: the P went idle, or sysmon took its
 * timers over) while another goroutine cancels the node. The two CAS the node's owner; whichever
 * wins decides which heap counts the node out, so the P's heap always ends at zero: the node was
 * counted out of it by the move, or by the cancel that claimed it. (Before the owner was CAS'd, a
 * cancel that read the P's heap just before the move re-owned the node counted it out of the P's
 * heap, and the move counted it out again: -1 here and +1 in the shard, for good.)
 * r1: the cancel's result. r2: the P's heap's count afterwards. r3: 1 if the node ended owned by the
 * shard (moved first; the cancel counted it out there), 0 if the cancel claimed it for the P's heap.
 */
@JCStressTest
@Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE, desc = "the cancel claimed the node before the move took it: the P's heap counted it out, the move dropped it")
@Outcome(id = "1, 0, 1", expect = Expect.ACCEPTABLE, desc = "the move took the node first: the shard counted it in, the cancel counted it out there")
@Outcome(expect = Expect.FORBIDDEN, desc = "the P's heap miscounted, or the cancel failed on a pending node")
@State
public class TimerMoveVsCancelTest {
    static final long FAR = System.nanoTime() + 3_600_000_000_000L;

    final TimerHeap local = TimerHeap.newLocal();
    final TimerHeap.Node node = new TimerHeap.Node() {
        @Override
        protected void fire() {}
    };

    public TimerMoveVsCancelTest() {
        local.add(node, FAR);
    }

    @Actor
    public void idleP() {
        local.moveTo(TimerHeap.shard(0));
    }

    @Actor
    public void canceler(III_Result r) {
        r.r1 = local.cancel(node) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r2 = local.size();
        r.r3 = node.owner == null ? 0 : 1;
    }
}
