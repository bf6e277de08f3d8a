package dev.gort.stress.chan;

import dev.gort.chan.Chan;
import dev.gort.chan.Received;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * A buffered channel (cap 1) holding 1. The receiver receives twice (the second blocks until a
 * value or the close); the other actor trySends 2, then closes. Buffered values survive a close; a
 * value accepted by trySend is never lost and a refused one never appears; the blocked receive is
 * woken by the close.
 * r1: first receive; r2: second receive (0 = closed); r3: trySend 1 true, 0 false.
 */
@JCStressTest
@Outcome(id = "1, 2, 1", expect = Expect.ACCEPTABLE, desc = "trySend after the first receive")
@Outcome(id = "1, 0, 0", expect = Expect.ACCEPTABLE, desc = "trySend found the buffer full; close woke the receiver")
@Outcome(id = "1, 0, 1", expect = Expect.FORBIDDEN, desc = "accepted value lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class RecvVsCloseTest {
    final Chan<Integer> c = Chan.make(1);

    public RecvVsCloseTest() {
        c.send(1);
    }

    @Actor
    public void receiver(III_Result r) {
        r.r1 = c.recv();
        Received<Integer> second = c.recvOk();
        r.r2 = second.ok() ? second.value() : 0;
    }

    @Actor
    public void sendThenClose(III_Result r) {
        r.r3 = c.trySend(2) ? 1 : 0;
        c.close();
    }
}
