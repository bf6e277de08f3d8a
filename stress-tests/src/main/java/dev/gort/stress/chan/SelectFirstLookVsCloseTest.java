package dev.gort.stress.chan;

import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.select;
import static dev.gort.chan.Select.send;

import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;
import dev.gort.chan.Received;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * A non-blocking select sending into an empty one-slot buffer (select's first look: the room it
 * sees without the lock) racing the channel's close. The send case is always ready (room, or a
 * panic on the closed channel), so the select never takes its default; a value it sent stays in the
 * buffer after the close. r1: 1 sent, 0 default, 2 send on closed; r2: what a receive finds after
 * both (the value, or 0 for closed and drained).
 */
@JCStressTest
@Outcome(id = "1, 7", expect = Expect.ACCEPTABLE, desc = "sent before the close; the value survives it")
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "closed first: the send case panics")
@Outcome(id = "1, 0", expect = Expect.FORBIDDEN, desc = "a sent value lost in the close")
@Outcome(id = "0, .*", expect = Expect.FORBIDDEN, desc = "default taken though the send case was ready")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class SelectFirstLookVsCloseTest {
    final Chan<Integer> c = Chan.make(1);

    @Actor
    public void selector(II_Result r) {
        try {
            r.r1 = select(send(c, 7), otherwise()) == 0 ? 1 : 0;
        } catch (ChanClosedException e) {
            r.r1 = 2;
        }
    }

    @Actor
    public void closer() {
        c.close();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        Received<Integer> got = c.tryRecv();
        r.r2 = got == null ? -1 : got.ok() ? got.value() : 0;
    }
}
