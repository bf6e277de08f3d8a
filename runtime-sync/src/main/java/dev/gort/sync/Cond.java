package dev.gort.sync;

import dev.gort.GoInterruptedException;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.RuntimeLock;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitQueue;
import dev.gort.internal.park.WaitReason;
import dev.gort.internal.race.Race;
import java.util.Objects;

/**
 * Go's {@code sync.Cond}: a rendezvous point for goroutines waiting for, or announcing, a change of
 * some state guarded by a {@link Locker} (usually a {@link Mutex}).
 *
 * <pre>{@code
 * Mutex mu = new Mutex();
 * Cond ready = new Cond(mu);
 * Deque<Job> jobs = new ArrayDeque<>();
 *
 * // consumer
 * mu.lock();
 * try {
 *     while (jobs.isEmpty()) ready.await();   // always re-check the condition in a loop
 *     Job j = jobs.poll();
 * } finally { mu.unlock(); }
 *
 * // producer
 * mu.lock();
 * try { jobs.add(job); } finally { mu.unlock(); }
 * ready.signal();                              // allowed without holding mu, as in Go
 * }</pre>
 *
 * <p>{@link #await()} must be called holding the lock: it unlocks it, parks, and locks it again
 * before returning. {@link #signal()} wakes the waiter that has waited longest (FIFO, like Go's
 * notify list); {@link #broadcast()} wakes every goroutine waiting when it is called, and none that
 * starts waiting afterwards. Both may be called with or without the lock.
 */
/*
 * Implementation overview: a FIFO WaitQueue of the runtime's wait nodes under a RuntimeLock (never
 * held while parking or while taking the user's lock). Go takes a ticket from its notify list before
 * unlocking so a signal sent between the unlock and the park is not lost; here the node is queued
 * before the user's lock is released, and a signal that wins the node before its owner parks makes
 * that park return at once. A node's wait ends exactly once (the layer's one CAS): won by a signaller,
 * or given up by its interrupted owner, who then unlinks it.
 *
 * Race detector hooks (compiled away without the agent): signal and broadcast merge their clock
 * into the Cond's before they win anyone, and a waiter they woke acquires it before it locks again
 * (the locker's own hooks add the lock's edges).
 */
public final class Cond {
    private final Locker locker;

    /** Guards {@link #waiters}; held only for queue surgery. */
    private final RuntimeLock qlock = new RuntimeLock();
    private final WaitQueue waiters = new WaitQueue(qlock);

    /**
     * Creates a condition on {@code locker} (Go's {@code sync.NewCond}).
     *
     * @throws NullPointerException if {@code locker} is null
     */
    public Cond(Locker locker) {
        this.locker = Objects.requireNonNull(locker, "locker");
    }

    /** The lock this condition was created on (Go's {@code c.L}). */
    public Locker locker() {
        return locker;
    }

    /**
     * Unlocks the locker, waits for a {@link #signal()} or {@link #broadcast()}, and locks it again.
     * The caller must hold the lock; as in Go, the condition must be re-checked in a loop.
     *
     * @throws GoInterruptedException if interrupted while waiting; the lock is held again when it is
     *     thrown (like {@code java.util.concurrent.locks.Condition}), and no signal is lost: a waiter
     *     interrupted after it was signaled returns normally with its interrupt status set.
     */
    public void await() {
        WaitNode node = new WaitNode(WaitReason.SYNC_COND_WAIT, this);
        qlock.lock();
        waiters.add(node);
        qlock.unlock();
        try {
            locker.unlock();
        } catch (RuntimeException e) {
            // e.g. "sync: unlock of unlocked mutex": the caller did not hold the lock. Leave as if
            // this call had not been made; a signal that already took this node goes to the next.
            if (node.cancel(WaitNode.CANCELED)) {
                WaitQueue.unlinkIfQueued(node, waiters);
            } else {
                signal();
            }
            throw e;
        }
        int r = Park.park(node);
        if (r < 0) {
            WaitQueue.unlinkIfQueued(node, waiters);
        } else if (Race.ENABLED) {
            Race.acquire(this);
        }
        relock();
        if (r < 0) {
            throw new GoInterruptedException("sync: Cond.await");
        }
    }

    /** Locks the locker again, deferring interrupts: await must return or throw with the lock held. */
    private void relock() {
        if (locker instanceof Mutex m) {
            m.lockUninterruptibly();
            return;
        }
        boolean interrupted = false;
        for (;;) {
            try {
                locker.lock();
                break;
            } catch (GoInterruptedException e) {
                Thread.interrupted();
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Wakes the goroutine that has waited longest, if any. Needs not hold the lock. */
    public void signal() {
        if (Race.ENABLED) {
            Race.releaseMerge(this);
        }
        qlock.lock();
        WaitNode w;
        while ((w = waiters.poll()) != null && !w.win()) {
            // its owner gave up (interrupt) and leaves on its own: the signal goes to the next
        }
        qlock.unlock();
        if (w != null) {
            Park.ready(w);
        }
    }

    /** Wakes every goroutine waiting now. Needs not hold the lock. */
    public void broadcast() {
        if (Race.ENABLED) {
            Race.releaseMerge(this);
        }
        WaitNode wake = null;
        qlock.lock();
        WaitNode w;
        while ((w = waiters.poll()) != null) {
            if (w.win()) {
                wake = w.thenReady(wake);
            }
        }
        qlock.unlock();
        Park.readyAll(wake);
    }

    /** Goroutines waiting now (for tests and toString). */
    int waiters() {
        qlock.lock();
        int n = waiters.size();
        qlock.unlock();
        return n;
    }

    @Override
    public String toString() {
        return "Cond[waiters=" + waiters() + "]";
    }
}
