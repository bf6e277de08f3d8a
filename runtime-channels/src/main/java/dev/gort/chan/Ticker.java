package dev.gort.chan;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Ticker}, with Go 1.23 semantics: its channel behaves as unbuffered, ticks for a
 * slow receiver are dropped (at most one waits to be received), and after {@link #stop} or
 * {@link #reset} returns no tick from before the call will be received. Create one with
 * {@link Time#ticker}.
 *
 * <p>Unlike Go 1.23, an unreferenced ticker that was not stopped is not garbage-collected (the
 * timer heap holds it): always {@link #stop()} a ticker you no longer need.
 */
public final class Ticker {
    final TimerCore core;

    Ticker(TimerCore core) {
        this.core = core;
    }

    /** The channel on which the tick times are delivered. */
    public RecvChan<Instant> c() {
        return core.c;
    }

    /** Stops the ticker; no tick is delivered after this returns, and a pending one is discarded. */
    public void stop() {
        core.stop();
    }

    /**
     * Stops the ticker and restarts it with the new period; the next tick comes {@code period}
     * from now.
     *
     * @throws IllegalArgumentException if {@code period} is not positive
     */
    public void reset(Duration period) {
        long p = Time.positive(period, "non-positive interval for Ticker.Reset");
        core.reset(p, p);
    }
}
