package dev.gort.stress.context;

import dev.gort.chan.Received;
import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A parent is canceled while another thread derives a child from it, asks for the child's done
 * channel, derives a grandchild and registers an afterFunc on the child. Whichever side wins the
 * parent's lock, the child must end up canceled exactly once: its err is CANCELED, its done channel
 * closed, the grandchild canceled through it, and the afterFunc run exactly once.
 * r1: child err is CANCELED (1) or not (0); r2: child's done closed (1); r3: grandchild err is
 * CANCELED (1); r4: afterFunc runs seen by the arbiter (it waits up to 5 s for the first).
 */
@JCStressTest
@Outcome(id = "1, 1, 1, 1", expect = Expect.ACCEPTABLE, desc = "canceled exactly once, whoever won")
@Outcome(expect = Expect.FORBIDDEN, desc = "lost or doubled cancellation")
@State
public class CancelVsChildRegistrationTest {
    final CancelableContext parent = Context.withCancel(Context.background());
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch ran = new CountDownLatch(1);
    volatile CancelableContext child;
    volatile CancelableContext grandchild;

    @Actor
    public void cancel() {
        parent.cancel();
    }

    @Actor
    public void derive() {
        CancelableContext c = Context.withCancel(parent);
        c.done();
        grandchild = Context.withCancel(c);
        Context.afterFunc(c, () -> {
            runs.incrementAndGet();
            ran.countDown();
        });
        child = c;
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        CancelableContext c = child;
        r.r1 = c.err() == Context.CANCELED ? 1 : 0;
        Received<Void> d = c.done().tryRecv();
        r.r2 = d != null && !d.ok() ? 1 : 0;
        r.r3 = grandchild.err() == Context.CANCELED ? 1 : 0;
        try {
            ran.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        r.r4 = runs.get();
    }
}
