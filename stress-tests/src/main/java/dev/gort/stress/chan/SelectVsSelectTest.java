package dev.gort.stress.chan;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static dev.gort.chan.Select.send;

import dev.gort.chan.Chan;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two selects over the same two unbuffered channels, listed in opposite orders: x offers send(a)
 * or recv(b), y offers recv(a) or send(b). Exactly one communication pairs them, and neither
 * deadlocks (locks are taken in channel-id order). r1/r2: 1 = sent, 10 + v = received v.
 */
@JCStressTest
@Outcome(id = "1, 11", expect = Expect.ACCEPTABLE, desc = "x sent on a, y received it")
@Outcome(id = "12, 1", expect = Expect.ACCEPTABLE, desc = "y sent on b, x received it")
@Outcome(expect = Expect.FORBIDDEN, desc = "both sent, both received, or a mismatched value")
@State
public class SelectVsSelectTest {
    final Chan<Integer> a = Chan.make();
    final Chan<Integer> b = Chan.make();

    @Actor
    public void x(II_Result r) {
        int[] got = new int[1];
        int i = select(send(a, 1), recv(b, v -> got[0] = v));
        r.r1 = i == 0 ? 1 : 10 + got[0];
    }

    @Actor
    public void y(II_Result r) {
        int[] got = new int[1];
        int i = select(send(b, 2), recv(a, v -> got[0] = v));
        r.r2 = i == 0 ? 1 : 10 + got[0];
    }
}
