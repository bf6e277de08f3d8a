package dev.gort.stress.chan;

import dev.gort.chan.Time;
import dev.gort.chan.Timer;
import dev.gort.chan.TimerProbe;
import dev.gort.internal.time.TimerHeap;
import dev.gort.internal.time.TimerHeapProbe;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.ZZZ_Result;

/**
 * {@code Timer.stop()} racing the timer's firing (the test fires the armed heap node itself, as
 * the timer thread does once the deadline has come). Go 1.23: whichever comes first, stop reports
 * true (it either stopped the firing or discarded the value nobody had received) and, after it
 * returns, nothing can be received from the timer's channel.
 * r1: stop's result. r2: the firing won its CAS. r3: a value could be received afterwards.
 */
@JCStressTest
@Outcome(id = "true, true, false", expect = Expect.ACCEPTABLE, desc = "fired first; stop discarded the undelivered value")
@Outcome(id = "true, false, false", expect = Expect.ACCEPTABLE, desc = "stop first; the firing lost its CAS")
@Outcome(id = ".*, .*, true", expect = Expect.FORBIDDEN, desc = "a stale value received after stop returned")
@Outcome(id = "false, .*, .*", expect = Expect.FORBIDDEN, desc = "stop said the timer had already expired")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class TimerStopVsFireTest {
    final Timer timer = Time.timer(Duration.ofHours(1));
    final TimerHeap.Node node = TimerProbe.arming(timer);

    @Actor
    public void stopper(ZZZ_Result r) {
        r.r1 = timer.stop();
    }

    @Actor
    public void timerThread(ZZZ_Result r) {
        r.r2 = TimerHeapProbe.fireEarly(node);
    }

    @Arbiter
    public void arbiter(ZZZ_Result r) {
        r.r3 = timer.c().tryRecv() != null;
    }
}
