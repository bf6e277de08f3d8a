package dev.gort.race.rt;

import java.util.Arrays;

/**
 * A vector clock: for each thread slot, the last clock value of that slot known here; absent
 * entries are 0 (clocks start at 1, so 0 means "nothing known").
 *
 * <p>Three forms, chosen as the clock grows:
 * <ul>
 *   <li>sparse: {@code slots[0..n)} ascending with their {@code clocks}; a thread that knows only
 *       itself and its creator holds two entries, whatever its slot number;</li>
 *   <li>dense: {@code dense[i]} for every slot {@code i < hi} (entries from {@code hi} on are 0),
 *       chosen once at least a third of the slots up to the highest are known;</li>
 *   <li>shared dense: a copy ({@link #copyFrom}, a new thread's clock, a lock's clock after a
 *       release) shares the dense array instead of copying it; a shared array is never written
 *       again, by either side, and each side's later changes go to its own sparse entries, which
 *       override the array, until they outgrow an eighth of it and the side takes a private copy.
 *       So a million goroutines started from a parent that knows ten thousand slots share one
 *       array instead of holding a million copies. A join can share too ({@link #sharedBase}).</li>
 * </ul>
 * {@link #joinedBase} remembers a shared array this clock already joined (clocks only grow, so it
 * stays below this clock until a {@link #copyFrom} replaces the clock): joining a clock built on
 * it again costs only that clock's own entries.
 *
 * <p>Not thread-safe: a thread's clock is touched only by its thread; a {@link SyncVar}'s only
 * under the SyncVar's lock; marking the source of a copy shared happens under the same rules.
 */
final class VectorClock {
    private static final int[] NO_SLOTS = new int[0];
    private static final long[] NO_CLOCKS = new long[0];

    /** Sparse entries: the whole clock (no dense array) or overrides of a shared dense array. */
    private int[] slots = NO_SLOTS;
    private long[] clocks = NO_CLOCKS;
    private int n;

    private long[] dense;
    private int hi;
    /** True when {@link #dense} may be referenced by another clock: it is then never written. */
    private boolean shared;
    private long[] joinedBase;
    /** The last base {@link #rebase} built on this clock's array: {@code memoJoined = max(memoBase, memoOd)}. */
    private long[] memoOd;
    private long[] memoBase;
    private long[] memoJoined;

    VectorClock() {}

    VectorClock(VectorClock from) {
        copyFrom(from);
    }

    long get(int slot) {
        if (n > 0) {
            int i = find(slot);
            if (i >= 0) {
                return clocks[i];
            }
        }
        long[] d = dense;
        return d != null && slot < hi ? d[slot] : 0;
    }

    void set(int slot, long value) {
        if (dense != null && !shared) {
            ensureDense(slot + 1);
            dense[slot] = value;
        } else {
            put(slot, value);
        }
    }

    /** This clock becomes the pointwise maximum of itself and {@code o}. */
    void join(VectorClock o) {
        long[] od = o.dense;
        if (od != null && od != joinedBase && od != dense && (dense == null || shared)) {
            long[] base = sharedBase(o, od);
            if (base != null) {
                rebase(o, od, base);
                return;
            }
        }
        if (od != null && od != joinedBase && od != dense) {
            privateDense(o.hi);
            long[] a = dense;
            for (int i = 0; i < o.hi; i++) {
                if (od[i] > a[i]) {
                    a[i] = od[i];
                }
            }
            if (o.shared) {
                joinedBase = od;
            }
        }
        for (int j = 0; j < o.n; j++) {
            int s = o.slots[j];
            long c = o.clocks[j];
            if (c > get(s)) {
                set(s, c);
            }
        }
    }

    /**
     * The array this clock (sparse, or built on a shared array) can share as its base when it joins
     * the dense {@code o}, instead of a private copy as wide as {@code o}'s: o's array itself when
     * this clock has none; else the maximum of both, made the second time a clock with this same
     * base joins {@code o} and kept by {@code o} for the next ones (null the first time: that clock
     * takes a private array, as a thread that goes on to join other clocks should). So a hundred
     * thousand goroutines of one spawner woken by one close, from a thread that joined them all,
     * share one array instead of one each. Under {@code o}'s lock: clocks of ended threads and task
     * tokens can be joined by several threads at once. {@code o}'s array is then marked shared.
     */
    private long[] sharedBase(VectorClock o, long[] od) {
        synchronized (o) {
            if (o.dense != od) {
                return null;
            }
            if (dense == null) {
                o.shared = true;
                return od;
            }
            if (o.memoOd != od || o.memoBase != dense) {
                o.memoOd = od;
                o.memoBase = dense;
                o.memoJoined = null;
                return null;
            }
            if (o.memoJoined == null) {
                long[] base = Arrays.copyOf(od, Math.max(hi, o.hi));
                for (int i = 0; i < hi; i++) {
                    if (dense[i] > base[i]) {
                        base[i] = dense[i];
                    }
                }
                o.memoJoined = base;
                o.shared = true;
            }
            return o.memoJoined;
        }
    }

