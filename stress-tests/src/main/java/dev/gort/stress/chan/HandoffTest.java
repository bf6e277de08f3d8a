package dev.gort.stress.chan;

import dev.gort.chan.Chan;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Unbuffered handoff: the receiver gets the sent object, and sees every write the sender made
 * before sending (a send happens-before the matching receive completes, as in Go's memory model),
 * and the sender returns only after the receive.
 */
@JCStressTest
@Outcome(id = "42, 1", expect = Expect.ACCEPTABLE, desc = "received the box with its contents; the send completed")
@Outcome(expect = Expect.FORBIDDEN, desc = "lost, torn or unpublished handoff")
@State
public class HandoffTest {
    static final class Box {
        int x;
    }

    final Chan<Box> c = Chan.make();

    @Actor
    public void sender(II_Result r) {
        Box b = new Box();
        b.x = 42;
        c.send(b);
        r.r2 = 1;
    }

    @Actor
    public void receiver(II_Result r) {
        Box b = c.recv();
        r.r1 = b == null ? -1 : b.x;
    }
}
