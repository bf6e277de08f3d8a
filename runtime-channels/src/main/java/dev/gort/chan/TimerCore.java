package dev.gort.chan;

import dev.gort.Go;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.RuntimeLock;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.race.Race;
import dev.gort.internal.time.TimerHeap;
import java.time.Instant;

/**
 * What a {@link Timer} and a {@link Ticker} share: one arming at a time in the {@link TimerHeap},
 * and Go 1.23 channel semantics.
 *
 * <p><b>Implementation overview.</b> Each arming is a fresh {@link Armed} node; {@link #armed}
 * names the current one. A node that fires checks, under the timer's lock, that it is still the
 * current arming; a stop or reset replaces or clears {@link #armed} under that same lock, so a
 * node popped by the timer thread just before a stop finds itself stale and delivers nothing.
 * The lock is the channel's own lock (for {@code afterFunc} timers, which have no channel, a
 * private one), so "is this arming current" and "put the value in the channel" are one atomic
 * step, and a stop's "disarm and drain the channel" is another: after {@link #stop} or
 * {@link #reset} returns, no value from an earlier arming can be received (Go 1.23). The timer
 * channel keeps a delivered value in one hidden slot ({@link Chan#timerChan()}) until received;
 * stop/reset drain it, and count a drained value as "stopped before it fired", as Go 1.23 does.
 * Lock order: timer lock &rarr; heap lock (never the reverse: the heap fires nodes unlocked).
 *
 * <p>Race detector hooks (Go's startTimer/resetTimer and runOneTimer): arming releases the timer,
 * a firing acquires it on the timer thread; the delivery is then a buffered send into the channel
 * (whose hooks carry the edge to the receiver), an afterFunc a goroutine start (whose hooks carry
 * it to {@code f}).
 */
final class TimerCore {
    final Chan<Instant> c;
    private final Runnable fn;
    private final RuntimeLock lock;
    /** Ticker period in nanoseconds; 0 for a one-shot timer. Guarded by {@link #lock}. */
    private long period;
    /** The current arming, null when stopped or fired. Guarded by {@link #lock}. */
    private Armed armed;

    private final class Armed extends TimerHeap.Node {
        @Override
        protected void fire() {
            TimerCore.this.fire(this);
        }
    }

    /** A timer with a channel ({@code fn == null}) or an afterFunc timer ({@code fn != null}). */
    TimerCore(Runnable fn) {
        this.fn = fn;
        this.c = fn == null ? Chan.timerChan() : null;
        this.lock = c != null ? c.lock : new RuntimeLock();
    }

    /** Arms for the first time; {@code periodNanos} 0 for one-shot. */
    void start(long delayNanos, long periodNanos) {
        lock.lock();
        try {
            period = periodNanos;
            arm(TimerHeap.deadline(delayNanos));
        } finally {
            lock.unlock();
        }
    }

    private void arm(long when) {
        if (Race.ENABLED) {
            Race.release(this);
        }
        Armed a = new Armed();
        armed = a;
        TimerHeap.get().add(a, when);
    }

    private void fire(Armed a) {
        WaitNode r = null;
        boolean runFn = false;
        lock.lock();
        try {
            if (armed != a) {
                return; // stopped or reset after the heap popped it: stale
            }
            if (Race.ENABLED) {
                Race.acquire(this);
            }
            if (c != null) {
                r = c.timerDeliver(Instant.now());
            } else {
                runFn = true;
            }
            if (period > 0) {
                // Next tick on the original grid; skip ticks already missed (Go's ticker does).
                long next = a.when() + period;
                long now = System.nanoTime();
                if (next - now < 0) {
                    next += ((now - next) / period + 1) * period;
                }
                arm(next);
            } else {
                armed = null;
            }
        } finally {
            lock.unlock();
        }
        if (r != null) {
            Park.ready(r);
        }
        if (runFn) {
            Go.go("gort-afterFunc", fn);
        }
    }

    /**
     * Disarms; returns true if this stopped a pending firing (including a fired value nobody had
     * received yet, which is discarded), false if the timer had already expired or been stopped.
     */
    boolean stop() {
        lock.lock();
        try {
            return disarm();
        } finally {
            lock.unlock();
        }
    }

    private boolean disarm() {
        boolean pending = false;
        if (armed != null) {
            TimerHeap.get().cancel(armed);
            armed = null;
            pending = true;
        }
        if (c != null && c.timerDrain()) {
            pending = true;
        }
        return pending;
    }

    /**
     * The current arming's heap node, or null when stopped or fired: what the timer thread holds
     * once it has popped the node. Only the timer stress tests ask (through a probe class they
     * declare in this package), to fire it early at an exact moment.
     */
    TimerHeap.Node currentArming() {
        lock.lock();
        try {
            return armed;
        } finally {
            lock.unlock();
        }
    }

    /** Disarms, then arms again after {@code delayNanos}; returns what {@link #stop} would. */
    boolean reset(long delayNanos, long periodNanos) {
        lock.lock();
        try {
            boolean pending = disarm();
            period = periodNanos;
            arm(TimerHeap.deadline(delayNanos));
            return pending;
        } finally {
            lock.unlock();
        }
    }
}
