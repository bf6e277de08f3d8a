package dev.gort.internal.park;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A FIFO queue of {@link WaitNode}s (Go's {@code waitq}): an intrusive doubly linked list, so a node
 * leaves from anywhere in O(1) (a select unlinking its losing cases, an interrupted waiter unlinking
 * itself). Every method but {@link #mayHaveWaiters} (a hint) must be called holding the queue's
 * {@link RuntimeLock}, which guards every field here and the links inside the queued nodes.
 *
 * <p>Invariants (under the lock): {@code size} is the number of nodes reachable from {@code head};
 * a node is linked here exactly when its {@code queue} field names this queue; {@code head.prev}
 * and {@code tail.next} are null.
 */
public final class WaitQueue {
    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(WaitQueue.class, "head", WaitNode.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RuntimeLock lock;
    private WaitNode head;
    private WaitNode tail;
    private int size;

    /** A queue guarded by {@code lock}. */
    public WaitQueue(RuntimeLock lock) {
        this.lock = lock;
    }

    /** Appends {@code w}, which must not be queued anywhere. */
    public void add(WaitNode w) {
        assert lock.isHeldByCurrentThread() : "WaitQueue.add without its lock";
        assert w.queue == null && w.prev == null && w.next == null : "node already queued";
        w.queue = this;
        size++;
        WaitNode t = tail;
        w.prev = t;
        if (t == null) {
            head = w;
        } else {
            t.next = w;
        }
        tail = w;
    }

    /** Removes and returns the first node, or null if the queue is empty. */
    public WaitNode poll() {
        WaitNode w = head;
        if (w != null) {
            unlink(w);
        }
        return w;
    }

    /** The first node, left in place; null if empty. */
    public WaitNode peek() {
        assert lock.isHeldByCurrentThread() : "WaitQueue.peek without its lock";
        return head;
    }

    /** Removes {@code w} if it is queued here; returns whether it was. */
    public boolean remove(WaitNode w) {
        if (w.queue != this) {
            assert lock.isHeldByCurrentThread() : "WaitQueue.remove without its lock";
            return false;
        }
        unlink(w);
        return true;
    }

    /**
     * Unlinks {@code w} from its queue, taking that queue's lock, if it is still queued: what an
     * owner does with its node after a wait that was given up, or with a select's losing cases.
     * The unlocked look at {@link WaitNode#queued()} is safe for the owner: the field went from null
     * to the queue when the owner queued it, and only ever goes back to null.
     */
    public static void unlinkIfQueued(WaitNode w, WaitQueue q) {
        if (w.queued()) {
            q.lock.lock();
            q.remove(w);
            q.lock.unlock();
        }
    }

    /** Whether no node is queued (nodes of ended groups count until they are polled). */
    public boolean isEmpty() {
        assert lock.isHeldByCurrentThread() : "WaitQueue.isEmpty without its lock";
        return head == null;
    }

    /**
     * Without the lock, a hint only: whether a node may be queued. The answer can be stale (the
     * field is written under the lock, read here opaquely); a caller acts on it only after taking
     * the lock and looking again.
     */
    public boolean mayHaveWaiters() {
        return HEAD.getOpaque(this) != null;
    }

    /** Number of queued nodes, including those of ended groups not yet polled. */
    public int size() {
        assert lock.isHeldByCurrentThread() : "WaitQueue.size without its lock";
        return size;
    }

    private void unlink(WaitNode w) {
        assert lock.isHeldByCurrentThread() : "WaitQueue unlink without its lock";
        assert w.queue == this && size > 0 : "unlinking a node that is not queued here";
        WaitNode p = w.prev;
        WaitNode n = w.next;
        if (p == null) {
            head = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queue = null;
        size--;
        assert (size == 0) == (head == null) && (head == null) == (tail == null) : "queue size and links disagree";
    }
}
