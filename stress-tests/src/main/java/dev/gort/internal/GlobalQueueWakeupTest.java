package dev.gort.internal;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The scheduler's no-lost-wakeup handshake on the global queue (Scheduler's class comment): a
 * producer offers and then reads the idle count; an M going idle increments the idle count and then
 * looks at the queue. At least one of them must see the other, or the goroutine waits with nobody
 * woken for it.
 */
@JCStressTest
@Description("GlobalRunQueue: offer-then-read-idle against publish-idle-then-isEmpty (Dekker)")
@Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "lost wakeup: the producer saw no idle M and the M saw no work")
@Outcome(expect = Expect.ACCEPTABLE, desc = "one side saw the other")
@State
public class GlobalQueueWakeupTest {
    final GlobalRunQueue q = new GlobalRunQueue();
    final AtomicInteger npidle = new AtomicInteger();

    @Actor
    public void producer(II_Result r) {
        q.offer(Items.ITEM[0]);
        r.r1 = npidle.get(); // execute, then wakep's read
    }

    @Actor
    public void goingIdle(II_Result r) {
        npidle.incrementAndGet(); // releaseP
        r.r2 = q.isEmpty() ? 1 : 0; // findRunnable's last look
    }
}
