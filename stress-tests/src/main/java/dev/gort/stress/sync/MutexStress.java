package dev.gort.stress.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.gort.sync.Mutex;
import dev.gort.sync.Once;
import dev.gort.sync.RWMutex;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;
import org.openjdk.jcstress.infra.results.ZZ_Result;

/** jcstress tests for Mutex's state word (LOCKED | STARVING), RWMutex's, and Once's done flag. */
public final class MutexStress {
    private MutexStress() {}

    /** lock/x++/unlock in two actors: the plain increment is never lost. */
    @JCStressTest
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "mutual exclusion held")
    @Outcome(expect = FORBIDDEN, desc = "both were inside at once")
    @State
    public static class Exclusion {
        final Mutex mu = new Mutex();
        int x;

        @Actor
        public void a1() {
            mu.lock();
            try {
                x++;
            } finally {
                mu.unlock();
            }
        }

        @Actor
        public void a2() {
            mu.lock();
            try {
                x++;
            } finally {
                mu.unlock();
            }
        }

        @Arbiter
        public void arbiter(I_Result r) {
            r.r1 = x;
        }
    }

    /** Two tryLocks on a free mutex: exactly one wins. */
    @JCStressTest
    @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "one winner")
    @Outcome(expect = FORBIDDEN, desc = "two winners or none")
    @State
    public static class TryLockRace {
        final Mutex mu = new Mutex();

        @Actor
        public void a1(ZZ_Result r) {
            r.r1 = mu.tryLock();
        }

        @Actor
        public void a2(ZZ_Result r) {
            r.r2 = mu.tryLock();
        }
    }

    /** Two unlocks of a mutex locked once: exactly one succeeds, and it ends unlocked. */
    @JCStressTest
    @Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "one unlock, one 'unlock of unlocked mutex'")
    @Outcome(expect = FORBIDDEN, desc = "state word corrupted")
    @State
    public static class DoubleUnlock {
        final Mutex mu = new Mutex();

        public DoubleUnlock() {
            mu.lock();
        }

        static int tryUnlock(Mutex mu) {
            try {
                mu.unlock();
                return 1;
            } catch (IllegalStateException e) {
                return 0;
            }
        }

        @Actor
        public void a1(III_Result r) {
            r.r1 = tryUnlock(mu);
        }

        @Actor
        public void a2(III_Result r) {
            r.r2 = tryUnlock(mu);
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = mu.tryLock() ? 1 : 0;
        }
    }

    /** A blocked lock() always wakes when another thread unlocks: no lost wakeup. */
    @JCStressTest(Mode.Termination)
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the waiter got the lock")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "the waiter missed the unlock")
    @State
    public static class LockWakesOnUnlock {
        final Mutex mu = new Mutex();

        public LockWakesOnUnlock() {
            mu.lock();
        }

        @Actor
        public void waiter() {
            mu.lock();
        }

        @Signal
        public void signal() {
            mu.unlock();
        }
    }

    /** tryRLock racing tryLock on a free RWMutex: never both. */
    @JCStressTest
    @Outcome(id = {"true, false", "false, true"}, expect = ACCEPTABLE, desc = "one of them")
    @Outcome(expect = FORBIDDEN, desc = "a reader and a writer together, or neither on a free lock")
    @State
    public static class RWTryRace {
        final RWMutex rw = new RWMutex();

        @Actor
        public void a1(ZZ_Result r) {
            r.r1 = rw.tryRLock();
        }

        @Actor
        public void a2(ZZ_Result r) {
            r.r2 = rw.tryLock();
        }
    }

    /** Two racing Once.run calls: the function runs once and both see its effect. */
    @JCStressTest
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "ran once, both saw it")
    @Outcome(expect = FORBIDDEN, desc = "ran twice, or a caller returned before it ran")
    @State
    public static class OnceRace {
        final Once once = new Once();
        int runs;
        int value;

        @Actor
        public void a1(III_Result r) {
            once.run(() -> {
                runs++;
                value = 1;
            });
            r.r1 = value;
        }

        @Actor
        public void a2(III_Result r) {
            once.run(() -> {
                runs++;
                value = 1;
            });
            r.r2 = value;
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = runs;
        }
    }
}
