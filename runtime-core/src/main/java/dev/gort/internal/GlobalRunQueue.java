package dev.gort.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * The global run queue (Go's {@code sched.runq}): unbounded, many producers ({@code execute} from
 * any thread, overflow, yields), many consumers (every M). Go guards its list with the scheduler
 * lock; here {@code execute} must never block, so it is the JDK's lock-free
 * {@link ConcurrentLinkedQueue} (Michael-Scott), which needs neither {@code sun.misc.Unsafe} nor any
 * library.
 *
 * <p>Counts, for the heuristics only: {@link #offered} is incremented <em>before</em> the element is
 * linked and {@link #taken} after it was unlinked, so {@link #size()} may count an element that is
 * still being linked, never one that is gone; emptiness, which the no-lost-wakeup protocol reads,
 * is the queue's own {@link #isEmpty()}. Both counters only grow; {@link #taken()} tells sysmon's
 * watchdog whether consumers made progress.
 */
final class GlobalRunQueue {
    private final ConcurrentLinkedQueue<Runnable> q = new ConcurrentLinkedQueue<>();
    private final LongAdder offered = new LongAdder();
    private final LongAdder taken = new LongAdder();

    /** Any thread; never blocks. */
    public void offer(Runnable r) {
        offered.increment();
        q.offer(r);
    }

    /** The head, or null when empty. */
    public Runnable poll() {
        Runnable r = q.poll();
        if (r != null) {
            taken.increment();
        }
        return r;
    }

    /** Linearizable: after an {@link #offer} has returned, false until that element is taken. */
    public boolean isEmpty() {
        return q.isEmpty();
    }

    /** Approximately how many are queued (may count one being offered now); never negative. */
    public int size() {
        long n = offered.sum() - taken.sum();
        return n <= 0 ? 0 : (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Elements taken so far. */
    public long taken() {
        return taken.sum();
    }
}
