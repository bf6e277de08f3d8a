package dev.gort.internal;

import java.util.Arrays;

/**
 * A platform thread that readies goroutines in bursts: the timer thread, which wakes every sleeper
 * whose deadline has passed in one pass (100,000 of them when 100,000 goroutines slept for the same
 * millisecond). The goroutines its {@code LockSupport.unpark} calls make runnable on gort's
 * scheduler are not queued one at a time, each with a round of the global queue's lock and a wake-up
 * check: {@link Scheduler#execute} hands them to {@link #defer}, and the end of the burst
 * ({@link #inject()}) puts them into the global queue together and starts an M for each idle P, at
 * most one per goroutine. This is Go's {@code injectglist}, which Go's netpoller uses for the same
 * reason (Go's timers run on the Ps themselves, each P readying its sleepers into its own queue).
 *
 * <p>A goroutine is held here at most until its burst ends or {@link #CAPACITY} are held. Held
 * goroutines are runnable (their threads are no longer parked), so the deadlock detector never takes
 * them for blocked ones.
 *
 * <p>Who writes what: {@link #held}, {@link #count} and {@link #target} belong to this thread alone;
 * only it calls {@code defer} (from {@code execute}, running on it) and {@code inject}. The global
 * queue's lock publishes the goroutines to the Ms. Invariant: {@code held[0..count)} are goroutines
 * of {@code target} readied by this thread, in the order readied, and queued nowhere else; every
 * other slot is null; {@code target} is null exactly when {@code count == 0}.
 */
public final class InjectorThread extends Thread {
    /** The most goroutines held at once. */
    static final int CAPACITY = 64;

    private final Runnable[] held = new Runnable[CAPACITY];
    private int count;
    private Scheduler target;

    public InjectorThread(Runnable body, String name) {
        super(body, name);
    }

    /**
     * Called by {@link Scheduler#execute} on this thread: holds {@code r}, a goroutine of
     * {@code sched} that this thread readied, until {@link #inject()}. If the held goroutines
     * cannot be queued (out of memory for the global queue), throws with them still held and
     * {@code r} not taken, as a failed {@code execute} would.
     */
    void defer(Scheduler sched, Runnable r) {
        assert Thread.currentThread() == this : "defer from " + Thread.currentThread();
        if (count == CAPACITY || (target != sched && count > 0)) {
            inject(); // full, or a goroutine of another scheduler than the held ones: those go first
        }
        target = sched;
        held[count++] = r;
        assert count <= CAPACITY && (count == 1 || held[count - 2] != null) : "injector batch out of shape";
    }

    /**
     * This thread: queues every held goroutine on its scheduler. Call it at the end of each burst,
     * before the thread sleeps. If it throws (out of memory for the global queue), the goroutines
     * stay held for the next call.
     */
    public void inject() {
        assert Thread.currentThread() == this : "inject from " + Thread.currentThread();
        int n = count;
        if (n == 0) {
            assert target == null : "an empty injector batch with a target";
            return;
        }
        target.injectList(held, n); // nulls held[0..n) once they are queued
        assert Arrays.stream(held).allMatch(r -> r == null) : "injected goroutines still held";
        count = 0;
        target = null;
    }

    /** How many goroutines are held (this thread only; tests and assertions). */
    public int held() {
        return count;
    }
}
