package dev.gort.race.rt;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * An array's shadow creates its chunks and element states on first touch, by CAS: two threads
 * touching the same untouched element at once must get the same state (r1 == 1); two threads
 * touching neighbours in the same untouched chunk must each get a state for their own index in one
 * chunk (r2 == 1).
 */
@JCStressTest
@Description("race detector: Shadows.ArrShadow.get racing on one element and on one chunk")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "one state per element")
@Outcome(expect = Expect.FORBIDDEN, desc = "two states for one element, or a neighbour's state lost")
@State
public class ArrayShadowTest {
    final Shadows.ArrShadow shadow = new Shadows.ArrShadow(256);
    VarState a;
    VarState b;
    VarState c;
    VarState d;

    @Actor
    public void first() {
        a = shadow.get(70);
        c = shadow.get(130);
    }

    @Actor
    public void second() {
        b = shadow.get(70);
        d = shadow.get(131);
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = a == b && a == shadow.get(70) ? 1 : 0;
        r.r2 = c == shadow.get(130) && d == shadow.get(131) && c.key == 130 && d.key == 131 ? 1 : 0;
    }
}
