package dev.gort.internal.park;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The runtime's short internal lock (Go's runtime {@code mutex}): what a channel, a WaitGroup's
 * queue, a Cond, a Semaphore or a context holds for a few dozen instructions while it looks at its
 * state and its wait queues. Not reentrant, not interruptible, never throws.
 *
 * <p>Rules for every critical section under it: no blocking, no parking, no user code, no
 * allocation that can be avoided; wake-ups ({@link Park#ready}) only after {@link #unlock()}. More than
 * one of these locks is held at once only by a select, which takes its channels' locks in channel-id
 * order.
 *
 * <p><b>How it waits: it never parks.</b> A goroutine holding this lock cannot be descheduled by
 * gort (a goroutine leaves its carrier only when it parks, and nothing parks in a critical section),
 * so a contender waits for code that is running right now on another carrier, for well under a
 * microsecond, unless the OS preempted that carrier. Parking the contender would be the wrong trade:
 * a parked goroutine leaves its carrier, and every contended unlock would then have to ready a
 * goroutine through the scheduler (measured on 16 cores: half of all samples of a contended channel
 * workload were AQS's {@code signalNext} from the unlock, a convoy). So, as Go's lock does before it
 * sleeps: test-and-test-and-set with exponential backoff ({@link Thread#onSpinWait()} in rounds of
 * 1, 2, 4 ... 64), and after {@link #SPIN_ROUNDS} rounds {@link Thread#yield()} between attempts,
 * which lets the carrier (or, for a platform thread, the CPU) do other work if the holder really
 * was descheduled. Unlock is one release store: it wakes nobody, because nobody sleeps.
 *
 * <p><b>A holder never leaves its carrier.</b> The claim above needs every way of waiting inside a
 * critical section to keep the goroutine on its carrier: a caller that already holds a runtime lock
 * takes another with {@link #lockWhileHolding()}, which spins and never yields (see {@link Spin}).
 *
 * <p>Who writes what: {@link #state} goes 0 &rarr; 1 only by CAS (the acquirer), 1 &rarr; 0 only by
 * the holder's release store; the holder's writes in the critical section happen-before the next
 * acquirer's reads through that release/CAS pair. {@link #holder}, and the calling thread's count of
 * runtime locks held: written by the holder, only with assertions enabled (every test JVM), so that
 * {@link #unlock()} can assert the caller holds the lock, {@link #lock()} that it holds no other,
 * and {@link Spin} that a goroutine holding one never yields.
 */
public final class RuntimeLock {
    /** Assertions on: record and check the holder (a constant the JIT folds away when off). */
    private static final boolean CHECKED = RuntimeLock.class.desiredAssertionStatus();

    /**
     * Backoff rounds before yielding between attempts; 0 on a single processor, where nobody can be
     * running the critical section while we spin. The system property {@code gort.lock.spins}
     * overrides it (a measuring knob).
     */
    private static final int SPIN_ROUNDS = Integer.getInteger("gort.lock.spins",
            Runtime.getRuntime().availableProcessors() > 1 ? 10 : 0);

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(RuntimeLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** How many runtime locks the calling thread holds; assertions only (null when off). */
    private static final ThreadLocal<int[]> HELD = CHECKED ? ThreadLocal.withInitial(() -> new int[1]) : null;

    /** 0 free, 1 held. */
    private volatile int state;
    /** The holder, recorded only with assertions enabled. */
    private Thread holder;

    /**
     * Takes the lock, spinning with backoff, then yielding, while another thread holds it. The
     * caller holds no other runtime lock (else {@link #lockWhileHolding()}).
     */
    public void lock() {
        assert !CHECKED || HELD.get()[0] == 0 : "lock() while holding a runtime lock: use lockWhileHolding()";
        acquire(false);
    }

    /**
     * Takes the lock for a caller that already holds other runtime locks (a select, in lock order):
     * as {@link #lock()}, but a goroutine never yields while it waits, which would leave its carrier
     * with those locks held (see "A holder never leaves its carrier").
     */
    public void lockWhileHolding() {
        assert !CHECKED || HELD.get()[0] > 0 : "lockWhileHolding() without holding a runtime lock: use lock()";
        acquire(true);
    }

    private void acquire(boolean holding) {
        if (!STATE.compareAndSet(this, 0, 1)) {
            slowLock(holding);
        }
        if (CHECKED) {
            acquired();
        }
    }

    private void slowLock(boolean holding) {
        int round = 0;
        for (;;) {
            if (state == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (holding) {
                Spin.backoffWhileHolding(round, SPIN_ROUNDS);
            } else {
                Spin.backoffThenYield(round, SPIN_ROUNDS);
            }
            if (round < SPIN_ROUNDS) {
                round++;
            }
        }
    }

    /** Takes the lock only if it is free; never waits. */
    public boolean tryLock() {
        if (state == 0 && STATE.compareAndSet(this, 0, 1)) {
            if (CHECKED) {
                acquired();
            }
            return true;
        }
        return false;
    }

    private void acquired() {
        holder = Thread.currentThread();
        HELD.get()[0]++;
    }

    /**
     * Whether the calling thread holds any runtime lock. Known only with assertions enabled (the
     * only use: {@code assert}s); false without them.
     */
    static boolean anyHeldByCurrentThread() {
        return CHECKED && HELD.get()[0] > 0;
    }

    /** Releases the lock, which the calling thread must hold. */
    public void unlock() {
        if (CHECKED) {
            assert holder == Thread.currentThread()
                    : "unlock of a runtime lock held by " + holder + ", not " + Thread.currentThread();
            assert state == 1 : "unlock of an unlocked runtime lock";
            holder = null;
            HELD.get()[0]--;
        }
        STATE.setRelease(this, 0);
    }

    /** Whether the lock is held by anyone (a snapshot). */
    public boolean isLocked() {
        return state != 0;
    }

    /**
     * Whether the calling thread holds the lock: exact with assertions enabled (the only use:
     * {@code assert lock.isHeldByCurrentThread()}); without them, whether anyone holds it.
     */
    public boolean isHeldByCurrentThread() {
        return CHECKED ? holder == Thread.currentThread() && state == 1 : state != 0;
    }

    @Override
    public String toString() {
        return isLocked() ? "RuntimeLock[locked]" : "RuntimeLock[unlocked]";
    }
}
