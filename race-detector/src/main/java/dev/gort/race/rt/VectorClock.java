package dev.gort.race.rt;

import java.util.Arrays;

/**
 * A vector clock: for each thread slot, the last clock value of that slot known here. Not
 * thread-safe: a thread's clock is touched only by its thread; a {@link SyncVar}'s only under the
 * SyncVar's lock. Absent entries are 0; clocks start at 1, so 0 means "nothing known".
 */
final class VectorClock {
    private static final long[] EMPTY = new long[0];

    private long[] c;

    VectorClock() {
        c = EMPTY;
    }

    VectorClock(VectorClock from) {
        c = from.c.clone();
    }

    long get(int slot) {
        long[] a = c;
        return slot < a.length ? a[slot] : 0;
    }

    void set(int slot, long value) {
        ensure(slot + 1);
        c[slot] = value;
    }

    /** This clock becomes the pointwise maximum of itself and {@code o}. */
    void join(VectorClock o) {
        long[] oc = o.c;
        ensure(oc.length);
        long[] a = c;
        for (int i = 0; i < oc.length; i++) {
            if (oc[i] > a[i]) {
                a[i] = oc[i];
            }
        }
    }

    /** This clock becomes a copy of {@code o}. */
    void copyFrom(VectorClock o) {
        long[] oc = o.c;
        if (c.length < oc.length) {
            c = oc.clone();
        } else {
            System.arraycopy(oc, 0, c, 0, oc.length);
            Arrays.fill(c, oc.length, c.length, 0);
        }
    }

    /** Number of slots held (for memory accounting and tests). */
    int width() {
        return c.length;
    }

    private void ensure(int n) {
        if (c.length < n) {
            c = Arrays.copyOf(c, Math.max(n, Math.min(c.length * 2 + 4, n + 64)));
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < c.length; i++) {
            if (c[i] != 0) {
                if (b.length() > 1) {
                    b.append(' ');
                }
                b.append(i).append(':').append(c[i]);
            }
        }
        return b.append(']').toString();
    }
}
