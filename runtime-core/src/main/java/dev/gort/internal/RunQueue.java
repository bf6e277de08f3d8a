package dev.gort.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A P's local run queue: Go's {@code runq} ring of 256 plus the {@code runnext} slot
 * (runtime/proc.go: runqput, runqget, runqgrab, runqsteal).
 *
 * <h2>Implementation overview</h2>
 * A fixed ring of {@value #CAPACITY} slots indexed by two ever-increasing ints, {@code head} and
 * {@code tail} (they wrap around {@code int}; all arithmetic is on differences, so wrap-around is
 * harmless). One thread at a time <em>owns</em> the queue: the M (carrier) that holds the P. Only the
 * owner produces; the owner and any number of thieves consume.
 * <ul>
 *   <li>{@code tail} is written only by the owner, with a release store that publishes the slot
 *       written just before it. Consumers read it with an acquire load.</li>
 *   <li>{@code head} is advanced by whoever consumes — the owner taking one, a thief taking half —
 *       always by CAS, so a slot is handed out at most once. A consumer reads the slots first and
 *       keeps them only if its CAS from the {@code head} it read succeeds: the owner rewrites a slot
 *       only after {@code head} has moved past it, which makes that CAS fail.</li>
 *   <li>{@code runnext} is one slot that jumps the queue: a goroutine readied by the running one (a
 *       channel handoff, a spawn) goes there and, when run, inherits the rest of the time slice.
 *       Only the owner writes a runnable there; the owner and thieves take it out by CAS to null,
 *       so it too is handed out at most once. A CAS to null needs a runnable in the slot, so an
 *       empty slot stays empty until the owner fills it: the owner fills an empty slot with a
 *       release store, and swaps out an occupied one with {@code getAndSet}. A handoff (the running
 *       goroutine readies another, then parks, and the owner takes runnext) finds the slot empty,
 *       so it costs one atomic read-modify-write, the take, not two.</li>
 * </ul>
 * <b>Invariant</b>: every runnable put is returned exactly once by {@link #takeNext}, {@link #takeHead},
 * {@link #stealInto} or {@link #grabHalfForOverflow}, and {@code 0 <= tail - head <= CAPACITY}.
 * Ownership moves between Ms only through the scheduler lock (a P is released to, and acquired from,
 * the idle list under it), which orders one owner's plain writes before the next owner's reads.
 *
 * <p><b>Clearing consumed slots.</b> A consumer cannot null the slot it took: once its CAS has
 * moved {@code head} past the slot, the owner may already have written a new runnable there. In Go
 * a stale slot is harmless (gs are reused), but here a stale run task keeps its finished goroutine,
 * and everything that goroutine referenced, reachable (the chaos soak found whole test worlds held
 * this way). So the owner, and only the owner, nulls consumed slots in {@link #clearConsumed}: those
 * below the {@code head} it reads and not yet rewritten by its own later puts. A thief still
 * reading such a slot (and seeing null) read it under a {@code head} that has moved on, so its CAS
 * fails and the null is never handed out. {@code cleared} (owner only) marks where it got to. A
 * consumer whose CAS fails drops the copies it made into slots it owns: the thief its own free slots
 * above its tail, the owner its overflow batch.
 *
 * <p>JCTools has no queue with this exact protocol (a single-producer ring whose consumers take
 * <em>half</em> in one CAS, plus a CAS-able front slot), so it is written here.
 *
 * <p>Padding: the hot fields sit between runs of long fields so that two Ps' queues, or a queue and
 * the objects allocated beside it, never share a cache line (JCTools' class-hierarchy padding).
 */
final class RunQueue extends RunQueueFields {
    /** Go's len(p.runq). */
    public static final int CAPACITY = 256;
    private static final int MASK = CAPACITY - 1;

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Runnable[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunQueueHead.class, "head", int.class);
            TAIL = l.findVarHandle(RunQueueTail.class, "tail", int.class);
            RUNNEXT = l.findVarHandle(RunQueueNext.class, "runnext", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Runnable[] ring = new Runnable[CAPACITY];

    // ---- owner: produce ------------------------------------------------------------------------

    /**
     * Owner only. Puts {@code r} at the tail. Returns false when the ring is full; the caller then
     * moves half of it to the global queue ({@link #grabHalfForOverflow}) and tries again.
     */
    public boolean putTail(Runnable r) {
        int h = (int) HEAD.getAcquire(this);
        int t = tail; // only the owner writes tail
        // The owner's reads of head never go backwards, so its view keeps the bound it had at its last put.
        assert t - h >= 0 && t - h <= CAPACITY : "run queue out of bounds: head " + h + ", tail " + t;
        if (t - h < CAPACITY) {
            SLOT.setOpaque(ring, t & MASK, r);
            TAIL.setRelease(this, t + 1); // publishes the slot
            return true;
        }
        return false;
    }

    /**
     * Owner only. Makes {@code r} the next to run and returns the runnable it displaced from
     * {@code runnext} (or null); the caller puts that one at the tail, as Go's runqput(next=true).
     */
    public Runnable putNext(Runnable r) {
        // Nobody but this owner can fill the slot between the read and the store: a consumer's CAS
        // needs a runnable in it (see the class comment).
        if (RUNNEXT.getAcquire(this) == null) {
            RUNNEXT.setRelease(this, r);
            return null;
        }
        return (Runnable) RUNNEXT.getAndSet(this, r);
    }

    /**
     * Owner only, when {@link #putTail} found the ring full: takes the older half (128) of the ring
     * into {@code batch} with one CAS so the caller can move it to the global queue. Returns how many
     * were taken, or 0 if consumers moved {@code head} meanwhile (then there is room again: retry
     * {@code putTail}).
     */
    public int grabHalfForOverflow(Runnable[] batch) {
        int h = (int) HEAD.getAcquire(this);
        int t = tail;
        int n = (t - h) / 2;
        if (n != CAPACITY / 2) {
            return 0; // not full any more
        }
        for (int i = 0; i < n; i++) {
            batch[i] = (Runnable) SLOT.getOpaque(ring, (h + i) & MASK);
        }
        if (HEAD.compareAndSet(this, h, h + n)) {
            return n;
        }
        // Lost to a consumer: these copies are not ours, and the caller's batch must not keep them
        // (or their goroutines' object graphs) reachable until the next overflow overwrites them.
        Arrays.fill(batch, 0, n, null);
        return 0;
    }

    // ---- owner: consume ------------------------------------------------------------------------

    /** Owner (or a drainer of a detached queue). Takes runnext, or null if it is empty or was just stolen. */
    public Runnable takeNext() {
        Runnable next = (Runnable) RUNNEXT.getAcquire(this);
        if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
            return next;
        }
        return null;
    }

    /** Any consumer. Takes the oldest runnable in the ring, or null if the ring is empty. */
    public Runnable takeHead() {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            if (t == h) {
                return null;
            }
            Runnable r = (Runnable) SLOT.getOpaque(ring, h & MASK);
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return r;
            }
        }
    }

    /**
     * Owner only. Nulls the slots whose runnables consumers (the owner or thieves) have taken since
     * the last call, so that no finished goroutine stays reachable from this ring. Amortised O(1)
     * per put: each slot is cleared at most once per use. Call it when the ring has been found
     * empty (then everything in it is stale).
     */
    public void clearConsumed() {
        int h = (int) HEAD.getAcquire(this);
        int t = tail;
        int from = cleared;
        if (from - (t - CAPACITY) < 0) {
            from = t - CAPACITY; // older slots have been rewritten by this owner's own puts since
        }
        for (int i = from; i - h < 0; i++) {
            SLOT.setOpaque(ring, i & MASK, null);
        }
        cleared = h;
    }

    // ---- thief ---------------------------------------------------------------------------------

    /**
     * Called by the owner of {@code this} (the thief), whose own ring must be empty: moves half of
     * {@code victim}'s ring into this ring and returns one runnable to run now, or null if there was
     * nothing to take. With {@code stealRunnext}, an otherwise empty victim gives up its runnext —
     * after spinning {@code runnextGraceNanos} if the victim is running, since a goroutine just
     * readied into runnext is usually about to run there (Go's usleep(3) in runqgrab), which keeps
     * handoff pairs on one P.
     *
     * @return the runnable to run now; the rest, if any, are published at this ring's tail
     */
    public Runnable stealInto(RunQueue victim, boolean stealRunnext, boolean victimRunning, long runnextGraceNanos) {
        int t = tail;
        assert t == (int) HEAD.getAcquire(this) : "a thief steals only into its own empty ring";
        int n = victim.grab(ring, t, stealRunnext, victimRunning, runnextGraceNanos);
        if (n == 0) {
            return null;
        }
        n--;
        Runnable r = (Runnable) SLOT.getOpaque(ring, (t + n) & MASK);
        // The one to run now is not published: its slot is beyond the new tail, where no consumer
        // reads, so the owner may drop the reference at once (see "Clearing consumed slots").
        SLOT.setOpaque(ring, (t + n) & MASK, null);
        if (n > 0) {
            TAIL.setRelease(this, t + n); // publish the rest
        }
        lastStolen = n + 1;
        return r;
    }

    /** How many the last successful {@link #stealInto} took (owner's bookkeeping for statistics). */
    public int lastStolen() {
        return lastStolen;
    }

    /**
     * Go's runqgrab: copies half of this (the victim's) ring into {@code dst} starting at index
     * {@code dstTail}, claims them with one CAS on head, returns the count.
     */
    private static void spinFor(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
    }

    private int grab(Runnable[] dst, int dstTail, boolean stealRunnext, boolean victimRunning, long graceNanos) {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunnext) {
                    Runnable next = (Runnable) RUNNEXT.getAcquire(this);
                    if (next != null) {
                        if (victimRunning && graceNanos > 0) {
                            // Go's usleep(3), as a spin: the thief stays a spinning M meanwhile, so
                            // no other M is woken for work readied in that time, and a sleep (tens
                            // of microseconds on Linux, whatever was asked) left that work waiting.
                            spinFor(graceNanos);
                            if (RUNNEXT.getAcquire(this) != next) {
                                continue; // it ran, or was replaced: look again
                            }
                        }
                        if (!RUNNEXT.compareAndSet(this, next, null)) {
                            continue;
                        }
                        dst[dstTail & MASK] = next;
                        return 1;
                    }
                }
                return 0;
            }
            if (n > CAPACITY / 2) {
                continue; // h and t read at different moments: inconsistent, retry
            }
            for (int i = 0; i < n; i++) {
                dst[(dstTail + i) & MASK] = (Runnable) SLOT.getOpaque(ring, (h + i) & MASK);
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                assert n > 0 && n <= CAPACITY / 2 : "a steal takes at most half a ring: " + n;
                return n;
            }
            // Lost the race: drop the copies from the thief's free slots (beyond its tail, where no
            // consumer reads) so that a failed steal leaves no stale reference behind, as a later
            // clearConsumed would never reach slots above the tail. The chaos soak found this one.
            for (int i = 0; i < n; i++) {
                dst[(dstTail + i) & MASK] = null;
            }
        }
    }

    // ---- anyone --------------------------------------------------------------------------------

    /** Runnables in the ring (not counting runnext); a racy snapshot for statistics and heuristics. */
    public int size() {
        for (;;) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            if ((int) HEAD.getAcquire(this) == h) {
                return Math.max(0, Math.min(CAPACITY, t - h));
            }
        }
    }

    /** Whether runnext holds a runnable (racy snapshot). */
    public boolean hasNext() {
        return RUNNEXT.getAcquire(this) != null;
    }

    /** True if neither the ring nor runnext holds anything (racy snapshot). */
    public boolean isEmpty() {
        return (int) TAIL.getAcquire(this) == (int) HEAD.getAcquire(this) && RUNNEXT.getAcquire(this) == null;
    }
}

