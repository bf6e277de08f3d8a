package dev.gort.chan.internal;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * gort's one timer facility: a binary min-heap of pending timers ordered by deadline, served by one
 * platform daemon thread ({@code gort-timers}). Every {@code Time.sleep}, {@code Time.after},
 * {@code Timer} and {@code Ticker} is a {@link Node} in this heap; 100,000 pending timers cost
 * 100,000 small objects and O(log n) per insert and removal, not a thread each.
 *
 * <p><b>Implementation overview.</b> The heap array, its size and every node's {@code when} and
 * {@code heapIndex} are guarded by {@link #lock}. {@link #add} sifts the node up and signals the
 * timer thread only when the node became the earliest deadline (the thread is then sleeping too
 * long). The timer thread sleeps on {@link #available} until the earliest deadline, pops every
 * node that is due (at most {@link #BATCH} per lock hold, so adders are not starved), and runs
 * their {@link Node#fire()} <em>after releasing the lock</em>, in deadline order. {@code fire}
 * must be short and must not block: it unparks a sleeper or delivers a value into a timer channel.
 * A node is in the heap at most once; {@link #remove} takes it out if it has not been popped yet,
 * and reports whether it did, which is how a stop wins or loses against firing.
 *
 * <p>Lock order: a timer's channel lock may be held while calling {@link #add}/{@link #remove}
 * (channel lock &rarr; heap lock); the timer thread never holds the heap lock while firing, so
 * the reverse order never happens.
 */
public final class TimerHeap {
    private static final Logger LOG = LoggerFactory.getLogger(TimerHeap.class);
    private static final int BATCH = 1024;

    /** A pending timer. Subclasses say what firing means. */
    public abstract static class Node {
        // Guarded by the heap lock.
        long when;
        int heapIndex = -1;
        Node nextFired; // timer thread only: the batch being fired

        /** Runs on the timer thread, outside the heap lock; must be short and must not block. */
        protected abstract void fire();

        /** The deadline in {@link System#nanoTime()} units, as last scheduled. */
        public long when() {
            return when;
        }
    }

    private static final class Holder {
        static final TimerHeap INSTANCE = new TimerHeap();
    }

    /** The process-wide timer heap; its thread starts on first use. */
    public static TimerHeap get() {
        return Holder.INSTANCE;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private Node[] heap = new Node[256];
    private int size;

    private TimerHeap() {
        Thread t = new Thread(this::loop, "gort-timers");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Schedules {@code n} to fire at {@code when} ({@link System#nanoTime()} units).
     *
     * @throws IllegalStateException if {@code n} is already scheduled
     */
    public void add(Node n, long when) {
        lock.lock();
        try {
            if (n.heapIndex >= 0) {
                throw new IllegalStateException("timer node already scheduled");
            }
            n.when = when;
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            int i = size++;
            siftUp(i, n);
            if (n.heapIndex == 0) {
                available.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code n} if it has not been popped for firing; returns whether it was removed. */
    public boolean remove(Node n) {
        lock.lock();
        try {
            int i = n.heapIndex;
            if (i < 0) {
                return false;
            }
            n.heapIndex = -1;
            int last = --size;
            Node moved = heap[last];
            heap[last] = null;
            if (i != last) {
                siftDown(i, moved);
                if (heap[i] == moved) {
                    siftUp(i, moved);
                }
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Number of pending timers (for tests and monitoring). */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
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

    private void loop() {
        for (;;) {
            Node batchHead = null;
            Node batchTail = null;
            lock.lock();
            try {
                for (;;) {
                    if (size == 0) {
                        available.awaitUninterruptibly();
                        continue;
                    }
                    long delay = heap[0].when - System.nanoTime();
                    if (delay <= 0) {
                        break;
                    }
                    try {
                        available.awaitNanos(delay);
                    } catch (InterruptedException ignored) {
                        // Nobody interrupts this thread on purpose; just re-check the heap.
                    }
                }
                long now = System.nanoTime();
                for (int k = 0; k < BATCH && size > 0 && heap[0].when - now <= 0; k++) {
                    Node n = pollFirst();
                    if (batchTail == null) {
                        batchHead = n;
                    } else {
                        batchTail.nextFired = n;
                    }
                    batchTail = n;
                }
            } finally {
                lock.unlock();
            }
            for (Node n = batchHead; n != null; ) {
                Node next = n.nextFired;
                n.nextFired = null;
                try {
                    n.fire();
                } catch (Throwable t) {
                    LOG.error("gort timer callback failed", t);
                }
                n = next;
            }
        }
    }

    /** Converts a delay to an absolute deadline, saturating far in the future (about 73 years). */
    public static long deadline(long delayNanos) {
        long max = TimeUnit.DAYS.toNanos(365L * 73);
        return System.nanoTime() + Math.min(Math.max(delayNanos, 0), max);
    }
}
