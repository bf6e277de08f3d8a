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
import org.openjdk.jcstress.infra.results.ZZZZ_Result;

/**
 * {@code Timer.reset()} racing the old arming's firing. Go 1.23: after reset returns, no value from
 * the old arming can be received, and the new arming is pending (a stop right after reports true).
 * r1: reset's result. r2: the old firing won its CAS. r3: a value could be received after reset.
 * r4: a stop after that found the new arming pending.
 */
@JCStressTest
@Outcome(id = "true, true, false, true", expect = Expect.ACCEPTABLE, desc = "fired first; reset discarded the value and re-armed")
@Outcome(id = "true, false, false, true", expect = Expect.ACCEPTABLE, desc = "reset first; the old firing lost its CAS")
@Outcome(id = ".*, .*, true, .*", expect = Expect.FORBIDDEN, desc = "a stale value received after reset returned")
@Outcome(id = ".*, .*, .*, false", expect = Expect.FORBIDDEN, desc = "the new arming was lost (the stale firing disarmed it)")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class TimerResetVsFireTest {
    final Timer timer = Time.timer(Duration.ofHours(1));
    final TimerHeap.Node node = TimerProbe.arming(timer);

    @Actor
    public void resetter(ZZZZ_Result r) {
        r.r1 = timer.reset(Duration.ofHours(1));
    }

    @Actor
    public void timerThread(ZZZZ_Result r) {
        r.r2 = TimerHeapProbe.fireEarly(node);
    }

    @Arbiter
    public void arbiter(ZZZZ_Result r) {
        r.r3 = timer.c().tryRecv() != null;
        r.r4 = timer.stop(); // also leaves nothing armed in the heap
    }
}
