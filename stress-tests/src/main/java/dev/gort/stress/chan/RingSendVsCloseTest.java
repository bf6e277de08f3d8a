package dev.gort.stress.chan;

import dev.gort.chan.Chan;
import dev.gort.chan.Received;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A send with room in the buffer (the ring's lock-free path) races a close. A send that returned is
 * in the buffer behind the value already there; a send the close beat throws and leaves nothing.
 * r1: 1 sent, 2 threw "send on closed channel". r2: the values drained after the close, as digits
 * in the order received.
 */
@JCStressTest
@Outcome(id = "1, 12", expect = Expect.ACCEPTABLE, desc = "send before close: both values drain, in order")
@Outcome(id = "2, 1", expect = Expect.ACCEPTABLE, desc = "close first: the send throws, the buffered value drains")
@Outcome(id = "1, 1", expect = Expect.FORBIDDEN, desc = "the send returned but its value is gone")
@Outcome(id = "2, 12", expect = Expect.FORBIDDEN, desc = "the send threw but its value was delivered")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else: reordered, duplicated")
@State
public class RingSendVsCloseTest {
    final Chan<Integer> c = Chan.make(2);

    public RingSendVsCloseTest() {
        c.send(1);
    }

    @Actor
    public void sender(II_Result r) {
        r.r1 = Outcomes.send(c, 2);
    }

    @Actor
    public void closer() {
        c.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        int digits = 0;
        Received<Integer> x;
        while ((x = c.recvOk()).ok()) {
            digits = digits * 10 + x.value();
        }
        r.r2 = digits;
    }
}
