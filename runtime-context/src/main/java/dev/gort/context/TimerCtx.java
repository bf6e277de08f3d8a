package dev.gort.context;

import dev.gort.chan.Time;
import dev.gort.chan.Timer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code timerCtx}: a {@link CancelCtx} with its own deadline, canceled with
 * {@link Context#DEADLINE_EXCEEDED} by a timer of the runtime's timer heap
 * ({@link Time#afterFunc}: one heap entry, no thread), stopped when the context is canceled first.
 *
 * <p>{@link #timer}: set once by the creating thread after the timer is armed; taken (set to null)
 * by whichever of the creator and the canceller sees the other's write, which then stops it. Both
 * fields involved ({@code timer} here, {@code err} in the base) are volatile, so the two checks are
 * a Dekker pair: a timer armed during a concurrent cancel is always stopped.
 */
final class TimerCtx extends CancelCtx {
    private static final VarHandle TIMER;

    static {
        try {
            TIMER = MethodHandles.lookup().findVarHandle(TimerCtx.class, "timer", Timer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Timer timer;

    TimerCtx(Context parent, Instant deadline) {
        super(parent, deadline);
    }

    /** Arms the deadline timer; {@code remaining} is positive. Called once, by the creator. */
    void arm(Duration remaining, Throwable deadlineCause) {
        Timer t = Time.afterFunc(remaining, () -> cancel(true, Context.DEADLINE_EXCEEDED, deadlineCause));
        timer = t;
        if (err() != null) {
            stopTimer(); // canceled while we armed it: the canceller may have missed the timer
        }
    }

    @Override
    void canceled() {
        stopTimer();
    }

    private void stopTimer() {
        Timer t = (Timer) TIMER.getAndSet(this, (Timer) null);
        if (t != null) {
            t.stop();
        }
    }

    @Override
    public String toString() {
        Throwable e = err();
        return "context.WithDeadline(" + deadline + ")" + (e != null ? "[" + e.getMessage() + "]" : "");
    }
}
