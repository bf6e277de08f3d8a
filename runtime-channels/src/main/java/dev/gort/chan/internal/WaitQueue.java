package dev.gort.chan.internal;

/**
 * A FIFO queue of {@link Waiter}s (Go's {@code waitq}): an intrusive doubly linked list, so a
 * select can unlink its losing waiters in O(1). Every method must be called with the owning
 * channel's lock held; that lock guards every field here and the links inside the waiters.
 */
public final class WaitQueue {
    private Waiter head;
    private Waiter tail;
    private int size;

    /** Appends {@code w}, which must not be queued anywhere. */
    public void add(Waiter w) {
        w.queued = true;
        size++;
        Waiter t = tail;
        w.prev = t;
        if (t == null) {
            head = w;
        } else {
            t.next = w;
        }
        tail = w;
    }

    /** Removes and returns the first waiter, or null if the queue is empty. */
    public Waiter poll() {
        Waiter w = head;
        if (w != null) {
            unlink(w);
        }
        return w;
    }

    /** Removes {@code w} if it is still queued here; returns whether it was. */
    public boolean remove(Waiter w) {
        if (!w.queued) {
            return false;
        }
        unlink(w);
        return true;
    }

    /** Whether no waiter is queued (waiters of ended groups count until they are polled). */
    public boolean isEmpty() {
        return head == null;
    }

    /** Number of queued waiters, including those of ended groups not yet polled. */
    public int size() {
        return size;
    }

    private void unlink(Waiter w) {
        Waiter p = w.prev;
        Waiter n = w.next;
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
        w.queued = false;
        size--;
    }
}