/** Padding before the consumer index. */
abstract class RunQueuePad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** {@code head}: written by CAS by any consumer. */
abstract class RunQueueHead extends RunQueuePad0 {
    volatile int head;
}

/** Padding between the consumers' index and the owner's fields. */
abstract class RunQueuePad1 extends RunQueueHead {
    long p20, p21, p22, p23, p24, p25, p26, p27;
    long p30, p31, p32, p33, p34, p35, p36, p37;
}

/** Owner-written fields: {@code tail} (release stores), read by every thief that sizes the ring. */
abstract class RunQueueTail extends RunQueuePad1 {
    volatile int tail;
    /** Owner only (plain). */
    int lastStolen;
    /** Owner only (plain): slots below this index have been cleared (see RunQueue.clearConsumed). */
    int cleared;
}

/**
 * Padding between {@code tail} and {@code runnext}: the owner swaps runnext at every handoff, while
 * spinning thieves read tail all the time; on one line, each swap would pull the line back from the
 * thieves' cores.
 */
abstract class RunQueuePad2 extends RunQueueTail {
    long p40, p41, p42, p43, p44, p45, p46, p47;
    long p50, p51, p52, p53, p54, p55, p56, p57;
}

/** {@code runnext}: swapped by the owner, CAS'd to null by whoever takes it. */
abstract class RunQueueNext extends RunQueuePad2 {
    volatile Runnable runnext;
}

/** Padding after. */
abstract class RunQueueFields extends RunQueueNext {
    long p60, p61, p62, p63, p64, p65, p66, p67;
    long p70, p71, p72, p73, p74, p75, p76, p77;
}
