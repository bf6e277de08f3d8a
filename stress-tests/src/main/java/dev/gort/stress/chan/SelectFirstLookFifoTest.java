package dev.gort.stress.chan;

import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

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
 * A non-blocking select receiving from a full one-slot buffer (holding 1) while a sender sends 2,
 * blocking until there is room: select's first look (the value, or the waiting sender, seen without
 * the lock) against FIFO order of the buffer and a blocked sender. The select always finds 1 (the
 * buffer stays full until it takes it), and 2 is left in the buffer. r1: what the select received
 * (0 for its default); r2: what is left for the arbiter (0 if nothing).
 */
@JCStressTest
@Outcome(id = "1, 2", expect = Expect.ACCEPTABLE, desc = "1 first, then the sender's 2 in the buffer")
@Outcome(id = "2, .*", expect = Expect.FORBIDDEN, desc = "the blocked sender's value overtook the buffer's")
@Outcome(expect = Expect.FORBIDDEN, desc = "a value lost or received twice, or the default taken")
@State
public class SelectFirstLookFifoTest {
    final Chan<Integer> c = Chan.make(1);

    public SelectFirstLookFifoTest() {
        c.send(1);
    }

    @Actor
    public void sender() {
        c.send(2);
    }

    @Actor
    public void selector(II_Result r) {
        int[] got = new int[1];
        select(recv(c, (Integer v) -> got[0] = v), otherwise());
        r.r1 = got[0];
    }

    @Arbiter
    public void arbiter(II_Result r) {
        Received<Integer> left = c.tryRecv();
        r.r2 = left == null ? 0 : left.value();
    }
}
