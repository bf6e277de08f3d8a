package dev.gort.internal.time;

import dev.gort.internal.InjectorThread;
import dev.gort.internal.LazyLog;
import dev.gort.internal.park.RuntimeLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * gort's one timer facility (Go's runtime/time.go): the pending deadlines, in a 4-ary min-heap and
 * a sorted run beside it (see {@code place}), owned by one platform daemon thread
 * ({@code gort-timers}). Every sleep, every timed wait of the blocking layer
 * and every {@code Time.after}, {@code Timer} and {@code Ticker} of the channels module is a
 * {@link Node} here; 100,000 pending timers are 100,000 small objects and at most O(log n) work
 * each, not threads.
 *
 * <p><b>Implementation overview.</b> Only the timer thread touches the heap, so the heap needs no
 * lock. Other threads hand it work through two lock-free channels:
 * <ul>
 *   <li><b>Adding</b> pushes the node on {@link #added} (a Treiber stack: one CAS), then unparks
 *       the timer thread only if it is asleep past the new deadline (or asleep with nothing to
 *       wait for). The timer thread drains the stack into the run or the heap before every sleep.</li>
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
 * <p><b>Shards.</b> On a machine of eight cores or more the facility is several of these heaps, each
 * with its own thread, so that readying sleepers is not one thread's serial work (see
 * {@code shardsFor}); {@link #get()} picks the caller's by thread id, and a node remembers its shard
 * ({@code Node.owner}) for whoever cancels it. Everything below holds per shard.
 *
 * <p>The sleep protocol is Dekker-style: the timer thread publishes {@link #mode}/{@link #wakeAt}
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
    private static final VarHandle FIRED_COUNT;
    private static final VarHandle OWNER;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Node.class, "state", int.class);
            FIRED_COUNT = MethodHandles.lookup().findVarHandle(TimerHeap.class, "fired", long.class);
            OWNER = MethodHandles.lookup().findVarHandle(Node.class, "owner", TimerHeap.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A pending timer; single use: add it once, then it fires or is canceled. */
    public abstract static class Node {
        /**
         * Deadline, never 0 once added (0 marks a node never added); written by the adder before the
         * CAS that publishes the node, then read-only.
         */
        long when;
        /** Written by the adder before publication; cleared by the timer thread when it takes the node. */
        Node nextAdded;
        /**
         * The heap that counts the node: written by the adder before publication. For a node of a
         * P's heap, then CAS only, once: to the shard by {@code moveTo}, before it is published there,
         * or to null by the cancel that claims the node's accounting for the P's heap
         * ({@code deadWhileHeld}); whichever CAS wins decides which heap counts the node out.
         */
        TimerHeap owner;
        /** PENDING &rarr; FIRED by the timer thread (or fireEarly), PENDING &rarr; CANCELED by cancel(); CAS only. */
        volatile int state;

        /** Runs on the timer thread, holding no lock; must be short and must not block. */
        protected abstract void fire();

        /** The deadline in {@link System#nanoTime()} units. */
        public long when() {
            return when;
        }
    }

    /** The system property that sets the number of shards (a power of two, 1 to {@link #MAX_SHARDS}). */
    public static final String SHARDS_PROPERTY = "gort.timers.shards";
    static final int MAX_SHARDS = 64;

    /** The shards once {@link Holder} has made them; null before (read by {@link #pendingIfStarted}). */
    private static volatile TimerHeap[] shards;

    /**
     * Makes the shards, and starts their threads, on first use. A class initializer rather than a
     * {@code synchronized} method because a timer channel's lock may be held here ({@link #add} under
     * it): a virtual thread blocked on a monitor leaves its carrier with that lock held, while one
     * waiting for another thread's class initialization keeps its carrier (see RuntimeLock, "A holder
     * never leaves its carrier").
     */
    private static final class Holder {
        static final TimerHeap[] SHARDS = makeShards(
                shardsFor(System.getProperty(SHARDS_PROPERTY), Runtime.getRuntime().availableProcessors()));

        static {
            shards = SHARDS;
        }
    }

    /**
     * How many shards: the value of {@link #SHARDS_PROPERTY} when set, else one per four cores, rounded
     * down to a power of two (one below eight cores), as the JDK sizes its own virtual threads' timer
     * queues. A single timer thread readies every sleeper of the process: at 100,000 timers it spends
     * 20-40 ms of CPU per 100,000 (on the 2-core machine), serially, whatever GOMAXPROCS is.
     *
     * @throws IllegalArgumentException naming the property and the value if it is not a power of two
     *     from 1 to {@link #MAX_SHARDS}
     */
    static int shardsFor(String property, int cores) {
        if (property == null) {
            return Math.max(1, Integer.highestOneBit(Math.min(cores / 4, MAX_SHARDS)));
        }
        int n;
        try {
            n = Integer.parseInt(property.trim());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_SHARDS || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException(SHARDS_PROPERTY + "=\"" + property
                    + "\" is not a power of two from 1 to " + MAX_SHARDS);
        }
        return n;
    }

    private static TimerHeap[] makeShards(int n) {
        TimerHeap[] s = new TimerHeap[n];
        for (int i = 0; i < n; i++) {
            s[i] = new TimerHeap(n == 1 ? "gort-timers" : "gort-timers-" + i);
        }
        return s;
    }

    private static TimerHeap[] shards() {
        TimerHeap[] s = shards;
        return s != null ? s : Holder.SHARDS;
    }

    /**
     * The shard that timers added by the calling thread go to (by thread id, as the JDK picks its
     * timer queues); every shard's thread starts on first use. Any shard cancels any node.
     */
    public static TimerHeap get() {
        Supplier<TimerHeap> local = localSource;
        if (local != null) {
            TimerHeap h = local.get();
            if (h != null) {
                return h;
            }
        }
        TimerHeap[] s = shards();
        return s[(int) Thread.currentThread().threadId() & (s.length - 1)];
    }

    /** Pending timers in every shard, without starting the timer threads if nothing has used them yet. */
    public static int pendingIfStarted() {
        TimerHeap[] s = shards;
        int n = 0;
        if (s != null) {
            for (TimerHeap h : s) {
                n += h.size();
            }
        }
        return n;
    }

    /** Pending timers in every shard (tests and monitoring). */
    public static int pending() {
        shards();
        return pendingIfStarted();
    }

    /** Nodes every shard physically holds, canceled ones included, as of their last passes (tests). */
    public static int held() {
        int n = 0;
        for (TimerHeap h : shards()) {
            n += h.heldInHeap;
        }
        return n;
    }

    // ------------------------------------------------------------------ a P's own timers

    /**
     * The heap of the P the calling goroutine runs on, or null (set once by the scheduler). A
     * goroutine on a P adds its timers there, as Go's timers live on their P since Go 1.14: the P's M
     * runs them between goroutines ({@link #runDue}) and readies the sleepers into its own run
     * queue, where they run next, instead of a timer thread handing them over through the global
     * queue behind everything queued there.
     */
    private static volatile Supplier<TimerHeap> localSource;

    /** Called once by the scheduler: where {@link #get()} finds the current P's heap. */
    public static void setLocalSource(Supplier<TimerHeap> source) {
        localSource = source;
    }

    /**
     * A P's heap: no thread of its own. Its owner M runs it ({@link #runDue}); when the P goes idle,
     * is retired, or its goroutine runs on without a switch, its pending nodes move to a shard
     * ({@link #moveTo}), whose thread is the clock for them. {@link #localLock} makes those two
     * exclusive; adding stays the lock-free push.
     */
    public static TimerHeap newLocal() {
        return new TimerHeap(null);
    }

    /** A shard for a P's nodes when they move: by the P's id. */
    public static TimerHeap shard(int i) {
        TimerHeap[] s = shards();
        return s[i & (s.length - 1)];
    }

    /** Whether this P's heap holds or was handed anything (a racy look: the owner M or sysmon). */
    public boolean hasWork() {
        return added.get() != null || heldInHeap > 0;
    }

    /**
     * The owner M, between goroutines: fires every due node. The nodes are taken under
     * {@link #localLock} and fired after it, so that {@code fire} may take a channel's lock; the
     * goroutines they ready go to the M's own run queue ({@code Scheduler.execute} on an M).
     */
    public void runDue() {
        assert thread == null : "runDue on a shard";
        int n;
        localLock.lock();
        try {
            drainAdded();
            n = takeDue(System.nanoTime());
            if (purgeWanted()) {
                purge();
            }
            int held = size + runCount;
            if (held != heldInHeap) {
                heldInHeap = held; // a volatile store only when it changed: this runs at every schedule
            }
        } finally {
            localLock.unlock();
        }
        fireTaken(n);
    }

    /**
     * Any thread: moves every node this P's heap holds, or was handed, to {@code target} (a shard),
     * keeping their deadlines; the canceled ones are dropped. Counted into the target before they
     * leave here, so that a racing {@link #pending()} may count one twice, never zero times.
     */
    public void moveTo(TimerHeap target) {
        assert thread == null && target.thread != null : "moveTo from a shard or to a P's heap";
        localLock.lock();
        try {
            drainAdded();
            int moved = 0;
            while (size + runCount > 0) {
                Node x = pollEarliest();
                if (x.state != PENDING) {
                    deadHeld.decrementAndGet();
                    continue;
                }
                target.addedCount.increment(); // before the node is the target's: counted twice, never zero times
                if (!OWNER.compareAndSet(x, this, target)) {
                    // Canceled since the look above, and the cancel claimed it for this heap
                    // (deadWhileHeld): it stays counted here, and is dropped here as dead.
                    assert x.state != PENDING : "a pending node's owner changed during a move";
                    target.addedCount.decrement();
                    deadHeld.decrementAndGet();
                    continue;
                }
                target.publish(x);
                moved++;
            }
            removedEarly.add(moved);
            heldInHeap = 0;
        } finally {
            localLock.unlock();
        }
    }

    /** The number of shards (tests and diagnostics). */
    public static int shardCount() {
        return shards().length;
    }

    /** Nodes added since the timer thread last looked: a Treiber stack. */
    private final AtomicReference<Node> added = new AtomicReference<>();
    // Nodes neither fired nor canceled (size(), for monitoring, the deadlock detector and tests):
    // added - fired - removedEarly. Three counters rather than one AtomicInteger that every add (on
    // the carriers) and every fire (on the timer thread) wrote: that line moved between cores twice
    // per timer, and dropping it took about a fifth of the timer thread's CPU in W11.
    /** Nodes added; any thread (a LongAdder: contending adders move to cells of their own). */
    private final LongAdder addedCount = new LongAdder();
    /** Nodes canceled or fired early (out of PENDING by anyone but the timer thread's firing). */
    private final LongAdder removedEarly = new LongAdder();
    /** Nodes the timer thread fired; written by it only (a release store), read by size(). */
    private volatile long fired;
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
    /** Nodes physically in the run and the heap, published after every pass (monitoring and tests). */
    private volatile int heldInHeap;
    /** The timer thread; the goroutines a pass wakes are queued together when it ends (InjectorThread). */
    private final InjectorThread thread;

    // Timer thread only: the heap (see push), the run (see place), the batch being drained.
    private Node[] nodes = new Node[256];
    private long[] whens = new long[256];
    private int size;
    private Node[] run = new Node[256];
    private long[] runWhens = new long[256];
    private int runHead;
    private int runCount;
    private Node[] batch = new Node[256];
    /** What {@link #takeDue} took for {@link #fireTaken}: the timer thread's, or a P's heap's owner M's. */
    private Node[] dueScratch = new Node[64];
    /** A P's heap: makes {@link #runDue} (owner M) and {@link #moveTo} (any thread) exclusive; null for a shard. */
    private final RuntimeLock localLock;

    TimerHeap(String threadName) { // package-private: tests make shards of their own
        if (threadName == null) { // a P's heap
            thread = null;
            localLock = new RuntimeLock();
            return;
        }
        localLock = null;
        thread = new InjectorThread(this::loop, threadName);
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
        if (n.when != 0 || n.nextAdded != null || n.state != PENDING) {
            throw new IllegalStateException("timer node already used");
        }
        n.when = when == 0 ? 1 : when; // 0 marks "never added"
        n.owner = this;
        addedCount.increment(); // before publication: size() never counts a node it cannot see
        publish(n);
    }

    /** Publishes {@code n} on the stack, then wakes the thread if it sleeps past {@code n} (Dekker: see the class comment). */
    private void publish(Node n) {
        Node h;
        do {
            h = added.get();
            n.nextAdded = h;
        } while (!added.compareAndSet(h, n));
        int m = mode; // a P's heap has no thread and stays AWAKE
        if (m == SLEEP_FOREVER || (m == SLEEP_UNTIL && n.when - wakeAt < 0)) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Cancels {@code n}, whichever shard it was added to. Returns true if it will never fire (it was
     * pending), false if it already fired or was canceled. Lock-free; never blocks. A node never
     * added is only marked canceled (nothing holds it), and {@link #add} rejects it afterwards.
     */
    public boolean cancel(Node n) {
        if (!STATE.compareAndSet(n, PENDING, CANCELED)) {
            return false;
        }
        deadWhileHeld(n);
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
        deadWhileHeld(n);
        n.fire();
        return true;
    }

    /**
     * Accounts for a node that left PENDING while a heap still holds it: the heap that counted it in
     * counts it out. A shard's nodes never move. A P's heap may be moving the node to a shard right
     * now ({@link #moveTo}): the two CAS its owner, and whichever wins decides. The cancel's CAS (to
     * null) keeps the node counted in the P's heap, which drops it as dead; moveTo's (to the shard)
     * makes this loop read the shard next, which counted the node in before the CAS.
     */
    private static void deadWhileHeld(Node n) {
        for (;;) {
            TimerHeap h = (TimerHeap) OWNER.getAcquire(n);
            if (h == null) {
                return; // never added: nothing holds it
            }
            if (h.thread != null || OWNER.compareAndSet(n, h, null)) {
                h.deadWhileHeldHere();
                return;
            }
        }
    }

    private void deadWhileHeldHere() {
        removedEarly.increment();
        // Dekker with the timer thread's "publish mode, then check purgeWanted" (see loop()):
        // a purge that became due is never slept through.
        int c = deadHeld.incrementAndGet();
        if (c >= PURGE_MIN && (long) c * 4 > heldInHeap && mode != AWAKE) {
            LockSupport.unpark(thread);
        }
    }

    /** Timers added to this shard and neither fired nor canceled. */
    public int size() {
        // Removals first, then adds: a count read while nodes come and go is never below the number
        // of nodes pending when the removals were read (the deadlock detector relies on that).
        long removed = fired + removedEarly.sum();
        return (int) (addedCount.sum() - removed);
    }

    /** Nodes this shard's run and heap physically hold, canceled ones included (as of its last pass). */
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
                int held = size + runCount;
                heldInHeap = held;
                // Publish how long we will sleep, then re-check for additions (see the class comment).
                if (held == 0) {
                    mode = SLEEP_FOREVER;
                } else {
                    wakeAt = earliest();
                    mode = SLEEP_UNTIL;
                }
                assert thread.held() == 0 : "the timer thread would sleep holding woken goroutines";
                if (added.get() == null && !purgeWanted()) {
                    // The timer thread is the layer's clock, a platform thread: it cannot wait on the
                    // timers it serves, so it sleeps on LockSupport with the Dekker protocol above.
                    if (held == 0) {
                        LockSupport.park(this);
                    } else {
                        long delay = earliest() - System.nanoTime();
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
        return c >= PURGE_MIN && (long) c * 4 > size + runCount;
    }

    private void drainAdded() {
        // The stack holds the batch newest first; it is placed oldest first, so that timers added
        // in deadline order (equal durations) reach the run in that order.
        Node[] batch = this.batch;
        int k = 0;
        for (Node n = added.getAndSet(null); n != null; ) {
            Node next = n.nextAdded;
            // Unlink: a node that stays held must not keep the rest of its batch (fired and dropped
            // long ago, with the goroutines they woke) reachable through this link.
            n.nextAdded = null;
            if (k == batch.length) {
                batch = this.batch = Arrays.copyOf(batch, k * 2);
            }
            batch[k++] = n;
            n = next;
        }
        while (k > 0) {
            Node n = batch[--k];
            batch[k] = null;
            if (n.state != PENDING) {
                deadHeld.decrementAndGet();
            } else {
                place(n);
            }
        }
        if (batch.length > 256) {
            this.batch = new Node[256]; // a burst's array is not kept
        }
    }

    private void fireDue() {
        fireTaken(takeDue(System.nanoTime()));
    }

    /**
     * Takes every node due at {@code now} out of the run and the heap: CASes each PENDING &rarr;
     * FIRED (dropping those canceled meanwhile) into {@link #dueScratch}, and returns how many. The
     * timer thread, or a P's heap's lock holder: the only writers of {@link #fired}.
     */
    private int takeDue(long now) {
        Node[] due = dueScratch;
        int n = 0;
        while (size + runCount > 0 && earliest() - now <= 0) {
            Node x = pollEarliest();
            if (!STATE.compareAndSet(x, PENDING, FIRED)) {
                deadHeld.decrementAndGet();
                continue;
            }
            FIRED_COUNT.setRelease(this, fired + 1);
            if (n == due.length) {
                due = dueScratch = Arrays.copyOf(due, n * 2);
            }
            due[n++] = x;
        }
        return n;
    }

    /** Fires what {@link #takeDue} took, holding no lock ({@code fire} may take a channel's). */
    private void fireTaken(int n) {
        Node[] due = dueScratch;
        for (int i = 0; i < n; i++) {
            Node x = due[i];
            due[i] = null;
            try {
                x.fire();
            } catch (Throwable t) {
                LOG.get().error("gort timer callback failed", t);
            }
        }
        if (due.length > 256) {
            dueScratch = new Node[64]; // a burst's array is not kept
        }
    }

    /** Rebuilds the run and the heap without their dead (canceled or early-fired) nodes: O(n). */
    private void purge() {
        int k = 0;
        for (int i = 0; i < size; i++) {
            Node n = nodes[i];
            if (n.state == PENDING) {
                nodes[k] = n;
                whens[k++] = whens[i];
            }
        }
        int dropped = size - k;
        Arrays.fill(nodes, k, size, null);
        size = k;
        int mask = run.length - 1;
        int kept = 0;
        for (int i = 0; i < runCount; i++) { // in order: the run stays sorted
            int from = (runHead + i) & mask;
            Node n = run[from];
            run[from] = null;
            if (n.state == PENDING) {
                int to = (runHead + kept++) & mask;
                run[to] = n;
                runWhens[to] = runWhens[from];
            }
        }
        dropped += runCount - kept;
        runCount = kept;
        for (int i = size > 1 ? (size - 2) >>> 2 : -1; i >= 0; i--) { // from the last parent up
            siftDown(i, whens[i], nodes[i]);
        }
        deadHeld.addAndGet(-dropped);
        if (nodes.length > 256 && size < nodes.length / 4) {
            int len = Math.max(256, nodes.length / 2);
            nodes = Arrays.copyOf(nodes, len);
            whens = Arrays.copyOf(whens, len);
        }
        if (run.length > 256 && runCount < run.length / 4) {
            resizeRun(Math.max(256, run.length / 2));
        }
        assert checkedHeapTop();
    }

    // Pending nodes are held in two places: a run, a FIFO ring of nodes whose deadlines never
    // decrease from head to tail, and the heap. A node whose deadline is not before the run's last
    // one is appended to the run in O(1); any other goes to the heap. Timers of one duration are
    // added in deadline order (every sleep of 1 ms, every context timeout of 5 s), so in the common
    // case of one dominant duration nearly every node passes through the run, and the heap holds
    // the rest. The earliest pending node is the earlier of the run's head and the heap's top.
    // Invariant: runWhens[(runHead + i) & mask] <= runWhens[(runHead + i + 1) & mask] for
    // 0 <= i < runCount - 1 (nanoTime order), and run[j].when == runWhens[j] where held.

    /** Adds a pending node to the run if it keeps the run sorted, else to the heap. */
    private void place(Node n) {
        long when = n.when;
        int mask = run.length - 1;
        if (runCount > 0 && when - runWhens[(runHead + runCount - 1) & mask] < 0) {
            push(n);
            return;
        }
        if (runCount == run.length) {
            resizeRun(run.length * 2);
            mask = run.length - 1;
        }
        int tail = (runHead + runCount++) & mask;
        run[tail] = n;
        runWhens[tail] = when;
    }

    /** Moves the run into arrays of {@code len} (a power of two, at least runCount), head at 0. */
    private void resizeRun(int len) {
        Node[] r = new Node[len];
        long[] w = new long[len];
        int mask = run.length - 1;
        for (int i = 0; i < runCount; i++) {
            int from = (runHead + i) & mask;
            r[i] = run[from];
            w[i] = runWhens[from];
        }
        run = r;
        runWhens = w;
        runHead = 0;
    }

    /** The earliest deadline held; the run or the heap must hold a node. */
    private long earliest() {
        if (runCount == 0) {
            return whens[0];
        }
        long r = runWhens[runHead];
        return size == 0 || r - whens[0] <= 0 ? r : whens[0];
    }

    /** Removes and returns the node with the earliest deadline; the run or the heap must hold one. */
    private Node pollEarliest() {
        if (runCount > 0 && (size == 0 || runWhens[runHead] - whens[0] <= 0)) {
            int head = runHead;
            Node n = run[head];
            run[head] = null;
            runHead = (head + 1) & (run.length - 1);
            if (--runCount == 0) {
                runHead = 0;
            }
            assert runCount == 0 || runWhens[runHead] - n.when >= 0 : "run out of order";
            return n;
        }
        return pollFirst();
    }

    // The heap is 4-ary, as Go's timer heaps are (siftupTimer/siftdownTimer): half the depth of a
    // binary heap, and a node's four children's deadlines share a cache line of whens. Invariant,
    // for every 0 < i < size: whens[(i - 1) / 4] <= whens[i] (nanoTime order), and whens[i] ==
    // nodes[i].when. The deadlines are copied into whens so that sifting never dereferences a node:
    // with 100,000 pending timers, the nodes are scattered over the Java heap and each dereference is
    // a cache miss, while whens is one contiguous array.

    private void push(Node n) {
        if (size == nodes.length) {
            nodes = Arrays.copyOf(nodes, size * 2);
            whens = Arrays.copyOf(whens, size * 2);
        }
        siftUp(size++, n.when, n);
    }

    private Node pollFirst() {
        Node first = nodes[0];
        int last = --size;
        Node moved = nodes[last];
        long movedWhen = whens[last];
        nodes[last] = null;
        if (last > 0) {
            siftDown(0, movedWhen, moved);
        }
        assert checkedHeapTop();
        return first;
    }

    /** Places {@code n} (deadline {@code when}) at hole {@code i} or above it. */
    private void siftUp(int i, long when, Node n) {
        long[] w = whens;
        Node[] h = nodes;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pw = w[parent];
            if (when - pw >= 0) {
                break;
            }
            w[i] = pw;
            h[i] = h[parent];
            i = parent;
        }
        w[i] = when;
        h[i] = n;
    }

    /** Places {@code n} (deadline {@code when}) at hole {@code i} or below it. */
    private void siftDown(int i, long when, Node n) {
        long[] w = whens;
        Node[] h = nodes;
        int size = this.size;
        for (;;) {
            int child = (i << 2) + 1;
            if (child >= size) {
                break;
            }
            int end = Math.min(child + 4, size);
            int min = child;
            long minWhen = w[child];
            for (int c = child + 1; c < end; c++) {
                if (w[c] - minWhen < 0) {
                    min = c;
                    minWhen = w[c];
                }
            }
            if (when - minWhen <= 0) {
                break;
            }
            w[i] = minWhen;
            h[i] = h[min];
            i = min;
        }
        w[i] = when;
        h[i] = n;
    }

    /** The invariant where a pass reads it: the top and its children (assertions only). */
    private boolean checkedHeapTop() {
        int end = Math.min(size, 5);
        for (int i = 0; i < end; i++) {
            assert whens[i] == nodes[i].when : "whens out of step with nodes at " + i;
            assert i == 0 || whens[0] - whens[i] <= 0 : "heap order broken at " + i;
        }
        return true;
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
