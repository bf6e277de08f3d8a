package dev.gort.stress.chan;

import dev.gort.chan.Chan;
import dev.gort.chan.Received;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Lock-free sends and receives through a one-slot ring, across a lap: the sender tries 1 then 2,
 * the receiver tries twice, nobody blocks. The second send finds room only once the receiver has
 * taken the first value out of the same slot. Every value sent is received exactly once, in order.
 * r1: which sends succeeded (1: the first, 3: both); r2: what the receiver got, as digits; r3: what
 * was left for the arbiter, as digits.
 */
@JCStressTest
@Outcome(id = "1, 0, 1", expect = Expect.ACCEPTABLE, desc = "the receiver looked too early both times")
@Outcome(id = "1, 1, 0", expect = Expect.ACCEPTABLE, desc = "the second send found the slot full, then 1 was taken")
@Outcome(id = "3, 1, 2", expect = Expect.ACCEPTABLE, desc = "1 taken, then 2 sent into the freed slot and left")
@Outcome(id = "3, 12, 0", expect = Expect.ACCEPTABLE, desc = "both taken in order")
@Outcome(expect = Expect.FORBIDDEN, desc = "a value lost, duplicated or reordered")
@State
public class RingSendVsRecvTest {
    final Chan<Integer> c = Chan.make(1);

    @Actor
    public void sender(III_Result r) {
        int sent = c.trySend(1) ? 1 : 0;
        if (c.trySend(2)) {
            sent |= 2;
        }
        r.r1 = sent;
    }

    @Actor
    public void receiver(III_Result r) {
        r.r2 = digits(0);
    }

    @Arbiter
    public void arbiter(III_Result r) {
        r.r3 = digits(0);
    }

    /** Appends to {@code acc} the digits of what two non-blocking receives get. */
    private int digits(int acc) {
        for (int i = 0; i < 2; i++) {
            Received<Integer> x = c.tryRecv();
            if (x != null) {
                acc = acc * 10 + x.value();
            }
        }
        return acc;
    }
}
