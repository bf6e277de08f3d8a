package dev.gort.stress.chan;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Received;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A blocking send and a close race on an unbuffered channel while a goroutine (started with the
 * state) blocks in recvOk. The send completes if and only if that receiver got the value; otherwise
 * the send throws and the receiver sees the close. (Two actors plus a goroutine, because jcstress
 * runs only as many actors as there are CPUs, and the CI machine has two.)
 * r1: 1 sent, 2 threw "send on closed channel". r2: the value received, or 0 when ok == false.
 */
@JCStressTest
@Outcome(id = "1, 7", expect = Expect.ACCEPTABLE, desc = "handoff before close")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "close first: sender throws, receiver sees closed")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "value lost: send returned but nobody got it")
@Outcome(id = "2, 7", expect = Expect.FORBIDDEN, desc = "value delivered but the sender was told it was not")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class SendVsCloseTest {
    final Chan<Integer> c = Chan.make();
    final CountDownLatch received = new CountDownLatch(1);
    volatile int got;

    public SendVsCloseTest() {
        Go.go(() -> {
            Received<Integer> r = c.recvOk();
            got = r.ok() ? r.value() : 0;
            received.countDown();
        });
    }

    @Actor
    public void sender(II_Result r) {
        r.r1 = Outcomes.send(c, 7);
    }

    @Actor
    public void closer() {
        c.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        try {
            received.await(); // the close guarantees the receiver finishes
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        r.r2 = got;
    }
}
