package dev.gort.internal.park;

/**
 * A coarse clock for wait durations in goroutine dumps ({@code [chan receive, 2 minutes]}): whole
 * seconds since the runtime started, advanced by the runtime's monitor thread (sysmon, or the
 * fallback mode's monitor) rather than read from the OS on every park. Reading it is one volatile
 * load of a value that changes once a second: a park can afford that, not a {@code nanoTime()} call.
 *
 * <p>Written by the monitor thread only; read by any thread.
 */
public final class Clock {
    /** What {@link Blocker#waitingSince()} returns when a wait's start is not recorded. */
    public static final int UNKNOWN = Integer.MIN_VALUE;

    private static final long START = System.nanoTime();
    private static volatile int seconds;

    private Clock() {}

    /** Whole seconds since start, as of the monitor's last tick. */
    public static int seconds() {
        return seconds;
    }

    /** Monitor thread only: brings the clock up to {@code nowNanos} ({@link System#nanoTime()}). */
    public static void tick(long nowNanos) {
        int s = (int) ((nowNanos - START) / 1_000_000_000L);
        if (s != seconds) {
            seconds = s;
        }
    }
}
