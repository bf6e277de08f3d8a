package dev.gort.stress.chan;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.ChanProbe;
import dev.gort.chan.Received;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * FIFO order of a blocked sender against the buffer, with the ring's lock-free path in play: a full
 * one-slot buffer holds 1 and a goroutine is parked sending 2 (started with the state). A receive
 * takes 1 and moves 2 into the freed slot, so a non-blocking send of 3 never finds room, before or
 * after it: a waiting sender keeps the ring off its lock-free path, which would otherwise take 1 and
 * let 3 overtake 2. r1: what the receive got; r2: 1 if the send of 3 succeeded; r3: what was left,
 * as digits.
 */
@JCStressTest
@Outcome(id = "1, 0, 2", expect = Expect.ACCEPTABLE, desc = "1, then the waiting sender's 2; 3 never fits")
@Outcome(id = "1, 1, .*", expect = Expect.FORBIDDEN, desc = "3 overtook the waiting sender")
@Outcome(expect = Expect.FORBIDDEN, desc = "a value lost, duplicated or reordered")
@State
public class RingBehindBlockedSenderTest {
    final Chan<Integer> c = Chan.make(1);

    public RingBehindBlockedSenderTest() {
        c.send(1);
        Go.go(() -> c.send(2));
        while (ChanProbe.waitingSenders(c) != 1) {
            Thread.onSpinWait();
        }
    }

    @Actor
    public void receiver(III_Result r) {
        Received<Integer> x = c.tryRecv();
        r.r1 = x == null ? 0 : x.value();
    }

    @Actor
    public void sender(III_Result r) {
        r.r2 = c.trySend(3) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int digits = 0;
        Received<Integer> x;
        while ((x = c.tryRecv()) != null) {
            digits = digits * 10 + x.value();
        }
        r.r3 = digits;
    }
}