    /** Joins {@code o} by making {@code base} (at least both dense parts) this clock's shared array. */
    private void rebase(VectorClock o, long[] od, long[] base) {
        int[] ownSlots = slots;
        long[] ownClocks = clocks;
        int ownN = n;
        dense = base;
        hi = base == od ? o.hi : base.length;
        shared = true;
        joinedBase = od;
        slots = new int[Math.max(o.n + ownN, 4)];
        clocks = new long[slots.length];
        n = 0;
        for (int j = 0; j < o.n; j++) { // o's overrides (ascending), kept where they exceed the base
            int sl = o.slots[j];
            long c = o.clocks[j];
            if (c > (sl < hi ? base[sl] : 0)) {
                slots[n] = sl;
                clocks[n] = c;
                n++;
            }
        }
        for (int j = 0; j < ownN; j++) {
            int sl = ownSlots[j];
            long c = ownClocks[j];
            if (c > get(sl)) {
                set(sl, c);
            }
        }
    }

    /** This clock becomes a copy of {@code o}, sharing its dense array. */
    void copyFrom(VectorClock o) {
        if (o.dense != null) {
            o.shared = true;
            dense = o.dense;
            hi = o.hi;
            shared = true;
            joinedBase = o.dense;
        } else {
            dense = null;
            hi = 0;
            shared = false;
            joinedBase = null;
        }
        slots = Arrays.copyOf(o.slots, Math.max(o.n, 4));
        clocks = Arrays.copyOf(o.clocks, Math.max(o.n, 4));
        n = o.n;
        memoOd = null;
        memoBase = null;
        memoJoined = null;
    }

    /** The dense array, shared or not (null when sparse): for tests of sharing. */
    long[] denseArray() {
        return dense;
    }

    /** Entries held: slots up to the highest known (dense) plus overrides, or the sparse entries. */
    int width() {
        return dense != null ? Math.max(hi, n > 0 ? slots[n - 1] + 1 : 0) : n;
    }

    private int find(int slot) {
        int lo = 0;
        int top = n - 1;
        while (lo <= top) {
            int mid = (lo + top) >>> 1;
            int s = slots[mid];
            if (s < slot) {
                lo = mid + 1;
            } else if (s > slot) {
                top = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Sets a sparse entry (the clock is sparse, or its dense array is shared). */
    private void put(int slot, long value) {
        int i = find(slot);
        if (i >= 0) {
            clocks[i] = value;
            return;
        }
        int at = -i - 1;
        if (n == slots.length) {
            int cap = Math.max(4, n * 2);
            slots = Arrays.copyOf(slots, cap);
            clocks = Arrays.copyOf(clocks, cap);
        }
        System.arraycopy(slots, at, slots, at + 1, n - at);
        System.arraycopy(clocks, at, clocks, at + 1, n - at);
        slots[at] = slot;
        clocks[at] = value;
        n++;
        if (dense == null) {
            if (n >= 8 && slots[n - 1] < 3 * n) {
                privateDense(0);
            }
        } else if (n > Math.max(16, hi >>> 3)) {
            privateDense(0);
        }
    }

    /** Makes this clock dense with an array of its own, at least {@code width} wide, sparse entries folded in. */
    private void privateDense(int width) {
        if (dense != null && !shared && n == 0) {
            ensureDense(width);
            return;
        }
        int w = Math.max(width, Math.max(hi, n > 0 ? slots[n - 1] + 1 : 0));
        long[] d = dense == null ? new long[w] : Arrays.copyOf(dense, w);
        for (int i = 0; i < n; i++) {
            d[slots[i]] = clocks[i];
        }
        dense = d;
        hi = w;
        shared = false;
        slots = NO_SLOTS;
        clocks = NO_CLOCKS;
        n = 0;
    }

    /** Private dense only: makes slots below {@code width} addressable. */
    private void ensureDense(int width) {
        if (dense.length < width) {
            dense = Arrays.copyOf(dense, Math.max(width, Math.min(dense.length * 2 + 4, width + 64)));
        }
        if (hi < width) {
            hi = width;
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        int top = Math.max(width(), 0);
        for (int i = 0; i < top; i++) {
            long c = get(i);
            if (c != 0) {
                b.append(b.length() > 1 ? " " : "").append(i).append(':').append(c);
            }
        }
        return b.append(']').toString();
    }
}
