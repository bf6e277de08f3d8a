package dev.gort.internal;

import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The state of a run-queue test with two actors, the owner of {@link #victim} and a thief stealing
 * from it into its own {@link #thief} queue, and their shared halves: the steal, and the arbiter's
 * count of where every runnable ended up.
 */
abstract class OwnerVsThief {
    final RunQueue victim = new RunQueue();
    final RunQueue thief = new RunQueue();
    Runnable ownerTook;
    Runnable thiefTook;

    /** The thief's actor: one steal, runnext allowed or not, the victim taken as not running. */
    void steal(boolean runnext) {
        thiefTook = thief.stealInto(victim, runnext, false, 0);
    }

    /** 0 when each of the first {@code n} items came out exactly once (see {@link Items#verdict}). */
    int verdict(int n) {
        return Items.verdictAfterDraining(n, new Runnable[] {ownerTook, thiefTook}, victim, thief);
    }

    /** The runnext tests' result: r1 the {@link #verdict} for {@code n} items, r2 whether the thief got one. */
    void report(II_Result r, int n) {
        r.r1 = verdict(n);
        r.r2 = thiefTook == null ? 0 : 1;
    }
}
