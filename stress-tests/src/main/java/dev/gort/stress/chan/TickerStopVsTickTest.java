package dev.gort.stress.chan;

import dev.gort.chan.Ticker;
import dev.gort.chan.Time;
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
 * {@code Ticker.stop()} racing a tick. A tick re-arms the ticker for the next period; if that
 * re-arming could slip in after the stop, the "stopped" ticker would tick forever. After stop
 * returns: no tick receivable and nothing armed.
 * r1: the tick won its CAS. r2: a tick could be received after stop. r3: the ticker is still armed.
 */
@JCStressTest
@Outcome(id = "true, false, false", expect = Expect.ACCEPTABLE, desc = "ticked first; stop discarded the tick and the re-arming")
@Outcome(id = "false, false, false", expect = Expect.ACCEPTABLE, desc = "stop first; the tick lost its CAS")
@Outcome(id = ".*, true, .*", expect = Expect.FORBIDDEN, desc = "a tick received after stop returned")
@Outcome(id = ".*, .*, true", expect = Expect.FORBIDDEN, desc = "the stopped ticker is still armed")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class TickerStopVsTickTest {
    final Ticker ticker = Time.ticker(Duration.ofHours(1));
    final TimerHeap.Node node = TimerProbe.arming(ticker);

    @Actor
    public void stopper() {
        ticker.stop();
    }

    @Actor
    public void timerThread(ZZZ_Result r) {
        r.r1 = TimerHeapProbe.fireEarly(node);
    }

    @Arbiter
    public void arbiter(ZZZ_Result r) {
        r.r2 = ticker.c().tryRecv() != null;
        r.r3 = TimerProbe.arming(ticker) != null;
    }
}
