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
     * The calling goroutine is about to start a new goroutine ({@code true}), or has started it
     * ({@code false}): the start wakes an idle M at once (see {@link Scheduler#execute}).
     */
    static void spawning(boolean spawning) {
        if (GMP && VirtualThreads.currentCarrierThread() instanceof M m) {
            m.spawning = spawning;
        }
    }
}
