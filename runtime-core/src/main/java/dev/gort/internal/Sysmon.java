package dev.gort.internal;

import dev.gort.internal.park.Clock;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's sysmon: one daemon platform thread that keeps every P moving.
 *
 * <p>Each round ({@link Scheduler#sysmonRound}) it looks at every P that is running a goroutine while
 * other work waits:
 * <ul>
 *   <li>no goroutine switch for {@value #STUCK_MILLIS} ms — a CPU-bound goroutine that never parks, or
 *       a carrier pinned by file I/O, a native call or a class initializer: the P is handed to a
 *       spare M so its other goroutines run on (the JDK compensates for pinned carriers only on its
 *       own scheduler);</li>
 *   <li>switches, but one time slice for {@value #SLICE_MILLIS} ms — a pair handing off through
 *       runnext, which inherits the slice: the P is asked to let its queue go first.</li>
 * </ul>
 * It also sweeps detached Ps, runs a lost-wakeup watchdog, advances the coarse {@link Clock} of wait
 * durations, and gives the deadlock detector its look. Its period is Go's: 20 µs, doubling
 * after 50 idle rounds up to 10 ms, back to 20 µs as soon as a round hands a P off, moves work a
 * detached P left, or its watchdog fires (as Go's resets only for Ps it retook: wake-ups and
 * preemption requests do not count); but at most
 * {@value #QUIET_READY_MAX_DELAY_NANOS} ns while a P is idle and a running P holds a goroutine in
 * runnext (readies into runnext may wake no M).
 */
final class Sysmon extends Thread {
    static final long STUCK_MILLIS = 10;
    static final long SLICE_MILLIS = 10;
    private static final long MIN_DELAY_NANOS = 20_000;
    private static final long MAX_DELAY_NANOS = 10_000_000;
    /**
     * The longest period while a P is idle and a running P holds a goroutine in runnext, which may
     * have been readied without a wake-up (see Scheduler.execute): one whose readier runs on gets an
     * M within two such periods.
     */
    static final long QUIET_READY_MAX_DELAY_NANOS = 200_000;
    private static final int IDLE_ROUNDS_BEFORE_BACKOFF = 50;
    private static final long PAUSE_SLACK_NANOS = 2_000_000;

    private final Scheduler sched;
    /** True while sysmon sleeps longer than {@link #QUIET_READY_MAX_DELAY_NANOS}; see {@link #nudge}. */
    private volatile boolean dozing;

    Sysmon(Scheduler sched) {
        super(null, null, "gort-sysmon", 0, false);
        this.sched = sched;
        setDaemon(true);
    }

    /** Whether sysmon sleeps longer than {@link #QUIET_READY_MAX_DELAY_NANOS} now (racy; a hint). */
    boolean dozing() {
        return dozing;
    }

    /**
     * A goroutine was readied without waking an M while a P is idle, and sysmon sleeps long: wake it,
     * so that its next rounds (at most {@link #QUIET_READY_MAX_DELAY_NANOS} apart while a P is idle)
     * look at that runnext.
     */
    void nudge() {
        if (dozing) {
            dozing = false;
            LockSupport.unpark(this);
        }
    }

    @Override
    public void run() {
        long delay = MIN_DELAY_NANOS;
        int idle = 0;
        long last = System.nanoTime();
        for (;;) {
            if (idle == 0) {
                delay = MIN_DELAY_NANOS;
            } else if (idle > IDLE_ROUNDS_BEFORE_BACKOFF) {
                delay = Math.min(delay * 2, MAX_DELAY_NANOS);
            }
            if (sched.runnextWaitsSeen && delay > QUIET_READY_MAX_DELAY_NANOS) {
                delay = QUIET_READY_MAX_DELAY_NANOS; // doubling resumes from here when they stop
            }
            // sysmon is a platform thread that must keep running when goroutines cannot: it never
            // waits through the blocking layer (which parks goroutines) or on a timer.
            boolean doze = delay > QUIET_READY_MAX_DELAY_NANOS;
            if (doze) {
                dozing = true; // a nudge from here on cuts the sleep short (unpark before park too)
            }
            LockSupport.parkNanos(this, delay);
            if (doze) {
                dozing = false;
            }
            long now = System.nanoTime();
            Clock.tick(now);
            // Overslept by far more than asked: the JVM was paused (GC safepoint) and so was every
            // goroutine; an unmoved P proves nothing this round.
            boolean rebaseline = now - last > 2 * delay + PAUSE_SLACK_NANOS;
            last = now;
            boolean acted;
            try {
                acted = sched.sysmonRound(now, rebaseline, STUCK_MILLIS * 1_000_000, SLICE_MILLIS * 1_000_000);
            } catch (Throwable t) {
                acted = false; // never let the monitor die; the round is retried next period
            }
            idle = acted ? 0 : idle + 1;
            try {
                sched.deadlockCheck(now);
                sched.monitorChores(now);
            } catch (Throwable t) {
                // diagnostics must never take sysmon down
            }
        }
    }
}
