package dev.gort.race.rt;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The race detector's weak identity table: two threads ask for the shadow of the same new object
 * at once. Both must get the same one (r1 == 1), the table must hold one entry for it (r2 == 1),
 * and a lookup after both must find that one (r3 == 1): two shadows for one object would split
 * its accesses and miss its races.
 */
@JCStressTest
@Description("race detector: WeakIdentityMap.computeIfAbsent racing on one key")
@Outcome(id = "1, 1, 1", expect = Expect.ACCEPTABLE, desc = "one shadow, found by both and by a later lookup")
@Outcome(expect = Expect.FORBIDDEN, desc = "two shadows for one object, or a lost entry")
@State
public class WeakIdentityMapSameKeyTest {
    final WeakIdentityMap<Object> map = new WeakIdentityMap<>(null);
    final Object key = new Object();
    Object a;
    Object b;

    @Actor
    public void first() {
        a = map.computeIfAbsent(key, k -> new Object());
    }

    @Actor
    public void second() {
        b = map.computeIfAbsent(key, k -> new Object());
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r1 = a == b ? 1 : 0;
        r.r2 = map.size();
        r.r3 = map.get(key) == a ? 1 : 0;
    }
}
