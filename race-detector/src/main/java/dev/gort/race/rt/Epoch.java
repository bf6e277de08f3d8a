package dev.gort.race.rt;

/**
 * FastTrack's epochs {@code c@t}, packed in a long: the clock {@code c} in the high 42 bits, the
 * thread slot {@code t} in the low {@value #SLOT_BITS}. 0 is "no access" (clocks start at 1).
 */
final class Epoch {
    static final int SLOT_BITS = 22;
    /** Thread slots: at most this many threads alive (or recently dead) at once. */
    static final int MAX_SLOTS = 1 << SLOT_BITS;
    private static final long SLOT_MASK = MAX_SLOTS - 1;

    private Epoch() {}

    static long of(int slot, long clock) {
        return (clock << SLOT_BITS) | slot;
    }

    static int slot(long epoch) {
        return (int) (epoch & SLOT_MASK);
    }

    static long clock(long epoch) {
        return epoch >>> SLOT_BITS;
    }

    /** True when the access {@code epoch} happens before a thread whose clock is {@code vc}. */
    static boolean before(long epoch, VectorClock vc) {
        return clock(epoch) <= vc.get(slot(epoch));
    }
}
