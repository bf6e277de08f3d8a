package dev.gort.internal;

/**
 * What the blocking layer tells the scheduler about the carrier it runs on. Only for gort's own
 * carriers (M threads) in the G-M-P mode; a no-op anywhere else.
 */
public final class Carriers {
    private static final boolean GMP = VirtualThreads.available();

    private Carriers() {}

    /**
     * The calling goroutine is about to park in the blocking layer. While it parks, the JDK may
     * re-submit it to this carrier (a wake-up from another carrier beat the park); the scheduler then
     * treats that as a ready into this P's runnext, not as a yield to the global queue. Returns, if
     * {@code spinWanted}, whether it may spin first (Go's {@code sync_runtime_canSpin}; see
     * {@link Scheduler#canSpin}): nothing re-submits a goroutine that spins, so the mark can come
     * first. Cost: one carrier lookup (a static method handle).
     */
    public static boolean beginPark(boolean spinWanted) {
        if (GMP && VirtualThreads.currentCarrierThread() instanceof M m) {
            m.parking = true;
            return spinWanted && m.sched.canSpin(m);
        }
        return false;
    }

    /** The calling goroutine is back from the park (or the spin) that {@link #beginPark} announced. */
    public static void endPark() {
        if (GMP && VirtualThreads.currentCarrierThread() instanceof M m) {
            m.parking = false;
        }
    }

    /**
     * Starts {@code t}; from a goroutine on one of our carriers, marked as a start, which wakes an
     * idle M at once as Go's newproc does (see {@link Scheduler#execute}). The goroutine cannot leave
     * its carrier during {@code start()}: nothing in it parks.
     */
    static void start(Thread t) {
        if (GMP && VirtualThreads.currentCarrierThread() instanceof M m) {
            m.spawning = true;
            try {
                t.start();
            } finally {
                m.spawning = false;
            }
        } else {
            t.start();
        }
    }
}
