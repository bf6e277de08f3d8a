package dev.gort.context;

import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;
import dev.gort.chan.RecvChan;
import dev.gort.internal.park.RuntimeLock;
import dev.gort.internal.race.Race;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Go's {@code cancelCtx}: the context {@link Context#withCancel} returns, and the base of the
 * deadline context and of the foreign-parent watcher.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>State: {@link #err} (null until canceled, then set once), {@link #cause}, the lazily made
 * {@link #done} channel, and {@link #head}, an intrusive doubly linked list of children
 * ({@link Node}). The runtime's short lock ({@link #lock}, a {@link RuntimeLock}) guards {@code head}, the links of the nodes
 * in the list, and the null-to-non-null transition of {@code err}. Critical sections are a handful
 * of field writes: no blocking, no user code, no other node's lock (so there is no lock order to
 * keep: a thread holds at most one context lock at a time).
 *
 * <p>Cancel ({@link #markCanceled}): under the lock, if {@code err} is still null, write
 * {@code cause}, then {@code err}, and detach the whole child list ({@code head = null}). After the
 * lock, close {@code done} and stop the timer. The detached list now belongs to this one thread, and
 * {@link #propagate} walks it <em>iteratively</em>: depth-first with an explicit stack of "next
 * sibling" continuations (pushed only when a node has both children and later siblings), so a chain
 * a million deep or a million wide runs in constant Java stack.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Exactly once: a context becomes canceled only in {@link #markCanceled}, under its lock,
 *       when {@code err} is null. A child added by {@link #addChild} is either linked before the
 *       parent's detach (the walker cancels it) or sees {@code err != null} under the same lock
 *       (the registering thread cancels it itself). Never both, never neither.</li>
 *   <li>{@code err != null} implies {@code head == null}: a canceled context holds no children.</li>
 *   <li>A child that leaves ({@link #removeChild}) is unlinked only while the owner is not
 *       canceled; after that the list is the walker's and leaving is a no-op.</li>
 *   <li>{@code cause} is written before {@code err} (volatile), so whoever sees {@code err} sees
 *       {@code cause}; {@code err} is written before {@code done} is closed, so whoever wakes from
 *       {@code done} sees {@code err}.</li>
 * </ul>
 *
 * <p>Race detector hooks (compiled away without the agent): a cancel merges the canceller's clock
 * into the context's before it publishes {@code err} and closes {@code done} (whose own close
 * carries the edge to a receive from it); {@code err()}, {@code cause} and a {@code done()} that
 * returns the shared closed channel acquire it. So a cancel happens before anything that observes
 * it, whichever way.
 */
class CancelCtx extends Node implements CancelableContext {
    private static final VarHandle DONE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DONE = l.findVarHandle(CancelCtx.class, "done", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go's {@code closedchan}: what done() returns when nobody asked for it before the cancel. */
    static final Chan<Void> CLOSED_CHAN = Chan.make();

    static {
        CLOSED_CHAN.close();
    }

    /** Returned by {@link #markCanceled} when the context was already canceled. */
    private static final Node ALREADY = new Node() {
        @Override
        Node parentCanceled(Throwable err, Throwable cause) {
            throw new AssertionError();
        }
    };

    /** The context this one was derived from (for values and for {@code Context.cause}). */
    final Context parent;
    /** The effective deadline: this context's own or the parent's, whichever is earlier; or null. */
    final Instant deadline;

    /** Guards head, the children's links and err's one transition; see the class comment. */
    private final RuntimeLock lock = new RuntimeLock();
    /** First child; guarded by the lock. Null once canceled. */
    private Node head;
    /** Written once, under the lock, just before {@link #err}; read after reading err non-null. */
    private Throwable cause;
    /** Null until canceled; written once under the lock; read by anyone. */
    private volatile Throwable err;
    /** Null, a {@code Chan<Void>} (closed once, by the canceller), or {@link #CLOSED_CHAN}. CAS. */
    private volatile Object done;

    CancelCtx(Context parent, Instant deadline) {
        this.parent = parent;
        this.deadline = deadline;
    }

    // ---------------------------------------------------------------- Context

    @Override
    public final Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final RecvChan<Void> done() {
        Object d = done;
        if (d == null) {
            // A canceled context that nobody asked before gets the shared closed channel.
            Object fresh = err != null ? CLOSED_CHAN : Chan.<Void>make();
            d = DONE.compareAndExchange(this, null, fresh);
            if (d == null) {
                d = fresh;
            }
        }
        if (Race.ENABLED && d == CLOSED_CHAN) {
            Race.acquire(this); // the channel's own close is not this context's cancel
        }
        return (RecvChan<Void>) d;
    }

    /** The done channel if someone made it (for recognising wrappers of this context), else null. */
    final Object doneIfMade() {
        return done;
    }

    @Override
    public final Throwable err() {
        Throwable e = err;
        if (Race.ENABLED && e != null) {
            Race.acquire(this);
        }
        return e;
    }

    /** The cause once canceled, else null. */
    final Throwable causeIfCanceled() {
        if (err == null) {
            return null;
        }
        if (Race.ENABLED) {
            Race.acquire(this);
        }
        return cause;
    }

    @Override
    public final <T> T value(Key<T> key) {
        return Contexts.value(this, key);
    }

    @Override
    public final void cancel() {
        cancel(true, Context.CANCELED, null);
    }

    @Override
    public final void cancel(Throwable cause) {
        cancel(true, Context.CANCELED, cause);
    }

    // ---------------------------------------------------------------- cancellation

    /** Go's {@code cancelCtx.cancel}: cancel this context and every descendant, once. */
    final void cancel(boolean removeFromParent, Throwable err, Throwable cause) {
        Node children = markCanceled(err, cause);
        if (children == ALREADY) {
            return;
        }
        if (removeFromParent) {
            CancelCtx o = owner;
            if (o != null) {
                o.removeChild(this);
            }
        }
        propagate(children, err, cause);
    }

    @Override
    final Node parentCanceled(Throwable err, Throwable cause) {
        Node children = markCanceled(err, cause);
        return children == ALREADY ? null : children;
    }

    /**
     * Cancels this context alone (not its children): returns its detached children for the caller
     * to walk, or {@link #ALREADY} if it was canceled before.
     */
    private Node markCanceled(Throwable e, Throwable c) {
        if (Race.ENABLED) {
            Race.releaseMerge(this); // before err is published and done closed
        }
        lock();
        if (err != null) {
            unlock();
            return ALREADY;
        }
        cause = c == null ? e : c;
        err = e;
        Node children = head;
        head = null;
        unlock();
        closeDone();
        canceled();
        return children;
    }

    /** Closes done exactly once; called only by the one thread that canceled this context. */
    private void closeDone() {
        Object d = done;
        if (d == null && DONE.compareAndSet(this, null, CLOSED_CHAN)) {
            return;
        }
        d = done; // set by done() meanwhile, if the CAS failed
        if (d != CLOSED_CHAN) {
            try {
                ((Chan<?>) d).close();
            } catch (ChanClosedException e) {
                // Someone cast done() to a Chan and closed it; the context is canceled all the same.
                Contexts.LOG.warn("the done channel of {} was closed by someone other than its context", this);
            }
        }
    }

    /** Hook run once, after the cancel, outside the lock (the deadline context stops its timer). */
    void canceled() {}

    /**
     * Walks detached child lists and cancels every node in them, depth-first, without recursion.
     * {@code list} (and every list it leads to) must belong to the calling thread.
     */
    static void propagate(Node list, Throwable err, Throwable cause) {
        ArrayDeque<Node> pending = null; // continuations: the next sibling to visit after a subtree
        Node n = list;
        for (;;) {
            while (n != null) {
                Node next = n.next;
                n.next = null;
                n.prev = null;
                Node sub = n.parentCanceled(err, cause);
                if (sub != null) {
                    if (next != null) {
                        if (pending == null) {
                            pending = new ArrayDeque<>();
                        }
                        pending.push(next);
                    }
                    n = sub;
                } else {
                    n = next;
                }
            }
            if (pending == null || pending.isEmpty()) {
                return;
            }
            n = pending.pop();
        }
    }

    // ---------------------------------------------------------------- children

    static final int ADDED = 0;
    static final int CANCELED = 1;
    static final int RETIRED = 2;

    /**
     * Links {@code child} unless this context is canceled ({@link #CANCELED}: the caller must
     * cancel the child itself) or no longer takes children ({@link #RETIRED}: foreign watchers).
     */
    final int addChild(Node child) {
        lock();
        try {
            if (err != null) {
                return CANCELED;
            }
            if (retiredLocked()) {
                return RETIRED;
            }
            child.owner = this;
            Node h = head;
            child.next = h;
            child.prev = null;
            if (h != null) {
                h.prev = child;
            }
            head = child;
            return ADDED;
        } finally {
            unlock();
        }
    }

    /** Unlinks {@code child} if this context is not canceled (else the canceller owns the list). */
    final void removeChild(Node child) {
        boolean emptied = false;
        lock();
        try {
            if (err != null || (child.prev == null && head != child)) {
                return; // canceled meanwhile, or not linked (already removed)
            }
            Node p = child.prev;
            Node n = child.next;
            if (p == null) {
                head = n;
            } else {
                p.next = n;
            }
            if (n != null) {
                n.prev = p;
            }
            child.prev = null;
            child.next = null;
            emptied = head == null && emptiedLocked();
        } finally {
            unlock();
        }
        if (emptied) {
            emptied();
        }
    }

    /** Under the lock: whether this context refuses new children (foreign watchers only). */
    boolean retiredLocked() {
        return false;
    }

    /** Under the lock, when the last child left: whether to call {@link #emptied()} after it. */
    boolean emptiedLocked() {
        return false;
    }

    /** Outside the lock, when {@link #emptiedLocked()} said so. */
    void emptied() {}

    /** Number of linked children (tests and diagnostics). */
    final int childCount() {
        lock();
        try {
            int k = 0;
            for (Node n = head; n != null; n = n.next) {
                k++;
            }
            return k;
        } finally {
            unlock();
        }
    }

    // ---------------------------------------------------------------- the lock

    private void lock() {
        lock.lock();
    }

    private void unlock() {
        lock.unlock();
    }

    @Override
    public String toString() {
        return "context.WithCancel" + (err != null ? "[" + err.getMessage() + "]" : "");
    }
}
