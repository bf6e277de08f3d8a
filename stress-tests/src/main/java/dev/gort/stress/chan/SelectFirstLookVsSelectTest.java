package dev.gort.stress.chan;

import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.chan.Chan;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two non-blocking selects, each over a receive from the same buffered channel (holding one value)
 * and a receive from a channel of its own (empty): both see the value through select's first look,
 * without the lock. Exactly one receives it; the other takes its default. r1, r2: what each select
 * received (0 for its default); r3: values left in the channel.
 */
@JCStressTest
@Outcome(id = {"7, 0, 0", "0, 7, 0"}, expect = Expect.ACCEPTABLE, desc = "one select took the value")
@Outcome(id = "7, 7, .*", expect = Expect.FORBIDDEN, desc = "the value received twice")
@Outcome(id = "0, 0, .*", expect = Expect.FORBIDDEN, desc = "both took the default though the value was there")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class SelectFirstLookVsSelectTest {
    final Chan<Integer> shared = Chan.make(4);
    final Chan<Integer> emptyA = Chan.make();
    final Chan<Integer> emptyB = Chan.make();

    public SelectFirstLookVsSelectTest() {
        shared.send(7);
    }

    @Actor
    public void a(III_Result r) {
        int[] got = new int[1];
        select(recv(emptyA, (Integer v) -> got[0] = -1), recv(shared, (Integer v) -> got[0] = v), otherwise());
        r.r1 = got[0];
    }

    @Actor
    public void b(III_Result r) {
        int[] got = new int[1];
        select(recv(shared, (Integer v) -> got[0] = v), recv(emptyB, (Integer v) -> got[0] = -1), otherwise());
        r.r2 = got[0];
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = shared.len();
    }
}
