package dev.gort.sync;

import dev.gort.Go;
import dev.gort.GoInterruptedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.WaitGroup}: waits for a collection of goroutines to finish.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (String url : urls) {
 *     wg.go(() -> fetch(url));        // add(1); Go.go(() -> { try { fetch(url); } finally { wg.done(); } })
 * }
 * wg.await();                         // returns when every fetch has returned
 * }</pre>
 *
 * <p>{@link #add(int)} moves a counter; {@link #done()} is {@code add(-1)}; {@link #await()} blocks
 * until the counter is zero. A counter that would go negative throws
 * {@code IllegalStateException("sync: negative WaitGroup counter")} and is left unchanged. A
 * WaitGroup may be reused once its waiters have returned, as in Go. Go calls an {@code add} from
 * zero that races an {@code await} a misuse and panics when it notices; here it is well defined:
 * the await either returns for the earlier zero or waits for the counter the add started.
 *
 * <h2>Implementation overview</h2>
 *
 * The state word ({@code state}, a long, CAS only):
 * <pre>
 *   bits 32..63  counter      (int, never negative)
 *   bits  1..31  generation   bumped each time the counter reaches zero with waiters
 *   bit   0      WAITERS      somebody has registered to wait for the current generation
 * </pre>
 * {@code add}/{@code done} are one CAS while nobody waits. A waiter sets WAITERS (CAS, counter &gt;
 * 0), remembering the generation it saw, then queues its node under {@code qlock}. The {@code done}
 * that brings the counter to zero with WAITERS set clears it and bumps the generation in the same
 * CAS, then takes {@code qlock} and wakes every node of the old generation. A waiter that queues
 * after that bump sees, under {@code qlock}, that its generation is over and returns at once; so no
 * waiter misses its zero, and a waiter of a later generation (reuse) is never woken by an earlier
 * zero — the race Go's semaphore-token design can only detect and panic on.
 */
public final class WaitGroup {
    private static final long COUNTER_UNIT = 1L << 32;
    private static final long WAITERS = 1L;
    private static final long GEN_UNIT = 2L;
    private static final long GEN_MASK = 0xFFFF_FFFEL;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Counter, generation and WAITERS (layout above). Written only by CAS in add and await. */
    @SuppressWarnings("unused") // through STATE
    private volatile long state;

    /** Guards the waiter list (head/tail and node links); never held while parking. */
    private final ReentrantLock qlock = new ReentrantLock();
    private Node head;
    private Node tail;

    private static final class Node {
        final Thread thread = Thread.currentThread();
        final long gen;
        Node next;
        /** Written true only by the releaser, after unlinking it under qlock; read by the waiter. */
        volatile boolean released;

        Node(long gen) {
            this.gen = gen;
        }
    }

    /** Creates a WaitGroup with counter zero (Go's zero value). */
    public WaitGroup() {}

    private static int counter(long s) {
        return (int) (s >>> 32);
    }

    /**
     * Adds {@code delta}, which may be negative, to the counter. When the counter reaches zero every
     * goroutine blocked in {@link #await()} is released. As in Go, an add with a positive delta that
     * starts from zero should happen before the await it is meant for.
     *
     * @throws IllegalStateException {@code "sync: negative WaitGroup counter"} if the counter would go
     *     below zero, or {@code "sync: WaitGroup counter overflow"} above {@link Integer#MAX_VALUE}; the
     *     counter is then unchanged
     */
    public void add(int delta) {
        for (;;) {
            long s = (long) STATE.getVolatile(this);
            long v = (long) counter(s) + delta;
            if (v < 0) {
                throw new IllegalStateException("sync: negative WaitGroup counter");
            }
            if (v > Integer.MAX_VALUE) {
                throw new IllegalStateException("sync: WaitGroup counter overflow");
            }
            long n;
            boolean release = v == 0 && (s & WAITERS) != 0;
            if (release) {
                // Invariant: WAITERS cleared and generation bumped in the CAS that reaches zero.
                n = (s + GEN_UNIT) & GEN_MASK;
            } else {
                n = (v << 32) | (s & (GEN_MASK | WAITERS));
            }
            if (STATE.compareAndSet(this, s, n)) {
                if (release) {
                    releaseGeneration(s & GEN_MASK);
                }
                return;
            }
        }
    }

    /** Decrements the counter by one: {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /**
     * Starts {@code task} in a new goroutine counted by this group (Go 1.25's {@code wg.Go}):
     * {@code add(1)}, then the goroutine runs the task and calls {@link #done()} however it ends.
     */
    public void go(Runnable task) {
        Objects.requireNonNull(task, "task");
        add(1);
        try {
            Go.go(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException | Error e) {
            done(); // the goroutine never started
            throw e;
        }
    }

    /**
     * Blocks until the counter is zero.
     *
     * @throws GoInterruptedException if interrupted while blocked; the group is unchanged
     */
    public void await() {
        long s;
        for (;;) {
            s = (long) STATE.getVolatile(this);
            if (counter(s) == 0) {
                return;
            }
            if ((s & WAITERS) != 0 || STATE.compareAndSet(this, s, s | WAITERS)) {
                break;
            }
        }
        long gen = s & GEN_MASK;
        Node node = new Node(gen);
        qlock.lock();
        try {
            if ((((long) STATE.getVolatile(this)) & GEN_MASK) != gen) {
                return; // that generation reached zero while we queued
            }
            if (tail == null) {
                head = node;
            } else {
                tail.next = node;
            }
            tail = node;
        } finally {
            qlock.unlock();
        }
        // The loop's test after the park, not before (see dev.gort.chan.internal.Waiter.await: a
        // test that only ever said "keep waiting" deoptimizes every parked goroutine on waking).
        if (node.released) {
            return;
        }
        do {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                if (removeWaiter(node)) {
                    // WAITERS may stay set for this generation: its releaser just finds fewer nodes.
                    Thread.currentThread().interrupt();
                    throw new GoInterruptedException("sync: WaitGroup.await");
                }
                Thread.currentThread().interrupt(); // released meanwhile: return normally
                while (!node.released) {
                    Thread.onSpinWait(); // the releaser unlinked us and is about to set released
                }
                return;
            }
        } while (!node.released);
    }

    /** Wakes and unlinks every queued node of generation {@code gen}; later generations stay. */
    private void releaseGeneration(long gen) {
        Node wake = null;
        qlock.lock();
        try {
            Node prev = null;
            Node n = head;
            while (n != null) {
                Node next = n.next;
                if (n.gen == gen) {
                    if (prev == null) {
                        head = next;
                    } else {
                        prev.next = next;
                    }
                    if (n == tail) {
                        tail = prev;
                    }
                    n.next = wake;
                    wake = n;
                } else {
                    prev = n;
                }
                n = next;
            }
        } finally {
            qlock.unlock();
        }
        while (wake != null) {
            Node next = wake.next;
            wake.released = true;
            LockSupport.unpark(wake.thread);
            wake = next;
        }
    }

    /** Unlinks node if it is still queued; false if a releaser took it. */
    private boolean removeWaiter(Node node) {
        qlock.lock();
        try {
            Node prev = null;
            for (Node n = head; n != null; prev = n, n = n.next) {
                if (n == node) {
                    if (prev == null) {
                        head = n.next;
                    } else {
                        prev.next = n.next;
                    }
                    if (n == tail) {
                        tail = prev;
                    }
                    n.next = null;
                    return true;
                }
            }
            return false;
        } finally {
            qlock.unlock();
        }
    }

    /** The counter now (racy; for tests, logs and toString). */
    int count() {
        return counter((long) STATE.getVolatile(this));
    }

    /** A description for logs and debuggers, e.g. {@code WaitGroup[count=3]}. */
    @Override
    public String toString() {
        return "WaitGroup[count=" + count() + "]";
    }
}
