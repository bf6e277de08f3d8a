package dev.gort.sync;

import dev.gort.Go;
import dev.gort.GoInterruptedException;
import dev.gort.internal.park.CancelSignal;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.RuntimeLock;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitQueue;
import dev.gort.internal.park.WaitReason;
import dev.gort.internal.race.Race;
import dev.gort.internal.time.TimerHeap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;

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
 * until the counter is zero, {@link #await(Duration)} at most that long. A counter that would go
 * negative throws {@code IllegalStateException("sync: negative WaitGroup counter")} and is left
 * unchanged. A WaitGroup may be reused once its waiters have returned, as in Go. Go calls an
 * {@code add} from zero that races an {@code await} a misuse and panics when it notices; here it is
 * well defined: the await either returns for the earlier zero or waits for the counter the add
 * started.
 */
/*
 * Implementation overview.
 *
 * The state word (state, a long, CAS only):
 *   bits 32..63  counter      (int, never negative)
 *   bits  1..31  generation   bumped each time the counter reaches zero with waiters
 *   bit   0      WAITERS      somebody has registered to wait for the current generation
 * add/done are one CAS while nobody waits. A waiter sets WAITERS (CAS, counter > 0), remembering the
 * generation it saw, then queues a wait node (ticket = that generation) under qlock. The done that
 * brings the counter to zero with WAITERS set clears it and bumps the generation in the same CAS,
 * then takes qlock and wins and readies every node of the old generation. A waiter that queues after
 * that bump sees, under qlock, that its generation is over and returns at once; so no waiter misses
 * its zero, and a waiter of a later generation (reuse) is never woken by an earlier zero -- the race
 * Go's semaphore-token design can only detect and panic on.
 *
 * Invariant (under qlock): the queue is ordered by generation, so the nodes of the generation being
 * released are a prefix of it. A node is queued only while the generation it saw is current (checked
 * under qlock), and the generation only grows; a node queued after another therefore never has an
 * older generation.
 *
 * Race detector hooks (Go's WaitGroup race calls; compiled away without the agent): a decrement
 * merges its clock into the group's before its CAS, and every await that returns because the
 * counter reached zero acquires it, so each done() happens before await returns (untimed, timed
 * and context-aware alike). Go's misuse check is kept: an add that starts from zero reads the
 * address (wg, RACE_STATE) and the await that registers the first waiter of a generation writes
 * it, so an add racing an await is reported.
 */
public final class WaitGroup {
    private static final long COUNTER_UNIT = 1L << 32;
    private static final long WAITERS = 1L;
    private static final long GEN_UNIT = 2L;
    private static final long GEN_MASK = 0xFFFF_FFFEL;
    /** The race detector's address of the counter's transitions from zero (Go's {@code &wg.sema}). */
    private static final long RACE_STATE = 1;

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

    /** Guards {@link #waiters}; never held while parking. */
    private final RuntimeLock qlock = new RuntimeLock();
    /** Nodes of goroutines in await, oldest first; ticket = the generation each waits for. */
    private final WaitQueue waiters = new WaitQueue(qlock);

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
            if (Race.ENABLED && delta < 0) {
                Race.releaseMerge(this); // every done happens before the await it lets through
            }
            if (STATE.compareAndSet(this, s, n)) {
                if (Race.ENABLED && delta > 0 && counter(s) == 0) {
                    Race.read(this, RACE_STATE); // the first add must happen before the await
                }
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
        if (awaitUntil(Long.MAX_VALUE, null) != 0) {
            throw new AssertionError("an untimed WaitGroup.await gave up");
        }
    }

    /**
     * Blocks until the counter is zero or {@code timeout} has passed, whichever comes first.
     *
     * @return true if the counter reached zero; false if the time ran out first
     * @throws GoInterruptedException if interrupted while blocked; the group is unchanged
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) {
        return awaitUntil(TimerHeap.deadlineAfter(timeout), null) == 0;
    }

    /**
     * The wait behind every form of await: until the counter is zero, {@code deadline}
     * ({@link Long#MAX_VALUE}: none) or {@code cancel} (may be null). Returns 0 when the counter
     * reached zero, {@link WaitNode#TIMED_OUT} or {@link WaitNode#CANCELED} otherwise.
     *
     * @throws GoInterruptedException if interrupted while blocked
     */
    int awaitUntil(long deadline, CancelSignal cancel) {
        int r = awaitZero(deadline, cancel);
        if (Race.ENABLED && r == 0) {
            Race.acquire(this);
        }
        return r;
    }

    private int awaitZero(long deadline, CancelSignal cancel) {
        long s;
        for (;;) {
            s = (long) STATE.getVolatile(this);
            if (counter(s) == 0) {
                return 0;
            }
            if ((s & WAITERS) != 0) {
                break;
            }
            if (STATE.compareAndSet(this, s, s | WAITERS)) {
                if (Race.ENABLED) {
                    Race.write(this, RACE_STATE); // the first waiter of a generation: see add
                }
                break;
            }
        }
        long gen = s & GEN_MASK;
        WaitNode node = new WaitNode(WaitReason.SYNC_WAITGROUP_WAIT, this);
        node.ticket = (int) gen; // bits 1..31: fits
        qlock.lock();
        if ((((long) STATE.getVolatile(this)) & GEN_MASK) != gen) {
            qlock.unlock();
            return 0; // that generation reached zero while we queued
        }
        waiters.add(node);
        qlock.unlock();
        int r = deadline == Long.MAX_VALUE && cancel == null ? Park.park(node) : Park.park(node, deadline, cancel);
        if (r >= 0) {
            return 0;
        }
        // Given up: WAITERS may stay set for this generation; its releaser just finds fewer nodes.
        WaitQueue.unlinkIfQueued(node, waiters);
        if (r == WaitNode.INTERRUPTED) {
            throw new GoInterruptedException("sync: WaitGroup.await");
        }
        return r;
    }

    /** Wins and readies every queued node of generation {@code gen}; later generations stay. */
    private void releaseGeneration(long gen) {
        WaitNode wake = null;
        qlock.lock();
        WaitNode w;
        while ((w = waiters.peek()) != null && w.ticket == (int) gen) {
            waiters.poll();
            if (w.win()) {
                wake = w.thenReady(wake);
            } // else: its owner gave up (interrupt, timeout) and leaves on its own
        }
        assert w == null || w.ticket != (int) gen : "generations out of order in the queue";
        qlock.unlock();
        Park.readyAll(wake);
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
