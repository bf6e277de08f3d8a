package dev.gort.internal.park;

/**
 * How the runtime's spinning waits wait (Go's {@code procyield} / {@code osyield} in its lock):
 * exponential backoff in rounds of {@link Thread#onSpinWait()}, then yielding. Used by the runtime
 * lock, the global run queue's lock and a buffered channel's lock-free ring: each waits only for
 * code that runs right now on another carrier, so none of them parks.
 */
public final class Spin {
    /** The longest round: 2<sup>6</sup> spins. */
    private static final int MAX_ROUND = 6;

    private Spin() {}

    /**
     * Round {@code round} of exponential backoff: 1, 2, 4 ... 64 spins; every later round 64 (a
     * counter that has wrapped around to negative, 1).
     */
    public static void backoff(int round) {
        for (int i = 1 << Math.max(0, Math.min(round, MAX_ROUND)); i > 0; i--) {
            Thread.onSpinWait();
        }
    }

    /**
     * Round {@code round} of a wait that backs off for {@code spinRounds} rounds, then yields the
     * CPU (a goroutine yields its P) once a round, in case whoever it waits for was descheduled.
     * For waits among many contenders (a lock): backing off keeps them off the contended line.
     */
    public static void backoffThenYield(int round, int spinRounds) {
        if (round < spinRounds) {
            backoff(round);
        } else {
            Thread.yield();
        }
    }

    /**
     * Round {@code round} of a wait for one store that one known party, running now, is about to
     * make: a single {@link Thread#onSpinWait()} for {@code spins} rounds, so that the store is seen
     * within a pause of landing, then a yield once a round, as above. Backing off would only delay
     * seeing it: there are no other contenders to spread out.
     */
    public static void pollThenYield(int round, int spins) {
        if (round < spins) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
