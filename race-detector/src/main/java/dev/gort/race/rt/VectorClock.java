package dev.gort.race.rt;

import java.util.Arrays;

/**
 * A vector clock: for each thread slot, the last clock value of that slot known here; absent
 * entries are 0 (clocks start at 1, so 0 means "nothing known").
 *
 * <p>Sparse or dense. Sparse: {@code slots[0..n)} ascending with their {@code clocks}; a thread
 * that knows only itself and its creator holds two entries, whatever its slot number, so a million
 * live goroutines started from one parent cost a million small clocks, not a million clocks a
 * million wide. Dense ({@code dense != null}): one entry per slot up to the highest known, chosen
 * once at least a third of the slots up to the highest are known (then it is no bigger than
 * sparse), and kept from then on. A dense clock's logical width {@code hi} is what joins and copies
 * carry over, never its array's spare capacity, so clocks passed back and forth do not grow.
 *
 * <p>Not thread-safe: a thread's clock is touched only by its thread; a {@link SyncVar}'s only
 * under the SyncVar's lock.
 */
final class VectorClock {
    private static final int[] NO_SLOTS = new int[0];
    private static final long[] NO_CLOCKS = new long[0];

    private long[] dense;
    /** Dense: entries at {@code hi} and above are 0 (the array may be longer: spare capacity). */
    private int hi;
    private int[] slots = NO_SLOTS;
    private long[] clocks = NO_CLOCKS;
    private int n;

    VectorClock() {}

    VectorClock(VectorClock from) {
        copyFrom(from);
    }

    long get(int slot) {
        long[] d = dense;
        if (d != null) {
            return slot < hi ? d[slot] : 0;
        }
        int i = find(slot);
        return i >= 0 ? clocks[i] : 0;
    }

    void set(int slot, long value) {
        if (dense != null) {
            ensureDense(slot + 1);
            dense[slot] = value;
            return;
        }
        int i = find(slot);
        if (i >= 0) {
            clocks[i] = value;
            return;
        }
        insert(-i - 1, slot, value);
        maybeDensify();
    }

    /** This clock becomes the pointwise maximum of itself and {@code o}. */
    void join(VectorClock o) {
        if (o.dense != null) {
            densify(o.hi);
            long[] a = dense;
            long[] b = o.dense;
            for (int i = 0; i < o.hi; i++) {
                if (b[i] > a[i]) {
                    a[i] = b[i];
                }
            }
        } else if (dense != null) {
            for (int j = 0; j < o.n; j++) {
                int s = o.slots[j];
                ensureDense(s + 1);
                if (o.clocks[j] > dense[s]) {
                    dense[s] = o.clocks[j];
                }
            }
        } else if (o.n > 0) {
            merge(o);
            maybeDensify();
        }
    }

    /** This clock becomes a copy of {@code o}. */
    void copyFrom(VectorClock o) {
        if (o.dense != null) {
            if (dense != null && dense.length >= o.hi) {
                System.arraycopy(o.dense, 0, dense, 0, o.hi);
                if (hi > o.hi) {
                    Arrays.fill(dense, o.hi, hi, 0);
                }
            } else {
                dense = Arrays.copyOf(o.dense, o.hi);
            }
            hi = o.hi;
            slots = NO_SLOTS;
            clocks = NO_CLOCKS;
            n = 0;
        } else {
            dense = null;
            hi = 0;
            slots = Arrays.copyOf(o.slots, o.n);
            clocks = Arrays.copyOf(o.clocks, o.n);
            n = o.n;
        }
    }

    /** Entries held: slots known (sparse) or slots up to the highest known (dense). */
    int width() {
        return dense != null ? hi : n;
    }

    private int find(int slot) {
        int lo = 0;
        int hi = n - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int s = slots[mid];
            if (s < slot) {
                lo = mid + 1;
            } else if (s > slot) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    private void insert(int at, int slot, long value) {
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
    }

    /** Sparse join: merges two ascending lists. */
    private void merge(VectorClock o) {
        int[] s = new int[n + o.n];
        long[] c = new long[n + o.n];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < n || j < o.n) {
            if (j == o.n || (i < n && slots[i] < o.slots[j])) {
                s[k] = slots[i];
                c[k++] = clocks[i++];
            } else if (i == n || o.slots[j] < slots[i]) {
                s[k] = o.slots[j];
                c[k++] = o.clocks[j++];
            } else {
                s[k] = slots[i];
                c[k++] = Math.max(clocks[i++], o.clocks[j++]);
            }
        }
        slots = s;
        clocks = c;
        n = k;
    }

    private void maybeDensify() {
        if (n >= 8 && slots[n - 1] < 3 * n) {
            densify(slots[n - 1] + 1);
        }
    }

    /** Turns this clock dense (if it is not), at least {@code width} wide. */
    private void densify(int width) {
        if (dense == null) {
            int w = n == 0 ? width : Math.max(width, slots[n - 1] + 1);
            long[] d = new long[w];
            for (int i = 0; i < n; i++) {
                d[slots[i]] = clocks[i];
            }
            dense = d;
            hi = w;
            slots = NO_SLOTS;
            clocks = NO_CLOCKS;
            n = 0;
        } else {
            ensureDense(width);
        }
    }

    /** Makes slots below {@code width} addressable: {@code hi} at least {@code width}. */
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
        if (dense != null) {
            for (int i = 0; i < hi; i++) {
                if (dense[i] != 0) {
                    b.append(b.length() > 1 ? " " : "").append(i).append(':').append(dense[i]);
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                b.append(i > 0 ? " " : "").append(slots[i]).append(':').append(clocks[i]);
            }
        }
        return b.append(']').toString();
    }
}
