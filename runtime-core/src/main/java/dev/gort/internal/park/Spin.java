package dev.gort.internal.park;

/**
 * How the runtime's spinning waits wait (Go's {@code procyield} / {@code osyield} in its lock):
 * exponential backoff in rounds of {@link Thread#onSpinWait()}, then yielding. Used by the runtime
 * lock, the global run queue's lock and a buffered channel's lock-free ring: each waits only for
 * code that runs right now on another carrier, so none of them parks.
 *
 * <p><b>A goroutine that holds a runtime lock never yields.</b> {@link Thread#yield()} on a virtual
 * thread is not the OS's yield: the goroutine leaves its carrier and waits in a run queue, and the
 * locks it holds stay held by a goroutine that is not running. Everyone who then wants one of them
 * spins for it and yields in turn (a convoy). Go's runtime never reschedules a goroutine that holds
 * a runtime lock ({@code m.locks}); here, a wait of a caller that holds one (a select taking its
 * further channels' locks in lock order; a channel-lock holder waiting for a lock-free operation's
 * slot store) goes through the {@code WhileHolding} forms, which keep a goroutine spinning. That is
 * safe because, with this rule, whatever such a wait waits for is running: a lock holder, or a
 * lock-free operation between its claim and its store, neither of which parks or yields. A platform
 * thread's yield is the OS's and keeps nobody waiting, so platform threads yield in both forms.
 * {@link RuntimeLock} asserts the rule.
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
     * For waits among many contenders (a lock): backing off keeps them off the contended line. The
     * caller holds no runtime lock.
     */
    public static void backoffThenYield(int round, int spinRounds) {
        if (round < spinRounds) {
            backoff(round);
        } else {
            yieldHoldingNothing();
        }
    }

    /**
     * {@link #backoffThenYield} for a caller that holds a runtime lock: a goroutine keeps backing off
     * in rounds of the longest length instead of yielding (see the class comment).
     */
    public static void backoffWhileHolding(int round, int spinRounds) {
        if (round < spinRounds || Thread.currentThread().isVirtual()) {
            backoff(round);
        } else {
            Thread.yield();
        }
    }

    /**
     * Round {@code round} of a wait for one store that one known party, running now, is about to
     * make: a single {@link Thread#onSpinWait()} for {@code spins} rounds, so that the store is seen
     * within a pause of landing, then a yield once a round, as above. Backing off would only delay
     * seeing it: there are no other contenders to spread out. The caller holds no runtime lock.
     */
    public static void pollThenYield(int round, int spins) {
        if (round < spins) {
            Thread.onSpinWait();
        } else {
            yieldHoldingNothing();
        }
    }

    /**
     * {@link #pollThenYield} for a caller that holds a runtime lock: a goroutine keeps looking once
     * a pause instead of yielding (see the class comment).
     */
    public static void pollWhileHolding(int round, int spins) {
        if (round < spins || Thread.currentThread().isVirtual()) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    private static void yieldHoldingNothing() {
        assert !Thread.currentThread().isVirtual() || !RuntimeLock.anyHeldByCurrentThread()
                : "a goroutine yields its carrier while it holds a runtime lock";
        Thread.yield();
    }
}
