package dev.gort.chan;

import dev.gort.GoInterruptedException;
import dev.gort.internal.park.Park;
import dev.gort.internal.time.TimerHeap;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Go's {@code time} package, the parts that involve channels and sleeping. Everything runs on the
 * runtime's timer heap, served by a platform daemon thread ({@code gort-timers}; one per four cores
 * on larger machines), so 100,000 pending timers or sleepers cost 100,000 small heap entries, not
 * threads.
 */
public final class Time {
    private Time() {}

    /** Go's {@code time.After}: a channel that receives the time once, after {@code d}. */
    public static RecvChan<Instant> after(Duration d) {
        return timer(d).c();
    }

    /** Go's {@code time.NewTimer}: fires once after {@code d} (at once if not positive). */
    public static Timer timer(Duration d) {
        TimerCore core = new TimerCore(null);
        core.start(nanos(d), 0);
        return new Timer(core);
    }

    /**
     * Go's {@code time.AfterFunc}: after {@code d}, runs {@code f} in its own goroutine. The
     * returned timer's {@link Timer#c()} is null; {@link Timer#stop()} returns true if it stopped
     * {@code f} from being started.
     */
    public static Timer afterFunc(Duration d, Runnable f) {
        TimerCore core = new TimerCore(Objects.requireNonNull(f, "f"));
        core.start(nanos(d), 0);
        return new Timer(core);
    }

    /**
     * Go's {@code time.NewTicker}: delivers the time every {@code period}.
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public static Ticker ticker(Duration period) {
        long p = positive(period, "non-positive interval for NewTicker");
        TimerCore core = new TimerCore(null);
        core.start(p, p);
        return new Ticker(core);
    }

    /**
     * Go's {@code time.Sleep}: parks the caller (a goroutine parks, a platform thread blocks) for at
     * least {@code d}; returns at once if {@code d} is not positive.
     *
     * @throws GoInterruptedException if interrupted while sleeping (interrupt status kept)
     */
    public static void sleep(Duration d) {
        if (!Park.sleep(nanos(d))) {
            throw new GoInterruptedException("sleep");
        }
    }

    /** A duration in nanoseconds, saturating instead of overflowing. */
    static long nanos(Duration d) {
        return TimerHeap.nanos(Objects.requireNonNull(d, "duration"));
    }

    static long positive(Duration d, String message) {
        long ns = nanos(d);
        if (ns <= 0) {
            throw new IllegalArgumentException(message);
        }
        return ns;
    }
}
