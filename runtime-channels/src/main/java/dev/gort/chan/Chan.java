package dev.gort.chan;

import dev.gort.GoInterruptedException;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.RuntimeLock;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitQueue;
import dev.gort.internal.park.WaitReason;
import dev.gort.internal.race.Race;
import dev.gort.internal.time.TimerHeap;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Go channel: unbuffered ({@link #make()}) or buffered ({@link #make(int)}), usable from
 * goroutines and from any other thread alike.
 *
 * <pre>{@code
 * Chan<String> ch = Chan.make();
 * Go.go(() -> { ch.send("hello"); ch.close(); });
 * for (String s : ch) System.out.println(s);   // range: ends when closed and drained
 * }</pre>
 *
 * <p>Semantics are Go's: an unbuffered send completes when a receiver takes the value; a buffered
 * send when the value is in the buffer; values from one sender arrive in the order sent; a receive
 * on a closed, drained channel returns {@code null} / {@code Received(null, false)} at once;
 * {@code null} elements are allowed. Blocked operations are interruptible: they throw
 * {@link GoInterruptedException} with the interrupt status still set, and the channel is left as if
 * the operation had never been attempted. An operation that can complete without waiting completes
 * even if the thread is already interrupted.
 *
 * @param <T> the element type
 */
/*
 * Implementation overview (Go's runtime/chan.go), on the runtime's blocking layer
 * (dev.gort.internal.park). The waiters' queues and closed are guarded by one small lock per
 * channel (a RuntimeLock), taken with lockChan(). Waiting threads are WaitNodes in two FIFO queues,
 * recvq and sendq. A sender that finds a waiting receiver hands the value over directly and readies
 * it (from a goroutine, the receiver goes into the current P's runnext); symmetrically a receiver
 * takes directly from a waiting sender. A buffered channel keeps a Ring; when a receiver finds the
 * buffer full and a sender waiting, it takes the head and moves the sender's value into the freed
 * tail slot, keeping FIFO order. Every wake-up happens after the lock is released, as Go's goready
 * does.
 *
 * Unlike Go's, a buffered send or receive that needs nobody (room in the ring, or a value, and no
 * waiter) takes no lock: Ring.offer / Ring.poll claim a slot with one CAS. They run only while the
 * ring is not frozen, and lockChan() freezes it, unlockChan() thaws it only when both queues are
 * empty and the channel is open; so whenever a goroutine waits on the channel, or it is closed,
 * every operation takes the lock path below, which is Go's, and sees a ring that only lock holders
 * change. Invariants, all under the lock:
 *  - if recvq holds a live node, the buffer is empty; if sendq holds one, the buffer is full (for
 *    unbuffered channels both hold trivially);
 *  - once closed is set, both queues are empty and stay empty (asserted where it matters).
 * Queues may also hold nodes of groups that already ended (a select that won elsewhere, an
 * interrupted wait about to unlink itself); WaitNode.win() fails for them and they are dropped as
 * they are met.
 *
 * Race detector hooks (Go's chan.go race calls; dev.gort.internal.race, compiled away without the
 * agent): buffer slot i is the address (chan, i), released-and-acquired by every send into it and
 * every receive from it, which gives both "a send happens before the receive completes" and "the
 * k-th receive happens before the (k+C)-th send completes"; an unbuffered channel orders the two
 * sides both ways through (chan, 0) (Go's racesync); close releases (chan, CLOSE), a receive that
 * sees the close acquires it, and a send reads it, so a send racing a close is reported. A peer
 * that completes a parked goroutine's operation does that goroutine's part too (the ...For hooks on
 * its group, after winning it, under the lock); the parked goroutine takes the lock once more when
 * it wakes (raceResumed), so it never reads its clock before its peer has finished writing it.
 */
public final class Chan<T> implements SendChan<T>, RecvChan<T> {
    private static final AtomicLong IDS = new AtomicLong();
    /** Returned internally by receives on a closed, drained channel. */
    static final Object CLOSED = new Object();
    /** The race detector's address of a channel's closing (Go's {@code c.raceaddr()}). */
    static final long RACE_CLOSE = -1;

    static {
        // Load and initialize Received, and resolve this class's references to it, before any
        // receive can be compiled. Otherwise C2 may compile recvOk while the first receivers are all
        // still parked (none has returned a Received yet) and turn the return path into an
        // "unloaded" uncommon trap; every goroutine frozen in that code then deoptimizes when it
        // wakes (W6: a million of them, 15-23 s of drain instead of 2).
        received(CLOSED);
        received(new Object());
    }

    /** Unique, increasing: the global order in which a select takes channel locks. */
    final long id = IDS.incrementAndGet();
    final RuntimeLock lock = new RuntimeLock();
    final WaitQueue recvq = new WaitQueue(lock);
    final WaitQueue sendq = new WaitQueue(lock);
    /**
     * The buffer; null when unbuffered. Lock-free while nobody waits (see {@link Ring}); the lock
     * path freezes it with {@link #lockChan()}.
     */
    final Ring ring;
    /** True for a timer's channel (Go 1.23): a one-slot ring that reports len 0 and cap 0. */
    final boolean timerChan;
    /** Set once, under the lock, by close(); read without the lock only as a hint. */
    volatile boolean closed;

    private Chan(int cap, boolean timerChan) {
        this.ring = cap == 0 ? null : new Ring(cap, Ring.LOCK_FREE && !timerChan && cap <= Ring.MAX_FAST_CAP && !Race.ENABLED);
        this.timerChan = timerChan;
    }

    /** An unbuffered channel: a send and a receive complete together. */
    public static <T> Chan<T> make() {
        return new Chan<>(0, false);
    }

    /**
     * A channel with a buffer of {@code cap} values; {@code cap == 0} is unbuffered.
     *
     * @throws IllegalArgumentException if {@code cap < 0}, or if the buffer could never fit in this
     *     JVM's maximum heap (Go's {@code makechan: size out of range} in both cases)
     */
    public static <T> Chan<T> make(int cap) {
        if (cap < 0) {
            throw new IllegalArgumentException("makechan: size out of range");
        }
        // The ring is allocated up front, as Go's is; a buffer that cannot fit in the heap at all is
        // bad input, reported as Go reports it rather than as an OutOfMemoryError (or, above the
        // VM's array limit, "Requested array size exceeds VM limit").
        if ((long) cap * Integer.BYTES > Runtime.getRuntime().maxMemory() || cap > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("makechan: size out of range (a buffer of " + cap
                    + " elements cannot fit in this JVM's " + (Runtime.getRuntime().maxMemory() >> 20) + " MB heap)");
        }
        return new Chan<>(cap, false);
    }

    /** A Go 1.23 timer channel: delivered values wait in one hidden slot that stop/reset drain. */
    static <T> Chan<T> timerChan() {
        return new Chan<>(1, true);
    }

    // ---------------------------------------------------------------- public operations

    @Override
    public void send(T v) {
        if (!send(v, Long.MAX_VALUE)) {
            throw new AssertionError("an untimed send timed out");
        }
    }

    @Override
    public boolean trySend(T v) {
        if (ring != null && ring.offer(v)) {
            return true;
        }
        lockChan();
        if (sendWithoutWaiting(v)) {
            return true;
        }
        unlockChan();
        return false;
    }

    @Override
    public boolean trySend(T v, Duration timeout) {
        return send(v, TimerHeap.deadlineAfter(timeout));
    }

    /**
     * Go's chansend: sends, waiting until {@code deadline} ({@link Long#MAX_VALUE}: no deadline).
     * Returns false if the deadline passed first (nothing was sent).
     */
    private boolean send(T v, long deadline) {
        if (ring != null && ring.offer(v)) {
            return true;
        }
        lockChan();
        if (sendWithoutWaiting(v)) {
            return true;
        }
        assert !closed : "a closed channel takes no waiters";
        WaitNode w = new WaitNode(WaitReason.CHAN_SEND, this);
        w.elem = v;
        w.spin = ring == null; // a rendezvous: see Park's "Spinning first"
        sendq.add(w);
        if (Race.ENABLED) {
            Race.parking(w);
        }
        unlockChan();
        int s = deadline == Long.MAX_VALUE ? Park.park(w) : Park.park(w, deadline, null);
        if (Race.ENABLED) {
            raceResumed(w, s);
        }
        if (s < 0) {
            WaitQueue.unlinkIfQueued(w, sendq);
            if (s == WaitNode.TIMED_OUT) {
                return false;
            }
            throw new GoInterruptedException("chan send");
        }
        if (!w.success) {
            if (Race.ENABLED) {
                Race.acquire(this, RACE_CLOSE);
            }
            throw new ChanClosedException(ChanClosedException.SEND_ON_CLOSED);
        }
        return true;
    }

    /**
     * The part of a send that needs no waiting (Go's chansend up to "block"), called with the lock
     * held: hands {@code v} to a waiting receiver or puts it in the buffer. Returns true having
     * released the lock (and woken the receiver); false with the lock still held, for the caller to
     * wait or give up.
     *
     * @throws ChanClosedException on a closed channel, with the lock released
     */
    private boolean sendWithoutWaiting(T v) {
        if (Race.ENABLED) {
            Race.read(this, RACE_CLOSE); // a send racing an unordered close is a race (Go's chansend)
        }
        if (closed) {
            unlockChan();
            throw new ChanClosedException(ChanClosedException.SEND_ON_CLOSED);
        }
        WaitNode r = handToReceiver(v);
        if (r != null) {
            unlockChan();
            Park.ready(r);
            return true;
        }
        if (hasRoom()) {
            bufPut(v);
            unlockChan();
            return true;
        }
        return false;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T recv() {
        Object v = recv0();
        return v == CLOSED ? null : (T) v;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Received<T> recvOk() {
        return received(recv0());
    }

    @Override
    public Received<T> recv(Duration timeout) {
        Object v = recv0(TimerHeap.deadlineAfter(timeout));
        return v == NOT_READY ? null : received(v);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Received<T> tryRecv() {
        if (ring != null) {
            Object v = ring.poll();
            if (v != Ring.NONE) {
                return received(v);
            }
        }
        lockChan();
        Object v = recvWithoutWaiting();
        if (v == NOT_READY) {
            unlockChan();
            return null;
        }
        return received(v);
    }

    /** A receive's result as a {@link Received}: a value, or the shared closed one. */
    @SuppressWarnings("unchecked")
    private static <T> Received<T> received(Object v) {
        return v == CLOSED ? Received.closed() : new Received<>((T) v, true);
    }

    /** Returned by {@link #recvWithoutWaiting} when nothing can be received yet (lock still held). */
    private static final Object NOT_READY = new Object();

    /**
     * The part of a receive that needs no waiting (Go's chanrecv up to "block"), called with the lock
     * held. Returns the value, or {@link #CLOSED} for a closed and drained channel, having released
     * the lock (and woken a sender it took from); or {@link #NOT_READY} with the lock still held.
     */
    private Object recvWithoutWaiting() {
        // Go checks this first: after close, senders are gone and only the buffer remains.
        if (closed && bufCount() == 0) {
            unlockChan();
            if (Race.ENABLED) {
                Race.acquire(this, RACE_CLOSE);
            }
            return CLOSED;
        }
        WaitNode s = takeSender();
        if (s != null) {
            Object v = recvFromSender(s);
            unlockChan();
            Park.ready(s);
            return v;
        }
        if (bufCount() > 0) {
            Object v = bufTake();
            unlockChan();
            return v;
        }
        return NOT_READY;
    }

    /** Blocking receive; returns the value or {@link #CLOSED}. */
    private Object recv0() {
        return recv0(Long.MAX_VALUE);
    }

    /**
     * Go's chanrecv: receives, waiting until {@code deadline} ({@link Long#MAX_VALUE}: no deadline).
     * Returns the value, {@link #CLOSED}, or {@link #NOT_READY} if the deadline passed first.
     */
    private Object recv0(long deadline) {
        if (ring != null) {
            Object v = ring.poll();
            if (v != Ring.NONE) {
                return v;
            }
        }
        lockChan();
        Object ready = recvWithoutWaiting();
        if (ready != NOT_READY) {
            return ready;
        }
        assert !closed : "a closed channel takes no waiters";
        WaitNode w = new WaitNode(WaitReason.CHAN_RECEIVE, this);
        w.spin = ring == null;
        recvq.add(w);
        if (Race.ENABLED) {
            Race.parking(w);
        }
        unlockChan();
        int s = deadline == Long.MAX_VALUE ? Park.park(w) : Park.park(w, deadline, null);
        if (Race.ENABLED) {
            raceResumed(w, s);
        }
        if (s < 0) {
            WaitQueue.unlinkIfQueued(w, recvq);
            if (s == WaitNode.TIMED_OUT) {
                return NOT_READY;
            }
            throw new GoInterruptedException("chan receive");
        }
        if (w.success) {
            return w.elem;
        }
        if (Race.ENABLED) {
            Race.acquire(this, RACE_CLOSE);
        }
        return CLOSED;
    }

    @Override
    public void close() {
        lockChan();
        if (closed) {
            unlockChan();
            throw new ChanClosedException(ChanClosedException.CLOSE_OF_CLOSED);
        }
        if (Race.ENABLED) {
            Race.write(this, RACE_CLOSE); // Go's closechan: a close races with unordered sends
            Race.release(this, RACE_CLOSE);
        }
        closed = true;
        // Iterative on purpose: a million parked receivers must not need a million stack frames.
        WaitNode wake = null;
        WaitNode w;
        while ((w = recvq.poll()) != null) {
            w.elem = null;
            w.success = false;
            if (w.win()) {
                wake = w.thenReady(wake);
            }
        }
        while ((w = sendq.poll()) != null) {
            w.success = false;
            if (w.win()) {
                wake = w.thenReady(wake);
            }
        }
        assert recvq.isEmpty() && sendq.isEmpty() : "a closed channel has no waiters";
        unlockChan();
        Park.readyAll(wake);
    }

    @Override
    public int len() {
        return ring == null || timerChan ? 0 : ring.countHint();
    }

    @Override
    public int cap() {
        return ring == null || timerChan ? 0 : ring.cap();
    }

    /** Go's {@code for v := range ch}: each call starts receiving afresh from the shared channel. */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<T>() {
            private Object next = null;
            private boolean fetched;

            @Override
            public boolean hasNext() {
                if (!fetched) {
                    next = recv0();
                    fetched = true;
                }
                return next != CLOSED;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                fetched = false;
                T v = (T) next;
                next = null;
                return v;
            }
        };
    }

    @Override
    public String toString() {
        return "Chan#" + id + "[len=" + len() + ", cap=" + cap() + (closed ? ", closed]" : "]");
    }

    // ---------------------------------------------------------------- under the lock (also used by SelectCore, TimerCore)

    /**
     * Gives {@code v} to the first receiver that can still take it, or returns null. The caller
     * holds the lock and must ready the returned node after unlocking.
     */
    WaitNode handToReceiver(Object v) {
        WaitNode w;
        while ((w = recvq.poll()) != null) {
            w.elem = v;
            w.success = true;
            if (w.win()) {
                if (Race.ENABLED) {
                    raceWithParked(w, true);
                }
                return w;
            }
            w.elem = null; // its group ended elsewhere: the value stays with the caller
        }
        return null;
    }

    /**
     * Claims the first sender whose group is still waiting, or returns null. The caller holds the
     * lock, must take the value with {@link #recvFromSender}, and ready it after unlocking.
     */
    WaitNode takeSender() {
        WaitNode w;
        while ((w = sendq.poll()) != null) {
            w.success = true;
            if (w.win()) {
                return w;
            }
        }
        return null;
    }

    /** Completes a receive from the claimed sender {@code s}; returns the value received. */
    Object recvFromSender(WaitNode s) {
        if (Race.ENABLED) {
            raceWithParked(s, false);
        }
        if (ring == null) {
            return s.elem;
        }
        // The buffer is full (a sender was waiting): take the head, put the sender's value at the
        // tail, which is the slot just freed. FIFO order across buffer and waiters is preserved.
        return ring.replaceHead(s.elem);
    }

    /** Appends to the ring; the caller holds the lock ({@link #lockChan}) and checked {@link #hasRoom}. */
    void bufPut(Object v) {
        if (Race.ENABLED) {
            Race.releaseAcquire(this, ring.tailIndex());
        }
        ring.add(v);
    }

    /** Removes the ring's head; the caller holds the lock ({@link #lockChan}) and checked {@link #bufCount} > 0. */
    Object bufTake() {
        if (Race.ENABLED) {
            Race.releaseAcquire(this, ring.headIndex());
        }
        return ring.remove();
    }

    /**
     * The race detector's side of completing the operation of the parked goroutine {@code w} (a
     * receiver we hand a value to, {@code toReceiver}, or a sender we take one from), under the
     * lock, after winning {@code w}: this goroutine's edge and the parked one's, as Go's send() and
     * recv() make them. Unbuffered: both sides order each other (racesync). Buffered: both pass
     * through the head slot, this goroutine first; a hand-off to a receiver (the ring is empty)
     * then advances both indices as if the value had gone through the ring, which keeps "slot i"
     * meaning "the operations k with k mod C == i" (Go moves them only under -race as well).
     */
    private void raceWithParked(WaitNode w, boolean toReceiver) {
        Object g = w.group;
        if (ring == null) {
            Race.release(this, 0);
            Race.acquireFor(g, this, 0);
            Race.releaseFor(g, this, 0);
            Race.acquire(this, 0);
            return;
        }
        int head = ring.headIndex();
        Race.releaseAcquire(this, head);
        Race.releaseAcquireFor(g, this, head);
        if (toReceiver) {
            ring.skip(); // asserts the ring is empty: a receiver waits only on an empty buffer
        }
    }

    /**
     * The race detector's side of waking from {@link Park#park}: if a peer completed the wait, it
     * did this goroutine's part under the lock after winning the node, and the node's state may be
     * seen before it finished (a wake-up is only ordered after the unlock); taking the lock once
     * orders the clock's read after those writes. Then this goroutine's clock takes what was left
     * for it ({@link Race#resumed}).
     */
    void raceResumed(WaitNode group, int state) {
        if (state >= 0) {
            lock.lock();
            lock.unlock();
        }
        Race.resumed(group);
    }

    /**
     * Without the lock, a hint for select's first look: whether a receive might complete now (a
     * waiting sender, a value in the ring, or closed). Stale answers are allowed either way; the
     * caller decides under the lock.
     */
    boolean recvMayProceed() {
        return closed || (ring != null && ring.countHint() > 0) || sendq.mayHaveWaiters();
    }

    /** Without the lock, a hint as {@link #recvMayProceed}: whether a send might complete (or throw) now. */
    boolean sendMayProceed() {
        return closed || recvq.mayHaveWaiters() || (ring != null && ring.countHint() < ring.cap());
    }

    /** Whether a send could complete now; the caller holds the lock ({@link #lockChan}) and checked !closed. */
    boolean hasRoom() {
        return ring != null && ring.count() < ring.cap();
    }

    /** Values in the buffer (0 when unbuffered); the caller holds the lock ({@link #lockChan}). */
    int bufCount() {
        return ring == null ? 0 : ring.count();
    }

    /**
     * Takes the channel's lock for its lock path (Go's {@code lock(&c.lock)}), and freezes the ring,
     * so that what follows sees a buffer only lock holders change. Every look at the buffer or the
     * waiters' queues, and every change to them, is made between this and {@link #unlockChan}.
     */
    void lockChan() {
        lock.lock();
        if (ring != null) {
            ring.freeze();
        }
    }

    /** {@link #lockChan()} for a select that holds the locks of channels before this one in lock order. */
    void lockChanWhileHolding() {
        lock.lockWhileHolding();
        if (ring != null) {
            ring.freeze();
        }
    }

    /**
     * Releases the lock; first lets the ring's lock-free operations run again if nobody waits on
     * the channel and it is open (a queued node of a group that ended elsewhere counts as waiting
     * until a lock holder meets it: the ring stays frozen a little longer, which is safe).
     */
    void unlockChan() {
        if (ring != null && ring.fast && !closed && recvq.isEmpty() && sendq.isEmpty()) {
            ring.thaw();
        }
        lock.unlock();
    }

    /** Queued receivers (for tests and diagnostics). */
    int waitingReceivers() {
        lock.lock();
        try {
            return recvq.size();
        } finally {
            lock.unlock();
        }
    }

    /** Queued senders (for tests and diagnostics). */
    int waitingSenders() {
        lock.lock();
        try {
            return sendq.size();
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- timer channels (Go 1.23)

    /**
     * Delivers a timer's value: to a waiting receiver if any, else into the hidden slot if it is
     * empty, else drops it (Go drops ticks for slow receivers). Caller holds the lock; returns the
     * receiver to ready after unlocking, or null.
     */
    WaitNode timerDeliver(Object v) {
        WaitNode r = handToReceiver(v);
        if (r == null && bufCount() == 0) {
            bufPut(v);
        }
        return r;
    }

    /** Empties the hidden slot; returns whether a value was there. Caller holds the lock. */
    boolean timerDrain() {
        if (bufCount() == 0) {
            return false;
        }
        ring.remove(); // without the race detector's edge: a stop discards the value
        return true;
    }
}
