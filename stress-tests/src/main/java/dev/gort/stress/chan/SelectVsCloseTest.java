package dev.gort.stress.chan;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.chan.Chan;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A select over recv(a), recv(b) while the other actor offers a value on b (trySend) and then
 * closes a. Exactly one of them wins the select: an accepted value is the one received, and a
 * refused one is not. r1: the chosen index; r2: trySend on b (1 accepted, 0 refused, 9 = a value
 * was left behind on b, checked by the arbiter).
 */
@JCStressTest
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "trySend found no parked select; close won")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "the value on b was handed to the parked select")
@Outcome(id = "0, 1", expect = Expect.FORBIDDEN, desc = "accepted value lost")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class SelectVsCloseTest {
    final Chan<Integer> a = Chan.make();
    final Chan<Integer> b = Chan.make();

    @Actor
    public void selector(II_Result r) {
        r.r1 = select(recv(a), recv(b));
    }

    @Actor
    public void offerThenClose(II_Result r) {
        r.r2 = b.trySend(5) ? 1 : 0;
        a.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        if (b.tryRecv() != null) {
            r.r2 = 9;
        }
    }
}
