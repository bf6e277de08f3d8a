package dev.gort.internal.time;

/**
 * Lets the timer stress tests stand in for the timer thread: {@link #fireEarly} fires a pending node
 * at the exact moment a test actor chooses, racing stop/reset with the same one-winner CAS the timer
 * thread uses. It lives in the runtime's package (split with the library on the class path, test
 * code only) because that entry point is package-private: tests reach internals this way and no
 * other.
 */
public final class TimerHeapProbe {
    private TimerHeapProbe() {}

    /** {@link TimerHeap#fireEarly} on the runtime's heap. */
    public static boolean fireEarly(TimerHeap.Node n) {
        return TimerHeap.get().fireEarly(n);
    }
}
