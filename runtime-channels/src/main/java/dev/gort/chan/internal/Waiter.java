package dev.gort.chan.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A goroutine (or any thread) waiting on a channel: Go's {@code sudog}.
 *
 * <p><b>Implementation overview.</b> A blocked {@code send} or {@code recv} creates one waiter and
 * puts it in the channel's send or receive {@link WaitQueue}. A blocked {@code select} creates one
 * waiter per case, all pointing at the same <em>group</em> (the first of them), and puts each in
 * its channel's queue. The group's {@link #state} decides, exactly once, how the wait ends:
 * <ul>
 *   <li>{@link #WAITING} (-1) while nobody has decided;</li>
 *   <li>the index of the winning waiter (&ge; 0) once a peer completed a communication with it —
 *       the peer CASes WAITING &rarr; index while holding that waiter's channel lock, <em>after</em>
 *       writing {@link #elem} and {@link #success} into the waiter;</li>
 *   <li>{@link #CANCELLED} (-2) once the owner gave up because it was interrupted — the owner
 *       CASes WAITING &rarr; CANCELLED.</li>
 * </ul>
 * Because both outcomes are one CAS on one field, an interrupt racing with a handoff has exactly
 * one winner: either the communication happened (the owner returns normally and keeps its
 * interrupt status) or it did not (the owner removes its waiters and throws; the peer moved on to
 * the next waiter and kept its value). No value is lost and none is delivered twice.
 *
 * <p>Waiters are used once and never recycled, so a late {@code unpark} from a peer that already
 * won is at worst a spurious wake-up of whatever the thread parks on next; every park loop in gort
 * tolerates those.
 */
public final class Waiter {
    /** Group state: nobody has completed or cancelled the wait yet. */
    public static final int WAITING = -1;
    /** Group state: the owner cancelled the wait (interrupt). */
    public static final int CANCELLED = -2;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The waiting thread; unparked by whoever decides the group's state. */
    public final Thread thread;
    /** The waiter whose {@link #state} decides this wait: {@code this} for a plain send/recv. */
    public final Waiter group;
    /** This waiter's index in its group: 0 for a plain send/recv, the case index in a select. */
    public final int index;

    /**
     * Meaningful in the group only. Written only by CAS: WAITING &rarr; index by the peer that
     * completes a communication (holding that waiter's channel lock), WAITING &rarr; CANCELLED by
     * the owner. Read by the owner.
     */
    private volatile int state = WAITING;

    /**
     * For a send waiter: the value to send, written by the owner before it is enqueued (published
     * by the channel lock) and never changed. For a receive waiter: the value received, written by
     * the peer before its winning CAS on the group state (published by that CAS).
     */
    public Object elem;
    /**
     * True when the communication happened, false when the channel was closed. Written by the peer
     * before its CAS on the group state; read by the owner after seeing the state.
     */
    public boolean success;

    // Queue links and membership: guarded by the lock of the channel whose queue holds this waiter.
    Waiter next;
    Waiter prev;
    boolean queued;

    /** Links waiters woken together by close(); written by the closer only, read by it only. */
    public Waiter wakeNext;

    /** A plain send or receive waiter: its own group, index 0. */
    public Waiter(Thread thread, Object elem) {
        this.thread = thread;
        this.group = this;
        this.index = 0;
        this.elem = elem;
    }

    /** A select waiter for case {@code index}; {@code group} null makes this the group. */
    public Waiter(Thread thread, Waiter group, int index, Object elem) {
        this.thread = thread;
        this.group = group == null ? this : group;
        this.index = index;
        this.elem = elem;
    }

    /**
     * Tries to make this waiter the winner of its group. Called by a peer holding this waiter's
     * channel lock, after writing {@link #elem} / {@link #success}. False: the group already ended
     * (another case won, or the owner cancelled), and the peer must leave it.
     */
    public boolean win() {
        return STATE.compareAndSet(group, WAITING, index);
    }

    /** The group's state: WAITING, CANCELLED or the winning index. Read by the owner. */
    public int state() {
        return state;
    }

    /** Whether this waiter is still linked in a queue; read racily by its owner only (see SelectCore). */
    public boolean queued() {
        return queued;
    }

    /**
     * Parks the calling thread (the owner of this group) until the wait is decided.
     *
     * @return true if a peer completed it (see {@link #state()}); false if the thread was
     *     interrupted and the owner cancelled it first — the caller must then remove its waiters
     *     from their queues and throw, and the interrupt status is still set
     */
    public boolean await(Object blocker) {
        if (state != WAITING) {
            return true; // decided before we could park
        }
        // Shaped for the JIT: the loop's test comes only after a park. C2 compiles a branch that
        // its profile saw go one way only into an uncommon trap, and a parked goroutine's frozen
        // frame keeps the compiled code it parked in. When a million goroutines park here and none
        // has woken yet, a test at the top of the loop has only ever said "keep waiting"; every one
        // of the million then deoptimizes on waking (~15 us each: W6's drain took 15 s instead of
        // 2). A test first reached after a park has no profile yet, and C2 compiles both ways.
        // Invariant: we cancel only by CAS from WAITING, so a failed cancel means a peer already
        // won; the loop then exits at once, with the interrupt status left set for the caller.
        do {
            LockSupport.park(blocker);
            if (Thread.currentThread().isInterrupted()
                    && STATE.compareAndSet(this, WAITING, CANCELLED)) {
                return false;
            }
        } while (state == WAITING);
        return true;
    }
}
