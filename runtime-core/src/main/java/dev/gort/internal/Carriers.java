package dev.gort.internal;

/**
 * What the blocking layer tells the scheduler about the carrier it runs on. Only for gort's own
 * carriers (M threads) in the G-M-P mode; a no-op anywhere else.
 */
public final class Carriers {
    private static final boolean GMP = VirtualThreads.available();

    private Carriers() {}

    /**
     * The calling goroutine is about to park in the blocking layer ({@code true}), or is back from
     * it ({@code false}). While it parks, the JDK may re-submit it to this carrier (a wake-up from
     * another carrier beat the park); the scheduler then treats that as a ready into this P's
     * runnext, not as a yield to the global queue. Cost: one carrier lookup (a static method handle).
     */
    public static void parking(boolean parking) {
        if (GMP && VirtualThreads.currentCarrierThread() instanceof M m) {
            m.parking = parking;
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
