package dev.gort.stress.core;

import dev.gort.internal.park.RuntimeLock;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitQueue;
import dev.gort.internal.park.WaitReason;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The blocking layer's one race: a waker completing the first queued wait (what a channel send does
 * with a parked receiver: poll under the lock, write the value, win) against that wait's owner giving
 * up (a timeout or a context, then unlinking its node). Exactly one of them decides the first wait;
 * the waker, losing, moves on to the next node; the queue ends consistent either way.
 *
 * <p>Results: r1 = which node the waker delivered to (1 or 2; 0 none), r2 = 1 if the owner's give-up
 * won, r3 = nodes left queued, r4 = 1 if the state of node 1 agrees with who won (its value present
 * exactly when the waker won it).
 */
@JCStressTest
@Outcome(id = "1, 0, 1, 1", expect = Expect.ACCEPTABLE, desc = "the waker won the first wait; the second stays queued")
@Outcome(id = "2, 1, 0, 1", expect = Expect.ACCEPTABLE, desc = "the owner gave up first; the waker skipped it and served the second")
@Outcome(expect = Expect.FORBIDDEN, desc = "both or neither decided the first wait, a value lost, or the queue inconsistent")
@State
public class WaitQueueUnlinkVsWakeTest {
    final RuntimeLock lock = new RuntimeLock();
    final WaitQueue q = new WaitQueue(lock);
    final WaitNode first = new WaitNode(WaitReason.CHAN_RECEIVE, null);
    final WaitNode second = new WaitNode(WaitReason.CHAN_RECEIVE, null);

    public WaitQueueUnlinkVsWakeTest() {
        lock.lock();
        q.add(first);
        q.add(second);
        lock.unlock();
    }

    @Actor
    public void waker(IIII_Result r) {
        Object value = "v";
        lock.lock();
        WaitNode w;
        int served = 0;
        while ((w = q.poll()) != null) {
            w.elem = value;
            w.success = true;
            if (w.win()) {
                served = w == first ? 1 : 2;
                break;
            }
            w.elem = null; // its wait ended elsewhere: the value stays with the waker
            w.success = false;
        }
        lock.unlock();
        r.r1 = served;
    }

    @Actor
    public void owner(IIII_Result r) {
        boolean gaveUp = first.cancel(WaitNode.CANCELED);
        if (gaveUp) {
            WaitQueue.unlinkIfQueued(first, q);
        }
        r.r2 = gaveUp ? 1 : 0;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        lock.lock();
        r.r3 = q.size();
        lock.unlock();
        boolean wonByWaker = first.state() == first.index;
        boolean consistent = wonByWaker == (first.elem != null && first.success)
                && (wonByWaker || first.state() == WaitNode.CANCELED)
                && !first.queued();
        r.r4 = consistent ? 1 : 0;
    }
}
