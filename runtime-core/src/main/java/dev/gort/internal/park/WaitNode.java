package dev.gort.internal.park;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A goroutine (or any thread) waiting for something: Go's {@code sudog}. Every blocking wait in gort
 * parks on one of these: a channel send or receive, each case of a select, a WaitGroup, a Cond, a
 * Semaphore, a sleep. It sits in at most one {@link WaitQueue} at a time.
 *
 * <p><b>How a wait ends: one CAS on the group's state.</b> A plain wait is its own <em>group</em>; a
 * blocked select makes one node per case, all pointing at the first as their group. The group's
 * {@link #state} decides, exactly once, how the wait ends:
 * <ul>
 *   <li>{@link #WAITING} while nobody has decided;</li>
 *   <li>the index of the winning node ({@code >= 0}) once a peer completed the wait through it
 *       ({@link #win()}): the peer writes {@link #elem}, {@link #success} or whatever the wait
 *       needs <em>before</em> the CAS, holding the lock of the queue the node is in;</li>
 *   <li>{@link #INTERRUPTED}, {@link #TIMED_OUT} or {@link #CANCELED} once the wait was given up
 *       ({@link #cancel(int)}): by the owner when interrupted, by a timer when the deadline passed,
 *       by a cancel signal (a context).</li>
 * </ul>
 * Because every outcome is one CAS from WAITING on one field, a peer completing the wait and an
 * interrupt, timeout or cancel racing it have exactly one winner: either the communication happened
 * (the owner returns normally; an interrupt stays set for later) or it did not (the owner unlinks its
 * nodes and reports why; the peer moved on to the next node and kept its value). Nothing is lost,
 * nothing is delivered twice.
 *
 * <p><b>Who writes what.</b> {@link #thread}, {@link #group}, {@link #index}, {@link #reason},
 * {@link #on} and {@link #since}: the owner, at construction (final or before publication through the
 * queue's lock). {@link #state}: CAS only, as above. {@link #elem}: for a node that carries a value
 * (a send), the owner before it is queued; for a node that receives one, the winning peer before its
 * CAS. {@link #success}, {@link #ticket}: as {@code elem}, per the user of the layer. {@link #spin}:
 * the owner. The queue links: the holder of the queue's lock; once a node has left its queue,
 * {@code next} chains the nodes collected for a deferred {@link Park#readyAll ready}, written by
 * whoever collected them, alone.
 *
 * <p>A node is as small as the job allows (64 bytes with compressed oops): a million goroutines
 * parked on one channel are a million of these.
 *
 * <p>Nodes are used once and never recycled, so a late unpark from a peer that already won is at
 * worst a spurious wake-up of whatever the thread parks on next; every park loop tolerates those.
 */
public final class WaitNode implements Blocker {
    /** Group state: nobody has completed or given up the wait yet. */
    public static final int WAITING = -1;
    /** Group state: the owner gave up because it was interrupted. */
    public static final int INTERRUPTED = -2;
    /** Group state: the deadline passed first. */
    public static final int TIMED_OUT = -3;
    /** Group state: a cancel signal (a context) fired first. */
    public static final int CANCELED = -4;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The waiting thread; readied by whoever decides the group's state. */
    public final Thread thread;
    /** The node whose {@link #state} decides this wait: {@code this} for a plain wait. */
    public final WaitNode group;
    /** This node's index in its group: 0 for a plain wait, the case index in a select. */
    public final int index;
    /** Why the owner waits, for dumps. */
    final WaitReason reason;
    /** What it waits on (a channel, a WaitGroup...), for dumps and the JDK's own thread dump. */
    final Object on;
    /** {@link Clock#seconds()} when the wait began. */
    final int since;

    /** Meaningful in the group only; see the class comment. */
    private volatile int state = WAITING;

    /** The value sent (send nodes), or received (receive nodes); see the class comment. */
    public Object elem;
    /** Whether the wait completed as asked (a channel: false when it was closed instead). */
    public boolean success;
    /** A number the user of the layer keeps with the wait: a WaitGroup generation. */
    public int ticket;
    /**
     * Meaningful in the group only: the owner may spin before it parks (see {@link Park}'s "Spinning
     * first"), for a wait that a running peer usually ends at once, a rendezvous. Set by the owner
     * before it parks; read by the owner only.
     */
    public boolean spin;

    // Queue links and membership: guarded by the lock of the queue that holds this node. Once the
    // node has left its queue, next links the chain of nodes to ready (see thenReady).
    WaitNode next;
    WaitNode prev;
    WaitQueue queue;

    /** A plain wait of the current thread: its own group, index 0. */
    public WaitNode(WaitReason reason, Object on) {
        this.thread = Thread.currentThread();
        this.group = this;
        this.index = 0;
        this.reason = reason;
        this.on = on;
        this.since = Clock.seconds();
    }

    /** A node of a select's group for case {@code index}; {@code group} null makes this the group. */
    public WaitNode(WaitNode group, int index, Object on, Object elem) {
        this.thread = Thread.currentThread();
        this.group = group == null ? this : group;
        this.index = index;
        this.reason = WaitReason.SELECT;
        this.on = on;
        this.since = this.group == this ? Clock.seconds() : this.group.since;
        this.elem = elem;
    }

    /**
     * Tries to make this node the winner of its group: the peer's half of the protocol. Called
     * holding the lock of the queue this node was in, after writing what the owner will read
     * ({@link #elem}, {@link #success}). False: the group already ended (another case won, or the
     * owner gave up) and the peer must leave this node and look for another.
     */
    public boolean win() {
        assert queue == null : "a node is won only after it left its queue";
        return STATE.compareAndSet(group, WAITING, index);
    }

    /**
     * Gives the wait up, for {@code why} ({@link #INTERRUPTED}, {@link #TIMED_OUT} or
     * {@link #CANCELED}). Call on the group. True if this call decided the wait; false if a peer had
     * already won it (or it was already given up), in which case the wait completed normally.
     */
    public boolean cancel(int why) {
        assert group == this : "only a group's state decides a wait";
        assert why == INTERRUPTED || why == TIMED_OUT || why == CANCELED : "not a reason to give up: " + why;
        assert why != INTERRUPTED || Thread.currentThread() == thread : "only the owner sees its own interrupt";
        return STATE.compareAndSet(this, WAITING, why);
    }

    /** The group's state: {@link #WAITING}, the winning index, or why it was given up. */
    public int state() {
        return group.state;
    }

    /**
     * Chains this node, already out of its queue, in front of {@code rest} for {@link Park#readyAll};
     * returns this node, the new head of the chain.
     */
    public WaitNode thenReady(WaitNode rest) {
        assert queue == null && prev == null : "a node still in a queue cannot be chained for ready";
        next = rest;
        return this;
    }

    /** Whether this node is still linked in a queue; read racily by its owner only (see {@link #queue}). */
    public boolean queued() {
        return queue != null;
    }

    @Override
    public WaitReason waitReason(Thread waiter) {
        return reason;
    }

    @Override
    public int waitingSince() {
        return since;
    }

    /** The JDK's thread dump prints this as what the thread is parked on. */
    @Override
    public String toString() {
        return reason + (on != null ? " on " + on : "");
    }
}
