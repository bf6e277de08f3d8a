package dev.gort.stress.core;

import dev.gort.internal.park.RuntimeLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The runtime lock (spin, then yield; never parks; a holder taking another never yields): mutual
 * exclusion and publication of the critical section's plain writes to the next holder.
 */
public class RuntimeLockTest {
    /**
     * Two plain counters that actors bump, non-atomically, under {@link #lock}; the arbiter reports
     * them (r1 = a, r2 = b). A lost update shows as a count short of the actors' bumps.
     */
    abstract static class Counts {
        /** The lock that guards the counters. */
        final RuntimeLock lock = new RuntimeLock();
        int a;
        int b;

        /** One read-modify-write of each counter; the caller holds {@link #lock}. */
        void bumpBoth() {
            a = a + 1;
            b = b + 1;
        }

        void report(II_Result r) {
            r.r1 = a;
            r.r2 = b;
        }
    }

    /** Two lockers each do a non-atomic read-modify-write of two plain fields under the lock. */
    @JCStressTest
    @Outcome(id = "2, 2", expect = Expect.ACCEPTABLE, desc = "every increment kept, both fields agree")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a lost update or a torn critical section: no mutual exclusion")
    @State
    public static class Exclusion extends Counts {
        private void inc() {
            lock.lock();
            bumpBoth();
            lock.unlock();
        }

        @Actor
        public void t1() {
            inc();
        }

        @Actor
        public void t2() {
            inc();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            report(r);
        }
    }

    /** tryLock racing lock: at most one holds it at a time; whoever holds it sees the other's write. */
    @JCStressTest
    @Outcome(id = "1, 1, 2", expect = Expect.ACCEPTABLE, desc = "tryLock got it (first or after the unlock)")
    @Outcome(id = "0, 1, 1", expect = Expect.ACCEPTABLE, desc = "tryLock found it held and did nothing")
    @Outcome(expect = Expect.FORBIDDEN, desc = "both in the critical section, or a write lost")
    @State
    public static class TryLockVsLock {
        final RuntimeLock lock = new RuntimeLock();
        int inside;
        int writes;

        @Actor
        public void locker(III_Result r) {
            lock.lock();
            inside++;
            writes++;
            r.r2 = inside;
            inside--;
            lock.unlock();
        }

        @Actor
        public void trier(III_Result r) {
            if (lock.tryLock()) {
                inside++;
                writes++;
                int seen = inside;
                inside--;
                lock.unlock();
                r.r1 = seen == 1 ? 1 : -1;
            } else {
                r.r1 = 0;
            }
        }

        @Arbiter
        public void arbiter(III_Result r) {
            r.r3 = writes;
        }
    }

    /**
     * A select's way of holding two locks (the first taken with {@code lock()}, the next in lock order
     * with {@code lockWhileHolding()}, which never yields) against a plain holder of the second:
     * exclusion on the second lock, each holder's writes seen by the next. (Two actors: jcstress runs
     * no test with more actors than CPUs, and the reference machine has two.)
     */
    @JCStressTest
    @Outcome(id = "1, 2", expect = Expect.ACCEPTABLE, desc = "every update kept")
    @Outcome(expect = Expect.FORBIDDEN, desc = "a lost update: two holders of one lock, or a write not published")
    @State
    public static class WhileHolding extends Counts {
        /** The select's first lock; the counters' {@link #lock} is its second, in lock order. */
        final RuntimeLock first = new RuntimeLock();

        @Actor
        public void select() {
            first.lock();
            lock.lockWhileHolding();
            bumpBoth();
            lock.unlock();
            first.unlock();
        }

        @Actor
        public void plain() {
            lock.lock();
            b = b + 1;
            lock.unlock();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            report(r);
        }
    }
}
