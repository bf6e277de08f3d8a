package dev.gort.chan;

import dev.gort.internal.time.TimerHeap;

/**
 * Lets the timer stress tests stand in for the timer thread: it hands out the heap node a timer
 * or ticker is currently armed with, which {@code TimerHeapProbe.fireEarly} then fires at the exact
 * moment a test actor chooses. It lives in {@code dev.gort.chan} (a package split with the library
 * on the class path, test code only) because a timer's arming is package-private.
 */
public final class TimerProbe {
    private TimerProbe() {}

    /** The node {@code t} is armed with now, or null if it is stopped or has fired. */
    public static TimerHeap.Node arming(Timer t) {
        return t.core.currentArming();
    }

    /** The node {@code t} is armed with now (its next tick), or null if it is stopped. */
    public static TimerHeap.Node arming(Ticker t) {
        return t.core.currentArming();
    }
}
