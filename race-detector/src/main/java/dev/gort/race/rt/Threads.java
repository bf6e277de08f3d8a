package dev.gort.race.rt;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Threads' race state: slot allocation, each thread's {@link T} (found through a ThreadLocal by the
 * thread itself and through a weak table by a joiner), and fork tokens from {@code Thread.start}.
 *
 * <p>Slots: a thread holds a vector clock index (its slot) until its {@code Thread} object is
 * collected. A freed slot waits in a FIFO quarantine of {@value #QUARANTINE} slots before reuse, and
 * its next owner starts its clock after the last owner's, so epochs of one slot only grow. Reuse
 * makes the old owner's accesses look ordered before the new owner's (a race between the two is
 * missed, as in TSan); the quarantine keeps that to programs that have already run thousands of
 * threads. Vector clocks are as wide as the highest slot in use: live threads plus the quarantine.
 */
final class Threads {
    static final int QUARANTINE = 256;

    private static final ThreadLocal<T> CURRENT = ThreadLocal.withInitial(Threads::create);
    private static final WeakIdentityMap<T> BY_THREAD = new WeakIdentityMap<>(Threads::free);
    private static final WeakIdentityMap<Fork> FORKS = new WeakIdentityMap<>(null);

    private static final ArrayDeque<Integer> FREE = new ArrayDeque<>();
    private static long[] lastClock = new long[64];
    private static int nextSlot;
    private static volatile Thread mainThread;

    private Threads() {}

    /** What a started thread inherits: its starter's clock and stack. */
    record Fork(VectorClock vc, Frame top, int site) {}

    static void setMain(Thread t) {
        mainThread = t;
    }

    static T current() {
        return CURRENT.get();
    }

    private static T create() {
        Thread th = Thread.currentThread();
        int slot;
        long start;
        synchronized (Threads.class) {
            if (FREE.size() > QUARANTINE || (nextSlot >= Epoch.MAX_SLOTS && !FREE.isEmpty())) {
                slot = FREE.poll();
            } else if (nextSlot < Epoch.MAX_SLOTS) {
                slot = nextSlot++;
            } else {
                throw new IllegalStateException("gort race detector: more than " + Epoch.MAX_SLOTS + " live threads");
            }
            if (slot >= lastClock.length) {
                lastClock = Arrays.copyOf(lastClock, Math.max(slot + 1, lastClock.length * 2));
            }
            start = lastClock[slot] + 1;
        }
        Fork f = FORKS.get(th);
        ThreadRoot root = new ThreadRoot(th, f == null ? null : f.top(), f == null ? 0 : f.site(), false,
                th == mainThread);
        T t = new T(slot, start, root);
        if (f != null) {
            t.vc.join(f.vc());
            t.vc.set(slot, start); // the starter's view of this slot (an old owner's) never exceeds it
        }
        BY_THREAD.putIfAbsent(th, t);
        return t;
    }

    /**
     * The current thread's body ended (a task given to Thread.Builder.start, or a gort goroutine at
     * goEnd): its slot goes to the quarantine now instead of when the thread is collected, so
     * programs that start many short threads keep their clocks narrow. Should instrumented code run
     * in this thread again, it gets a fresh state and slot. Its clock stays readable by a joiner.
     */
    static void retire(T t) {
        if (Threads.current() == t) {
            CURRENT.remove();
        }
        t.root.finished = true;
        free(t);
        // Drop the states of threads already collected: a map's entries otherwise go only when
        // something is inserted, and a burst of thread ends (a million goroutines woken by one
        // close) inserts nothing while their clocks, each as wide as what the thread learned, add up.
        BY_THREAD.expunge();
    }

    /** The thread's Thread object was collected, or it retired: its slot may be reused, after the quarantine. */
    private static void free(T t) {
        synchronized (Threads.class) {
            if (t.retired) {
                return;
            }
            t.retired = true;
            long c = t.vc.get(t.slot);
            if (c > lastClock[t.slot]) {
                lastClock[t.slot] = c;
            }
            FREE.add(t.slot);
        }
    }

    /** {@code Thread.start} on {@code child}, by {@code t} at {@code site}: the fork edge. */
    static void fork(Thread child, T t, int site) {
        FORKS.putIfAbsent(child, new Fork(new VectorClock(t.vc), t.top, site));
        t.tick();
    }

    /** A fork token for a task or a gort goroutine: the same edge, delivered by the callee. */
    static Fork token(T t, int site) {
        Fork f = new Fork(new VectorClock(t.vc), t.top, site);
        t.tick();
        return f;
    }

    /** {@code child.join()} returned in {@code t}: if the child ended, its clock is {@code t}'s too. */
    static void joined(Thread child, T t) {
        if (child == null || child.isAlive()) {
            return;
        }
        T c = BY_THREAD.get(child);
        if (c != null && c != t) {
            t.vc.join(c.vc);
            c.root.finished = true;
        }
    }

    /** Slots ever handed out (the width a vector clock can reach), and slots waiting for reuse. */
    static synchronized String slotStats() {
        return nextSlot + " thread slots used, " + FREE.size() + " free";
    }
}
