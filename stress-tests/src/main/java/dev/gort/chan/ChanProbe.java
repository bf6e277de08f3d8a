package dev.gort.chan;

/**
 * Lets the channel stress tests see how many goroutines wait on a channel, so that a test can start
 * from a sender parked on a full buffer. It lives in {@code dev.gort.chan} (a package split with the
 * library on the class path, test code only) because the queues are package-private.
 */
public final class ChanProbe {
    private ChanProbe() {}

    /** Goroutines (or threads) parked sending on {@code c}. */
    public static int waitingSenders(Chan<?> c) {
        return c.waitingSenders();
    }
}
