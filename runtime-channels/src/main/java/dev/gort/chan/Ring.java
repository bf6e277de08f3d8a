package dev.gort.chan;

import dev.gort.internal.park.Spin;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A buffered channel's ring, with lock-free send and receive for the common case: nobody waits on
 * the channel and it is open. Go's {@code hchan} buffer takes the channel lock for every operation;
 * on many cores every operation then moves the lock's cache line, the channel's and the slot's
 * between cores, and waits for the holder's. Here an operation that needs no waiting claims its
 * place with one CAS on {@link #state} and moves its value through the slot it claimed: two cache
 * lines, no holder to wait for.
 *
 * <p><b>Two modes, one word.</b> {@link #state} packs the head's slot index, the count of values
 * (claimed sends not yet claimed by receives), the head's lap and the {@link #SLOW} bit:
 * <ul>
 *   <li><em>Fast</em> (SLOW clear): {@link #offer} and {@link #poll}, without the channel lock, CAS the
 *       word from a value without SLOW; a full ring (offer) or an empty one (poll) sends the caller
 *       to the lock.</li>
 *   <li><em>Frozen</em> (SLOW set): only holders of the channel lock change the word. The lock
 *       holder sets SLOW ({@link #freeze}) before it looks at the ring, so the channel's lock path
 *       (Go's chansend / chanrecv, select, close, the waiters' queues) sees a ring that only it
 *       changes, exactly as if the ring were guarded by the lock. It clears SLOW ({@link #thaw})
 *       before unlocking only if neither queue holds a waiter and the channel is open.</li>
 * </ul>
 * So the fast path never runs while a goroutine waits on the channel: Go's rules that a receiver
 * waits only on an empty buffer, a sender only on a full one, and a receiver that frees a slot moves
 * the first blocked sender's value into it (FIFO across buffer and blocked senders) stay the lock
 * path's, unchanged. A claim's CAS is the operation's linearization point: a fast send claimed
 * before a close froze the ring happened before the close.
 *
 * <p><b>Slots: a claim only when the slot is ready</b> (Vyukov's rule for bounded MPMC queues). A
 * slot is empty (null) or holds a value ({@link #NIL} stands for a null element). A fast send
 * claims the tail only if it is empty and a fast receive claims the head only if it holds its
 * value, so a claimed operation never waits: between its CAS and its slot store it runs straight
 * through. The count includes a send still writing and excludes a receive still taking; whoever
 * finds its slot not ready waits for such an operation, which is running right now, before
 * claiming anything, so nobody ever waits on a waiter. (Claiming first and waiting after makes
 * chains: a claimant that yields to let its predecessor run leaves everyone behind it waiting on a
 * goroutine that the JDK's scheduler need not run while they spin.) Null-ness is enough to tell
 * whose turn it is because of that rule: the tail's previous value is behind the head, so a receive
 * claimed it, and claimed it written, so a non-null tail is that value still being taken; the
 * head's sender claimed an empty slot, so a null head is its value still being written. The lock
 * holder's operations take their turn after their frozen claim and wait only for a fast operation
 * claimed before the freeze, which is running.
 *
 * <p><b>The lap is an ABA stamp.</b> A fast operation's look at its slot holds only if the word
 * did not change between its read and its CAS. Head and count alone return to the same values
 * after a lap of the ring (with a capacity of 1, one send and one receive), and a stale sender
 * would then overwrite a value still being taken; the head's lap, counted modulo 2<sup>22</sup>
 * ({@link #LAP_MASK}), makes the word differ unless 2<sup>22</sup> laps pass while one operation
 * stalls between two adjacent instructions.
 *
 * <p><b>Who writes what.</b> {@link #state}: fast operations by CAS while SLOW is clear; the
 * channel-lock holder while it is set (CAS to set it, release stores after). {@link #buf}[i]: the
 * claimed sender of slot i (null to a value), then its claimed receiver (the value to null),
 * alternately, each with a release store, each reading the slot with acquire. Happens-before: a
 * send's writes before it are released by its slot store and acquired by the receive that finds the
 * value (a send happens before the receive completes); the receive's null store is acquired by the
 * next sender that finds the slot empty (the k-th receive happens before the (k + cap)-th send
 * completes): Go's two rules for buffered channels.
 *
 * <p>Rings larger than {@link #MAX_FAST_CAP}, a timer's one-slot ring, every ring under the race
 * detector (whose hooks live in the lock path) and, with {@link #LOCK_FREE} off, every ring are
 * frozen for good: {@link #state} is then only the
 * head and the count, in a wider layout.
 */
final class Ring {
    /** State bit: frozen; only the channel-lock holder changes the word. The sign bit, so that a
     *  frozen state is negative. */
    static final long SLOW = Long.MIN_VALUE;
    /** The largest capacity with lock-free operations (the fast layout's 20-bit head index). */
    static final int MAX_FAST_CAP = 1 << 20;
    /**
     * Whether buffered channels get lock-free operations at all: the system property
     * {@code gort.chan.lockFree=false} freezes every ring for good (a measuring knob, so that one
     * run on a many-core machine can set the ring beside the lock).
     */
    static final boolean LOCK_FREE = !"false".equals(System.getProperty("gort.chan.lockFree"));

    // Fast layout: head [0, 20), count [20, 41), lap [41, 63), SLOW 63.
    private static final long FAST_HEAD_MASK = (1L << 20) - 1;
    private static final int FAST_COUNT_SHIFT = 20;
    private static final long FAST_COUNT_MASK = (1L << 21) - 1;
    private static final int LAP_SHIFT = 41;
    private static final long LAP_MASK = ((1L << 22) - 1) << LAP_SHIFT;
    // Frozen-for-good layout: head [0, 31), count [31, 63), SLOW 63.
    private static final long WIDE_HEAD_MASK = (1L << 31) - 1;
    private static final int WIDE_COUNT_SHIFT = 31;
    private static final long WIDE_COUNT_MASK = (1L << 32) - 1;

    /** Looks at a slot whose turn has not come before yielding between looks ({@link Spin#pollThenYield}). */
    private static final int SLOT_SPINS = 64;

    private static final VarHandle STATE;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Ring.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Returned by {@link #poll} when the ring is empty or frozen. */
    static final Object NONE = new Object();
    /** A null element in a slot (an empty slot is null). */
    private static final Object NIL = new Object();

    /** Whether fast operations are allowed at all (else the ring is frozen for good). */
    final boolean fast;
    /** The slots: null (empty) or a value ({@link #NIL} for null); as many as the capacity. */
    private final Object[] buf;
    /**
     * {@code buf.length}, kept beside the state word for the fast path, which reads it on every
     * operation: the array's length shares a cache line with its first slots, which the other side
     * writes. Reading {@code buf.length} there instead measured about 1 ns per message dearer on W2 at
     * P=2 (13.8-14.7 ns against 12.2-13.4, three A/Bs of 3-4 rounds against the build with this field).
     */
    private final int cap;
    /** Head, count, lap and SLOW: see the class comment. */
    private volatile long state;

    Ring(int cap, boolean fast) {
        assert cap > 0 && (!fast || cap <= MAX_FAST_CAP) : "ring of " + cap + (fast ? ", fast" : "");
        this.fast = fast;
        this.buf = new Object[cap];
        this.cap = cap;
        this.state = fast ? 0 : SLOW;
    }

    /** The capacity. */
    int cap() {
        return cap;
    }

    private int head(long s) {
        return (int) (s & (fast ? FAST_HEAD_MASK : WIDE_HEAD_MASK));
    }

    private int count(long s) {
        return fast ? (int) (s >>> FAST_COUNT_SHIFT & FAST_COUNT_MASK)
                : (int) ((s & ~SLOW) >>> WIDE_COUNT_SHIFT & WIDE_COUNT_MASK);
    }

    /** One more value in {@code s}. */
    private long plusOne(long s) {
        return s + (1L << (fast ? FAST_COUNT_SHIFT : WIDE_COUNT_SHIFT));
    }

    /** {@code s} with the head moved one slot on (to slot 0 of the next lap after the last) and one value fewer. */
    private long afterTake(long s) {
        if (fast) {
            return afterFastTake(s);
        }
        long t = s - (1L << WIDE_COUNT_SHIFT);
        return head(s) + 1 < buf.length ? t + 1 : t & ~WIDE_HEAD_MASK; // the wide layout has no lap
    }

    /** {@link #afterTake} in the fast layout. */
    private long afterFastTake(long s) {
        long t = s - (1L << FAST_COUNT_SHIFT);
        if ((int) (s & FAST_HEAD_MASK) + 1 < cap) {
            return t + 1;
        }
        t &= ~FAST_HEAD_MASK;
        return t & ~LAP_MASK | (t + (1L << LAP_SHIFT)) & LAP_MASK;
    }

    /** The slot index {@code n} places after the head of {@code s}. */
    private int slot(long s, int n) {
        int i = head(s) + n;
        return i >= buf.length ? i - buf.length : i;
    }

    // ---------------------------------------------------------------- fast path (no lock)

    /**
     * Lock-free send: true with {@code v} in the ring; false if the ring is full or frozen. A lost
     * CAS backs off exponentially, as the channel lock does, so that under contention one side
     * completes a run of operations while the word stays in its core's cache.
     */
    boolean offer(Object v) {
        Object[] b = buf;
        for (int waits = 0, fails = 0;;) {
            long s = state;
            int n;
            if (s < 0 || (n = (int) (s >>> FAST_COUNT_SHIFT & FAST_COUNT_MASK)) == cap) {
                return false; // frozen (every ring that is not fast always is), or full
            }
            int t = (int) (s & FAST_HEAD_MASK) + n;
            if (t >= cap) {
                t -= cap;
            }
            if (SLOT.getAcquire(b, t) != null) {
                // The slot's previous receiver is still taking its value: it is running right now
                // (nothing parks or yields between a claim and its slot store), unless the OS
                // preempted its thread, for which we yield after a while.
                Spin.pollThenYield(waits++, SLOT_SPINS);
            } else if (STATE.compareAndSet(this, s, s + (1L << FAST_COUNT_SHIFT))) {
                assert SLOT.getAcquire(b, t) == null : "a claimed slot stays empty until its sender writes it";
                SLOT.setRelease(b, t, v == null ? NIL : v);
                return true;
            } else {
                Spin.backoff(fails++);
            }
        }
    }

    /** Lock-free receive: the value, or {@link #NONE} if the ring is empty or frozen. Waits as {@link #offer}. */
    Object poll() {
        Object[] b = buf;
        for (int waits = 0, fails = 0;;) {
            long s = state;
            if (s < 0 || (s >>> FAST_COUNT_SHIFT & FAST_COUNT_MASK) == 0) {
                return NONE; // frozen (every ring that is not fast always is), or empty
            }
            int h = (int) (s & FAST_HEAD_MASK);
            Object v = SLOT.getAcquire(b, h);
            if (v == null) {
                Spin.pollThenYield(waits++, SLOT_SPINS); // its sender is still writing it
            } else if (STATE.compareAndSet(this, s, afterFastTake(s))) {
                assert SLOT.getAcquire(b, h) == v : "a claimed value stays until its receiver takes it";
                SLOT.setRelease(b, h, null);
                return v == NIL ? null : v;
            } else {
                Spin.backoff(fails++);
            }
        }
    }

    // ---------------------------------------------------------------- frozen (the channel lock held)

    /** Sets SLOW: from now on only holders of the channel lock, which the caller holds, change the ring. */
    void freeze() {
        long s;
        for (int round = 0; (s = state) >= 0 && !STATE.compareAndSet(this, s, s | SLOW); ) {
            Spin.backoff(round++); // lost to a fast operation's claim
        }
    }

    /** Clears SLOW: the caller holds the channel lock, nobody waits and the channel is open. */
    void thaw() {
        if (fast) {
            long s = state;
            assert s < 0 : "thaw of a ring that is not frozen";
            STATE.setRelease(this, s & ~SLOW);
        }
    }

    /** Values in the ring, including claimed sends still being written: exact while frozen. */
    int count() {
        return count(state);
    }

    /** {@link #count()} read without ordering, for len() and select's hints. */
    int countHint() {
        return count((long) STATE.getOpaque(this));
    }

    /** The head's slot index (the race detector's address of the next receive); frozen. */
    int headIndex() {
        return head(state);
    }

    /** The tail's slot index (the race detector's address of the next send); frozen. */
    int tailIndex() {
        long s = state;
        return slot(s, count(s));
    }

    /** Appends {@code v}; frozen, and the caller checked {@code count() < cap()}. */
    void add(Object v) {
        long s = state;
        assert s < 0 && count(s) < buf.length : "add to a ring that is not frozen or is full";
        STATE.setRelease(this, plusOne(s));
        put(slot(s, count(s)), v);
    }

    /** Removes the head; frozen, and the caller checked {@code count() > 0}. */
    Object remove() {
        long s = state;
        assert s < 0 && count(s) > 0 : "remove from a ring that is not frozen or is empty";
        STATE.setRelease(this, afterTake(s));
        return take(head(s));
    }

    /**
     * Takes the head and puts {@code v} in the slot it freed, which is the tail of a full ring: a
     * receive from a full channel with a sender waiting (FIFO across the buffer and the sender).
     * Frozen, and the caller checked {@code count() == cap()}.
     */
    Object replaceHead(Object v) {
        assert count() == buf.length : "replaceHead on a ring that is not full";
        Object old = remove();
        add(v);
        return old;
    }

    /**
     * Moves the head (and with it the tail) one slot on without a value, as if one had passed
     * through: the race detector's bookkeeping of a hand-off past an empty ring. Frozen-for-good
     * rings only (the race detector turns the fast path off).
     */
    void skip() {
        long s = state;
        assert !fast && s < 0 && count(s) == 0 : "skip on a fast or non-empty ring";
        STATE.setRelease(this, afterTake(plusOne(s)));
    }

    /** A frozen send's slot store: waits until a receive claimed before the freeze has emptied slot {@code i}. */
    private void put(int i, Object v) {
        if (!fast) { // no fast operation ever touches this ring: the lock orders everything
            assert buf[i] == null : "a frozen-for-good ring's tail is empty";
            buf[i] = v == null ? NIL : v;
            return;
        }
        for (int round = 0; SLOT.getAcquire(buf, i) != null; round++) {
            Spin.pollWhileHolding(round, SLOT_SPINS); // the channel lock is held
        }
        SLOT.setRelease(buf, i, v == null ? NIL : v);
    }

    /** A frozen receive's take: waits until a send claimed before the freeze has written slot {@code i}. */
    private Object take(int i) {
        Object v;
        if (!fast) { // as in put
            v = buf[i];
            assert v != null : "a frozen-for-good ring's head holds a value";
            buf[i] = null;
            return v == NIL ? null : v;
        }
        for (int round = 0; (v = SLOT.getAcquire(buf, i)) == null; round++) {
            Spin.pollWhileHolding(round, SLOT_SPINS); // the channel lock is held
        }
        SLOT.setRelease(buf, i, null);
        return v == NIL ? null : v;
    }
}

