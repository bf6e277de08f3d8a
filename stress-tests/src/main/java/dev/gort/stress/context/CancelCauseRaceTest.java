package dev.gort.stress.context;

import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A child cancels itself (leaving its parent) while the parent is canceled (walking its children).
 * The child takes exactly one of the two cancellations, and the grandchild takes the same one.
 * r1: cause of the child (1 = its own, 2 = the parent's); r2: cause of the grandchild (same code);
 * r3: the parent's cause is the parent's (1).
 */
@JCStressTest
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "child canceled itself first")
@Outcome(id = "2, 2, 1", expect = Expect.ACCEPTABLE, desc = "parent's cancellation reached the child first")
@Outcome(expect = Expect.FORBIDDEN, desc = "the subtree saw two different cancellations")
@State
public class CancelCauseRaceTest {
    static final RuntimeException OWN = new RuntimeException("own");
    static final RuntimeException PARENTS = new RuntimeException("parent's");

    final CancelableContext parent = Context.withCancelCause(Context.background());
    final CancelableContext child = Context.withCancelCause(parent);
    final CancelableContext grandchild = Context.withCancel(Context.withValue(child, Context.Key.of("k"), 1));

    @Actor
    public void parentCancels() {
        parent.cancel(PARENTS);
    }

    @Actor
    public void childCancels() {
        child.cancel(OWN);
    }

    private static int code(Throwable t) {
        return t == OWN ? 1 : t == PARENTS ? 2 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = code(Context.cause(child));
        r.r2 = code(Context.cause(grandchild));
        r.r3 = Context.cause(parent) == PARENTS ? 1 : 0;
    }
}
