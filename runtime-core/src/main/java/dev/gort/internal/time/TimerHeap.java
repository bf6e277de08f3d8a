package dev.gort.internal.time;

import dev.gort.internal.InjectorThread;
import dev.gort.internal.LazyLog;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * gort's one timer facility (Go's runtime/time.go): a binary min-heap of deadlines owned by one
 * platform daemon thread ({@code gort-timers}). Every sleep, every timed wait of the blocking layer
 * and every {@code Time.after}, {@code Timer} and {@code Ticker} of the channels module is a
 * {@link Node} here; 100,000 pending timers are 100,000 small objects and O(log n) work each, not
 * threads.
 *
 * <p><b>Implementation overview.</b> Only the timer thread touches the heap, so the heap needs no
 * lock. Other threads hand it work through two lock-free channels:
 * <ul>
 *   <li><b>Adding</b> pushes the node on {@link #added} (a Treiber stack: one CAS), then unparks
 *       the timer thread only if it is asleep past the new deadline (or asleep with nothing to
 *       wait for). The timer thread drains the stack into the heap before every sleep.</li>
 *   <li><b>Canceling</b> is one CAS on the node's {@link Node#state}, PENDING &rarr; CANCELED; the
 *       node stays where it is (Go's lazy timer deletion). The timer thread drops canceled nodes
 *       when it meets them, and rebuilds the heap without them once they are more than a quarter
 *       of it ({@link #purge()}); a cancel that makes a purge due wakes it, so stopped timers with
 *       far deadlines do not pile up.</li>
 *   <li><b>Firing</b>: the timer thread CASes a due node PENDING &rarr; FIRED and runs
 *       {@link Node#fire()} itself, holding no lock; {@code fire} must be short and must not block
 *       (it unparks a sleeper or delivers into a timer channel). The CAS makes fire and cancel
 *       mutually exclusive: {@link #cancel} returns true exactly when the node will never fire.
 *       The goroutines a pass wakes reach the scheduler together when the pass ends (the timer
 *       thread is an {@link InjectorThread}).</li>
 * </ul>
 * The sleep protocol is Dekker-style: the timer thread publishes {@link #mode}/{@link #wakeAt}
 * (volatile) and then re-reads {@link #added}; an adder publishes its node (CAS) and then reads
 * {@link #mode}. At least one of them sees the other, so a new earliest deadline is never slept
 * through. This is the shape of the JDK's own virtual-thread delay scheduler, and it keeps
 * goroutines that start a timer from ever blocking on a heap lock.
 *
 * <p>Lock order: none is held here. A timer's channel lock may be held while calling {@link #add}
 * or {@link #cancel}; the timer thread takes that lock only inside {@code fire}.
 */
public final class TimerHeap {
    private static final LazyLog LOG = new LazyLog(TimerHeap.class);

    static final int PENDING = 0;
    static final int FIRED = 1;
    static final int CANCELED = 2;

    private static final int AWAKE = 0;
    private static final int SLEEP_UNTIL = 1;
    private static final int SLEEP_FOREVER = 2;
    /** Canceled nodes are purged once there are at least this many and over a quarter held. */
    static final int PURGE_MIN = 64;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Node.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A pending timer; single use: add it once, then it fires or is canceled. */
    public abstract static class Node {
        /** Deadline; written by the adder before the CAS that publishes the node, then read-only. */
        long when;
        /** Written by the adder before publication; cleared by the timer thread when it takes the node. */
        Node nextAdded;
        /** Position in the heap; timer thread only. */
        int heapIndex = -1;
        /** PENDING &rarr; FIRED by the timer thread (or fireEarly), PENDING &rarr; CANCELED by cancel(); CAS only. */
        volatile int state;

        /** Runs on the timer thread, holding no lock; must be short and must not block. */
        protected abstract void fire();

        /** The deadline in {@link System#nanoTime()} units. */
        public long when() {
            return when;
        }
    }

    /** The heap once {@link Holder} has made it; null before (read by {@link #pendingIfStarted}). */
    private static volatile TimerHeap instance;

    /**
     * Makes the heap, and starts its thread, on first use. A class initializer rather than a
     * {@code synchronized} method because a timer channel's lock may be held here ({@link #add} under
     * it): a virtual thread blocked on a monitor leaves its carrier with that lock held, while one
     * waiting for another thread's class initialization keeps its carrier (see RuntimeLock, "A holder
     * never leaves its carrier").
     */
    private static final class Holder {
        static final TimerHeap HEAP = new TimerHeap();

        static {
            instance = HEAP;
        }
    }

    /** The process-wide timer heap; its thread starts on first use. */
    public static TimerHeap get() {
        TimerHeap h = instance;
        return h != null ? h : Holder.HEAP;
    }

    /** Pending timers, without starting the timer thread if nothing has used it yet (diagnostics). */
    public static int pendingIfStarted() {
        TimerHeap h = instance;
        return h == null ? 0 : h.size();
    }

    /** Nodes added since the timer thread last looked: a Treiber stack. */
    private final AtomicReference<Node> added = new AtomicReference<>();
    /** Nodes neither fired nor canceled (monitoring and tests). */
    private final AtomicInteger live = new AtomicInteger();
    /**
     * Nodes no longer PENDING (canceled, or fired early) that the stack or the heap still holds.
     * Incremented by whoever moved the node out of PENDING other than the timer thread's own
     * firing; decremented by the timer thread when it drops the node.
     */
    private final AtomicInteger deadHeld = new AtomicInteger();
    /** AWAKE, SLEEP_UNTIL or SLEEP_FOREVER; written by the timer thread only. */
    private volatile int mode = AWAKE;
    /** The deadline the timer thread sleeps until when mode == SLEEP_UNTIL; timer thread only. */
    private volatile long wakeAt;
    /** Nodes physically in the heap, published after every pass (monitoring and tests). */
    private volatile int heldInHeap;
    /** The timer thread; the goroutines a pass wakes are queued together when it ends (InjectorThread). */
    private final InjectorThread thread;

    // Timer thread only.
    private Node[] heap = new Node[256];
    private int size;

    private TimerHeap() {
        thread = new InjectorThread(this::loop, "gort-timers");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Schedules {@code n} to fire at {@code when} ({@link System#nanoTime()} units). Lock-free;
     * never blocks.
     *
     * @throws IllegalStateException if {@code n} was added before (nodes are single use)
     */
    public void add(Node n, long when) {
        if (n.heapIndex != -1 || n.nextAdded != null || n.state != PENDING || n.when != 0) {
            throw new IllegalStateException("timer node already used");
        }
        n.when = when == 0 ? 1 : when; // 0 marks "never added"
        live.incrementAndGet();
        Node h;
        do {
            h = added.get();
            n.nextAdded = h;
        } while (!added.compareAndSet(h, n));
        int m = mode;
        if (m == SLEEP_FOREVER || (m == SLEEP_UNTIL && n.when - wakeAt < 0)) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Cancels {@code n}. Returns true if it will never fire (it was pending), false if it already
     * fired or was canceled. Lock-free; never blocks.
     */
    public boolean cancel(Node n) {
        if (!STATE.compareAndSet(n, PENDING, CANCELED)) {
            return false;
        }
        deadWhileHeld();
        return true;
    }

    /**
     * Fires {@code n} now, on the calling thread, if it is still pending, exactly as the timer
     * thread would when its deadline came: the same PENDING &rarr; FIRED CAS, so it races
     * {@link #cancel} and the timer thread itself with one winner. Returns true if this call fired
     * it. The node stays in the heap until dropped lazily, like a canceled one.
     *
     * <p>The runtime itself never fires early: this is how the timer stress tests stand in for the
     * timer thread at an exact moment, through a probe class they declare in this package.
     */
    boolean fireEarly(Node n) {
        if (!STATE.compareAndSet(n, PENDING, FIRED)) {
            return false;
        }
        deadWhileHeld();
        n.fire();
        return true;
    }

    /** Accounts for a node that left PENDING while the stack or the heap still holds it. */
    private void deadWhileHeld() {
        live.decrementAndGet();
        // Dekker with the timer thread's "publish mode, then check purgeWanted" (see loop()):
        // a purge that became due is never slept through.
        int c = deadHeld.incrementAndGet();
        if (c >= PURGE_MIN && (long) c * 4 > heldInHeap && mode != AWAKE) {
            LockSupport.unpark(thread);
        }
    }

    /** Timers added and neither fired nor canceled. */
    public int size() {
        return live.get();
    }

    /** Nodes the heap physically holds, canceled ones included (as of the timer thread's last pass). */
    public int heldInHeap() {
        return heldInHeap;
    }

    // ------------------------------------------------------------------ timer thread

    private void loop() {
        for (;;) {
            try {
                drainAdded();
                fireDue();
                // The goroutines this pass woke go to the scheduler together, before any sleep.
                thread.inject();
                if (purgeWanted()) {
                    purge();
                }
                heldInHeap = size;
                // Publish how long we will sleep, then re-check for additions (see the class comment).
                if (size == 0) {
                    mode = SLEEP_FOREVER;
                } else {
                    wakeAt = heap[0].when;
                    mode = SLEEP_UNTIL;
                }
                assert thread.held() == 0 : "the timer thread would sleep holding woken goroutines";
                if (added.get() == null && !purgeWanted()) {
                    // The timer thread is the layer's clock, a platform thread: it cannot wait on the
                    // timers it serves, so it sleeps on LockSupport with the Dekker protocol above.
                    if (size == 0) {
                        LockSupport.park(this);
                    } else {
                        long delay = heap[0].when - System.nanoTime();
                        if (delay > 0) {
                            LockSupport.parkNanos(this, delay);
                        }
                    }
                }
                mode = AWAKE;
            } catch (Throwable t) {
                LOG.get().error("gort timer thread: unexpected failure; continuing", t);
            }
        }
    }

    private boolean purgeWanted() {
        int c = deadHeld.get();
        return c >= PURGE_MIN && (long) c * 4 > size;
    }

    private void drainAdded() {
        Node n = added.getAndSet(null);
        while (n != null) {
            Node next = n.nextAdded;
            // Unlink: a node that stays in the heap must not keep the rest of its batch (fired and
            // dropped long ago, with the goroutines they woke) reachable through this link.
            n.nextAdded = null;
            if (n.state != PENDING) {
                deadHeld.decrementAndGet();
            } else {
                push(n);
            }
            n = next;
        }
    }

    private void fireDue() {
        long now = System.nanoTime();
        while (size > 0 && heap[0].when - now <= 0) {
            Node n = pollFirst();
            if (STATE.compareAndSet(n, PENDING, FIRED)) {
                live.decrementAndGet();
                try {
                    n.fire();
                } catch (Throwable t) {
                    LOG.get().error("gort timer callback failed", t);
                }
            } else {
                deadHeld.decrementAndGet();
            }
        }
    }

    /** Rebuilds the heap without its dead (canceled or early-fired) nodes: O(n). */
    private void purge() {
        int k = 0;
        int dropped = 0;
        for (int i = 0; i < size; i++) {
            Node n = heap[i];
            if (n.state != PENDING) {
                n.heapIndex = -1;
                dropped++;
            } else {
                heap[k++] = n;
            }
        }
        Arrays.fill(heap, k, size, null);
        size = k;
        for (int i = (size >>> 1) - 1; i >= 0; i--) {
            siftDown(i, heap[i]);
        }
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = i;
        }
        deadHeld.addAndGet(-dropped);
        if (heap.length > 256 && size < heap.length / 4) {
            heap = Arrays.copyOf(heap, Math.max(256, heap.length / 2));
        }
    }

    private void push(Node n) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size++, n);
    }

    private Node pollFirst() {
        Node first = heap[0];
        first.heapIndex = -1;
        int last = --size;
        Node moved = heap[last];
        heap[last] = null;
        if (last > 0) {
            siftDown(0, moved);
        }
        return first;
    }

    private void siftUp(int i, Node n) {
        Node[] h = heap;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Node p = h[parent];
            if (n.when - p.when >= 0) {
                break;
            }
            h[i] = p;
            p.heapIndex = i;
            i = parent;
        }
        h[i] = n;
        n.heapIndex = i;
    }

    private void siftDown(int i, Node n) {
        Node[] h = heap;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            Node c = h[child];
            int right = child + 1;
            if (right < size && h[right].when - c.when < 0) {
                child = right;
                c = h[child];
            }
            if (n.when - c.when <= 0) {
                break;
            }
            h[i] = c;
            c.heapIndex = i;
            i = child;
        }
        h[i] = n;
        n.heapIndex = i;
    }

    /**
     * The deadline {@code timeout} from now, for the timed forms of gort's blocking calls.
     *
     * @throws NullPointerException {@code "timeout"} if {@code timeout} is null
     */
    public static long deadlineAfter(java.time.Duration timeout) {
        return deadline(nanos(java.util.Objects.requireNonNull(timeout, "timeout")));
    }

    /** A duration in nanoseconds, saturating instead of overflowing. */
    public static long nanos(java.time.Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** Converts a delay to an absolute deadline, saturating far in the future (about 73 years). */
    public static long deadline(long delayNanos) {
        return System.nanoTime() + Math.min(Math.max(delayNanos, 0), MAX_DELAY);
    }

    private static final long MAX_DELAY = TimeUnit.DAYS.toNanos(365L * 73);
}
