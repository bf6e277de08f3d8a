package dev.gort.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.gort.sync.WaitGroup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/** jcstress tests for WaitGroup's state word (counter | generation | WAITERS). */
public final class WaitGroupStress {
    private WaitGroupStress() {}

    /** Counter is 0 iff add(-1) throws (and the throw leaves it unchanged). */
    static int probeZero(WaitGroup wg) {
        try {
            wg.add(-1);
            wg.add(1);
            return 0; // was positive
        } catch (IllegalStateException e) {
            return 1; // was zero
        }
    }

    /** Two concurrent done() calls on a counter of 2 leave exactly zero: no lost decrement. */
    @JCStressTest
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "counter reached exactly zero")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "a decrement was lost")
    @State
    public static class ConcurrentDone {
        final WaitGroup wg = new WaitGroup();

        public ConcurrentDone() {
            wg.add(2);
        }

        @Actor
        public void a1() {
            wg.done();
        }

        @Actor
        public void a2() {
            wg.done();
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = probeZero(wg);
        }
    }

    /** An add(+1) racing a done(): the counter ends where it started, never negative or lost. */
    @JCStressTest
    @Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "both applied; counter back to 1")
    @Outcome(expect = FORBIDDEN, desc = "an update was lost or refused")
    @State
    public static class AddRacingDone {
        final WaitGroup wg = new WaitGroup();

        public AddRacingDone() {
            wg.add(1);
        }

        @Actor
        public void a1(III_Result r) {
            wg.add(1);
            r.r1 = 1;
        }

        @Actor
        public void a2(III_Result r) {
            wg.done();
            r.r2 = 1;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = probeZero(wg);
        }
    }

    /** Two done() calls on a counter of 1: exactly one throws, and the counter stays at zero. */
    @JCStressTest
    @Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "one done applied, the other refused")
    @Outcome(expect = FORBIDDEN, desc = "both applied (negative) or both refused")
    @State
    public static class NegativeRefused {
        final WaitGroup wg = new WaitGroup();

        public NegativeRefused() {
            wg.add(1);
        }

        static int tryDone(WaitGroup wg) {
            try {
                wg.done();
                return 1;
            } catch (IllegalStateException e) {
                return 0;
            }
        }

        @Actor
        public void a1(III_Result r) {
            r.r1 = tryDone(wg);
        }

        @Actor
        public void a2(III_Result r) {
            r.r2 = tryDone(wg);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = probeZero(wg);
        }
    }

    /** await() racing the done() that reaches zero always returns: no lost wakeup. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "await returned")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "await missed the zero")
    @State
    public static class AwaitRacingDone {
        final WaitGroup wg = new WaitGroup();

        public AwaitRacingDone() {
            wg.add(1);
        }

        @Actor
        public void waiter() {
            wg.await();
        }

        @Signal
        public void signal() {
            wg.done();
        }
    }
}
