package dev.gort.internal;

import dev.gort.internal.park.Spin;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The global run queue (Go's {@code sched.runq}): unbounded, many producers ({@code execute} from any
 * thread, overflow from a full local queue, yields), many consumers (every M). As in Go, a growable
 * ring under a short lock: a goroutine spawned or readied through it costs no allocation (a linked
 * queue costs a node each), and a batch (half a full local queue going out, a fair share coming in)
 * costs one lock acquisition, not one atomic operation per goroutine.
 *
 * <p><b>The lock only spins.</b> {@code execute} may run inside a goroutine whose continuation the
 * JDK has pinned, where neither parking nor yielding is allowed; the critical sections are a few
 * array stores, so a contender spins (with backoff) until the holder, which is running on another
 * CPU, is done — Go's {@code lock(&sched.lock)} does the same before it would sleep the M.
 *
 * <p>Who writes what: {@link #ring}, {@link #head}, {@link #size}: under the lock. {@link #count}:
 * written (volatile) under the lock after every change, read by anyone: emptiness for the
 * no-lost-wakeup protocol (a producer's volatile write of {@code count} precedes its read of the idle
 * counts; an M going idle publishes that before it reads {@code count}: volatile accesses are totally
 * ordered, so one of them sees the other). {@link #taken}: under the lock, read racily by sysmon's
 * watchdog.
 *
 * <p>Growing allocates with the lock released ({@link #grow}): nothing allocates under it, so an
 * OutOfMemoryError cannot leave it held, and every M with it.
 *
 * <p>Invariant (under the lock): {@code 0 <= size <= ring.length}, {@code count == size}, the
 * {@code size} slots from {@code head} (mod length) hold the queued goroutines in FIFO order and every
 * other slot is null.
 */
final class GlobalRunQueue {
    private static final VarHandle LOCK;
    private static final VarHandle TAKEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            LOCK = l.findVarHandle(GlobalRunQueue.class, "lock", int.class);
            TAKEN = l.findVarHandle(GlobalRunQueue.class, "taken", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile int lock;
    private Runnable[] ring;
    private int head;
    private int size;
    private volatile int count;
    private long taken;

    GlobalRunQueue() {
        this(1024);
    }

    /** A queue whose ring starts with {@code capacity} slots, a power of two (tests start small to exercise growth). */
    GlobalRunQueue(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("global run queue capacity must be a power of two, got " + capacity);
        }
        ring = new Runnable[capacity];
    }

    private void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            int round = 0;
            do {
                Spin.backoff(round++);
            } while (lock != 0 || !LOCK.compareAndSet(this, 0, 1));
        }
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }

    /** Any thread; never blocks, never parks, never allocates unless the ring must grow. */
    void offer(Runnable r) {
        lock();
        while (size == ring.length) {
            grow(size + 1);
        }
        ring[(head + size) & (ring.length - 1)] = r;
        size++;
        count = size;
        assert size <= ring.length : "global run queue out of bounds";
        unlock();
    }

    /** Appends {@code batch[0..n)} in order, under one lock acquisition, and nulls them in {@code batch}. */
    void offerBatch(Runnable[] batch, int n) {
        lock();
        while (ring.length - size < n) {
            grow(size + n);
        }
        int mask = ring.length - 1;
        for (int i = 0; i < n; i++) {
            ring[(head + size + i) & mask] = batch[i];
            batch[i] = null;
        }
        size += n;
        count = size;
        unlock();
    }

    /** The head, or null when empty. */
    Runnable poll() {
        if (count == 0) {
            return null;
        }
        lock();
        Runnable r = null;
        if (size > 0) {
            r = ring[head];
            ring[head] = null;
            head = (head + 1) & (ring.length - 1);
            size--;
            count = size;
            TAKEN.setOpaque(this, taken + 1);
        }
        unlock();
        return r;
    }

    /**
     * Takes up to {@code max} goroutines from the head into {@code out[0..)}, under one lock
     * acquisition; returns how many.
     */
    int pollBatch(Runnable[] out, int max) {
        if (count == 0) {
            return 0;
        }
        lock();
        int n = Math.min(max, size);
        int mask = ring.length - 1;
        for (int i = 0; i < n; i++) {
            out[i] = ring[head];
            ring[head] = null;
            head = (head + 1) & mask;
        }
        size -= n;
        count = size;
        TAKEN.setOpaque(this, taken + n);
        unlock();
        return n;
    }

    /**
     * Called with the lock held: replaces the ring with one of at least {@code need} slots (a power
     * of two, at least twice the old), keeping FIFO order from index 0, and returns with the lock
     * held. The new array is allocated with the lock released, so an OutOfMemoryError leaves the
     * lock free and the queue as it was; if another producer grew the ring meanwhile, the new array
     * is dropped and the caller looks again.
     */
    private void grow(int need) {
        Runnable[] old = ring;
        int len = old.length * 2;
        while (len < need) {
            len *= 2;
        }
        unlock();
        Runnable[] bigger = new Runnable[len];
        lock();
        if (ring != old) {
            return;
        }
        for (int i = 0; i < size; i++) {
            bigger[i] = old[(head + i) & (old.length - 1)];
        }
        Arrays.fill(old, null);
        ring = bigger;
        head = 0;
    }

    /** Whether nothing is queued (a volatile read: see the class comment). */
    boolean isEmpty() {
        return count == 0;
    }

    /** How many are queued (a snapshot). */
    int size() {
        return count;
    }

    /** Goroutines taken so far (racy; sysmon's watchdog only checks that it moves). */
    long taken() {
        return (long) TAKEN.getOpaque(this);
    }
}
