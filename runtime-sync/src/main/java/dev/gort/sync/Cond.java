package dev.gort.sync;

import dev.gort.GoInterruptedException;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

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
 *
 * <h2>Implementation overview</h2>
 *
 * A FIFO linked list of waiter nodes guarded by a small internal {@link ReentrantLock} (never held
 * while parking or while taking the user's lock). Go takes a ticket before unlocking so a signal sent
 * between the unlock and the park is not lost; here the node is queued before the user's lock is
 * released, and each node's {@code signalled} flag plus {@code LockSupport}'s permit do the same job.
 * A node leaves the list exactly once: taken by a signaller (who then sets {@code signalled}) or
 * removed by its own interrupted waiter — the internal lock decides which.
 */
public final class Cond {
    private final Locker locker;

    /** Guards head, tail and each node's links; held only for list surgery. */
    private final ReentrantLock qlock = new ReentrantLock();
    private Node head;
    private Node tail;
    private int size;

    private static final class Node {
        final Thread thread = Thread.currentThread();
        Node prev;
        Node next;
        /** In the list; written only under qlock, read by remove() under qlock. */
        boolean queued;
        /** Written true only by a signaller, after unlinking the node under qlock; read by the waiter. */
        volatile boolean signalled;
    }

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
     *     interrupted after it was signalled returns normally with its interrupt status set.
     */
    public void await() {
        Node node = new Node();
        enqueue(node);
        try {
            locker.unlock();
        } catch (RuntimeException e) {
            remove(node); // e.g. "sync: unlock of unlocked mutex": the caller did not hold the lock
            throw e;
        }
        boolean interrupted = false;
        // The loop's test after the park, not before (see dev.gort.chan.internal.Waiter.await: a
        // test that only ever said "keep waiting" deoptimizes every parked goroutine on waking).
        if (!node.signalled) {
            do {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    if (remove(node)) {
                        interrupted = true;
                        break;
                    }
                    // Already signalled (or being signalled): take the wakeup, keep the interrupt.
                    Thread.currentThread().interrupt();
                }
            } while (!node.signalled);
        }
        relock();
        if (interrupted) {
            Thread.currentThread().interrupt();
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
        Node n;
        qlock.lock();
        try {
            n = head;
            if (n == null) {
                return;
            }
            unlink(n);
        } finally {
            qlock.unlock();
        }
        n.signalled = true;
        LockSupport.unpark(n.thread);
    }

    /** Wakes every goroutine waiting now. Needs not hold the lock. */
    public void broadcast() {
        Node n;
        qlock.lock();
        try {
            n = head;
            head = tail = null;
            size = 0;
            for (Node m = n; m != null; m = m.next) {
                m.queued = false;
            }
        } finally {
            qlock.unlock();
        }
        // The detached chain is ours alone now: remove() sees queued == false and leaves it be.
        while (n != null) {
            Node next = n.next;
            n.signalled = true;
            LockSupport.unpark(n.thread);
            n = next;
        }
    }

    private void enqueue(Node node) {
        qlock.lock();
        try {
            node.prev = tail;
            if (tail == null) {
                head = node;
            } else {
                tail.next = node;
            }
            tail = node;
            node.queued = true;
            size++;
        } finally {
            qlock.unlock();
        }
    }

    /** Removes node if it is still queued; false if a signaller took it first. */
    private boolean remove(Node node) {
        qlock.lock();
        try {
            if (!node.queued) {
                return false;
            }
            unlink(node);
            return true;
        } finally {
            qlock.unlock();
        }
    }

    /** Under qlock: unlinks a queued node. */
    private void unlink(Node n) {
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = n.next = null;
        n.queued = false;
        size--;
    }

    /** Goroutines waiting now (for tests and toString). */
    int waiters() {
        qlock.lock();
        try {
            return size;
        } finally {
            qlock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Cond[waiters=" + waiters() + "]";
    }
}
