package dev.gort.internal;

import dev.gort.internal.park.RuntimeLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * gort's own record of its live goroutines (Go's {@code allgs}): what {@code Go.numGoroutine()},
 * the goroutine dump and the deadlock detector read, in the G-M-P mode and the fallback mode alike,
 * on any JDK from 21 on. A goroutine is registered by {@code Go.go} before its thread starts and
 * leaves when its body returns or throws.
 *
 * <p>The record is small on purpose ({@link G}: the thread, its body, who created it, two links; it
 * is also the task the thread runs): a goroutine's
 * state, wait reason and stack are read from its thread when a dump asks (its {@code Thread.State},
 * the {@link dev.gort.internal.park.Blocker} it is parked on, {@code getStackTrace()}), so a park
 * records nothing here.
 *
 * <p>Spawning must stay cheap, so the set is split into {@link #STRIPES} intrusive doubly linked
 * lists, each guarded by its own {@link RuntimeLock}; a goroutine lives in the stripe of its thread id
 * (consecutive ids fall in different stripes). Adding or removing is one uncontended lock and a
 * few link writes. Who writes what: a stripe's {@code head}, {@code count} and the links of its
 * records, under that stripe's lock; a record's other fields before it is added (published by the
 * lock), never after.
 */
final class Goroutines {
    static final int STRIPES = 64;

    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(Stripe.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One live goroutine, and the task its thread runs ({@link #run()}): one object per goroutine
     * for both jobs (40 bytes), since a million parked goroutines are a million of these.
     */
    static final class G implements Runnable {
        /** The goroutine's thread; set before it starts (or, for a thread factory's, when it runs). */
        Thread thread;
        /** Thread id of the goroutine or thread that started it; negative when that was not a goroutine. */
        final long creator;
        /** The (decorated) body. */
        final Runnable body;
        /** Made by a thread factory: registers itself when it runs, since it may never be started. */
        final boolean registerWhenRun;
        G prev;
        G next;

        G(Runnable body, boolean registerWhenRun) {
            Thread t = Thread.currentThread();
            this.creator = t.isVirtual() ? t.threadId() : -t.threadId();
            this.body = body;
            this.registerWhenRun = registerWhenRun;
        }

        long creatorId() {
            return Math.abs(creator);
        }

        boolean createdByGoroutine() {
            return creator > 0;
        }

        @Override
        public void run() {
            GoRuntime.get().runGoroutine(this);
        }
    }

    private static final class Stripe {
        final RuntimeLock lock = new RuntimeLock();
        G head;
        /** Records in this stripe; written under the lock (release), read by anyone (acquire). */
        int count;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    Goroutines() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private Stripe stripe(G g) {
        return stripes[(int) g.thread.threadId() & (STRIPES - 1)];
    }

    /** Registers {@code g}, whose {@code thread} is set and not yet started. */
    void add(G g) {
        Stripe s = stripe(g);
        s.lock.lock();
        assert g.prev == null && g.next == null && s.head != g : "goroutine registered twice";
        G h = s.head;
        g.next = h;
        if (h != null) {
            h.prev = g;
        }
        s.head = g;
        COUNT.setRelease(s, s.count + 1);
        s.lock.unlock();
    }

    /** Unregisters {@code g}: its body has returned (or its thread never started). */
    void remove(G g) {
        Stripe s = stripe(g);
        s.lock.lock();
        assert g.prev != null || s.head == g : "goroutine unregistered twice";
        G p = g.prev;
        G n = g.next;
        if (p == null) {
            s.head = n;
        } else {
            p.next = n;
        }
        if (n != null) {
            n.prev = p;
        }
        g.prev = null;
        g.next = null;
        COUNT.setRelease(s, s.count - 1);
        assert s.count >= 0 && (s.count == 0) == (s.head == null) : "stripe count and links disagree";
        s.lock.unlock();
    }

    /** Live goroutines now (a sum of per-stripe snapshots). */
    int count() {
        int n = 0;
        for (Stripe s : stripes) {
            n += (int) COUNT.getAcquire(s);
        }
        return n;
    }

    /** A copy of every live record, in no particular order. */
    List<G> snapshot() {
        List<G> out = new ArrayList<>(Math.max(16, count()));
        for (Stripe s : stripes) {
            s.lock.lock();
            for (G g = s.head; g != null; g = g.next) {
                out.add(g);
            }
            s.lock.unlock();
        }
        return out;
    }
}
