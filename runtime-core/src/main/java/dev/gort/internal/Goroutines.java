package dev.gort.internal;

import dev.gort.internal.park.RuntimeLock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * gort's own record of its live goroutines (Go's {@code allgs}): what {@code Go.numGoroutine()},
 * the goroutine dump and the deadlock detector read, in the G-M-P mode and the fallback mode alike,
 * on any JDK from 21 on. A goroutine is registered by {@code Go.go} before its thread starts and
 * leaves when its body returns or throws.
 *
 * <p>The record is small on purpose ({@link G}: the thread, its body, who created it, its slot; it
 * is also the task the thread runs): a goroutine's state, wait reason and stack are read from its
 * thread when a dump asks (its {@code Thread.State}, the {@link dev.gort.internal.park.Blocker} it is
 * parked on, {@code getStackTrace()}), so a park records nothing here.
 *
 * <p>Spawning must stay cheap, so the set is split into {@link #STRIPES} stripes, each guarded by its
 * own {@link RuntimeLock}; a goroutine lives in the stripe of its thread id (consecutive ids fall in
 * different stripes). A stripe is an array of slots, not a linked list: unlinking a record from a
 * list writes its two neighbours, records spawned long before or after it whose cache lines are
 * usually cold by the time a goroutine ends, while a record knows its own slot, and an add fills the
 * next free slot after the one filled last, so both touch lines that recent spawns touched too. The
 * array doubles when it is half full and never shrinks, like Go's {@code allgs}: its size follows
 * the most goroutines the stripe ever held at once (4 bytes a slot with compressed references).
 *
 * <p>Who writes what: a stripe's {@code slots}, {@code cursor} and {@code count}, and a record's
 * {@code slot}, under that stripe's lock; a record's other fields before it is added (published by
 * the lock), never after. Invariant, under the lock: {@code count} is the number of non-null slots,
 * {@code count * 2 < slots.length} after an add, and a registered record {@code g} is in
 * {@code slots[g.slot]}; an unregistered one has {@code slot == -1}.
 */
final class Goroutines {
    static final int STRIPES = 64;
    private static final int INITIAL_SLOTS = 16;

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
     * for both jobs (32 bytes), since a million parked goroutines are a million of these.
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
        /** Index in its stripe's slots while registered, else -1; written under the stripe's lock. */
        int slot = -1;

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
        G[] slots = new G[INITIAL_SLOTS];
        /** Where the search for a free slot starts: one past the slot filled last. */
        int cursor;
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
        assert g.slot == -1 : "goroutine registered twice";
        G[] slots = s.slots;
        int n = s.count + 1;
        if (n * 2 >= slots.length) {
            slots = s.slots = Arrays.copyOf(slots, slots.length * 2);
        }
        int mask = slots.length - 1;
        int i = s.cursor & mask;
        while (slots[i] != null) { // at most half full: a free slot is near
            i = (i + 1) & mask;
        }
        slots[i] = g;
        g.slot = i;
        s.cursor = i + 1;
        COUNT.setRelease(s, n);
        s.lock.unlock();
    }

    /** Unregisters {@code g}: its body has returned (or its thread never started). */
    void remove(G g) {
        Stripe s = stripe(g);
        s.lock.lock();
        int i = g.slot;
        assert i >= 0 && s.slots[i] == g : "goroutine unregistered twice";
        s.slots[i] = null;
        g.slot = -1;
        COUNT.setRelease(s, s.count - 1);
        assert s.count >= 0 : "stripe count below zero";
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
            int before = out.size();
            for (G g : s.slots) {
                if (g != null) {
                    out.add(g);
                }
            }
            assert out.size() - before == s.count : "stripe count and slots disagree";
            s.lock.unlock();
        }
        return out;
    }
}
