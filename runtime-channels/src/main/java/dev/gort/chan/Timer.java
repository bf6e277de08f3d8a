package dev.gort.chan;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Timer}, with Go 1.23 semantics: its channel behaves as unbuffered ({@code len}
 * and {@code cap} are 0), and after {@link #stop} or {@link #reset} returns, no value from before
 * the call will be received. Create one with {@link Time#timer} or {@link Time#afterFunc}.
 */
public final class Timer {
    final TimerCore core;

    Timer(TimerCore core) {
        this.core = core;
    }

    /**
     * The channel on which the time of firing ({@link Instant#now()} then) is delivered; null for
     * a timer made by {@link Time#afterFunc}.
     */
    public RecvChan<Instant> c() {
        return core.c;
    }

    /**
     * Stops the timer.
     *
     * @return true if the call stopped it before it fired (a fired value not yet received counts as
     *     not fired: it is discarded); false if it had already fired or been stopped
     */
    public boolean stop() {
        return core.stop();
    }

    /**
     * Stops the timer and re-arms it to fire after {@code d} (at once if {@code d} is not
     * positive).
     *
     * @return what {@link #stop()} would have returned
     */
    public boolean reset(Duration d) {
        return core.reset(Time.nanos(d), 0);
    }
}
