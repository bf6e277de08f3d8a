package dev.gort.stress.context;

import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import dev.gort.context.Stoppable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * {@code stop()} of an afterFunc races the cancel of its context: exactly one of "stopped" and
 * "ran" happens. r1: stop() returned true (1) or false (0). r2: runs of f seen by the arbiter, which
 * waits (up to 5 s) for the run when stop() said it lost.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "stop won: f never runs")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "cancel won: f ran once, stop says false")
@Outcome(id = "1, 1", expect = Expect.FORBIDDEN, desc = "stopped and ran")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "neither: f lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class AfterFuncStopVsCancelTest {
    final CancelableContext ctx = Context.withCancel(Context.background());
    final AtomicInteger runs = new AtomicInteger();
    final CountDownLatch ran = new CountDownLatch(1);
    final Stoppable stop = Context.afterFunc(ctx, () -> {
        runs.incrementAndGet();
        ran.countDown();
    });

    @Actor
    public void cancel() {
        ctx.cancel();
    }

    @Actor
    public void stop(II_Result r) {
        r.r1 = stop.stop() ? 1 : 0;
    }

    @Arbiter
    public void arbiter(II_Result r) {
        if (r.r1 == 0) {
            try {
                ran.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        r.r2 = runs.get();
    }
}
