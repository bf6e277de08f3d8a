package dev.gort.internal;


/** Distinct runnables to put through run queues, and the bookkeeping to count where each ended up. */
final class Items {
    static final int N = 8;
    static final Runnable[] ITEM = new Runnable[N];

    static {
        for (int i = 0; i < N; i++) {
            ITEM[i] = new Runnable() {
                @Override
                public void run() {}
            };
        }
    }

    private Items() {}

    static int index(Runnable r) {
        for (int i = 0; i < N; i++) {
            if (ITEM[i] == r) {
                return i;
            }
        }
        throw new AssertionError("unknown runnable " + r);
    }

    /** Adds 1 to {@code counts[i]} for {@code r} (if non-null). */
    static void count(int[] counts, Runnable r) {
        if (r != null) {
            counts[index(r)]++;
        }
    }

    /** Takes everything left in {@code q} (runnext and ring) into {@code counts}. */
    static void drain(int[] counts, RunQueue q) {
        for (Runnable r; (r = q.takeNext()) != null; ) {
            count(counts, r);
        }
        for (Runnable r; (r = q.takeHead()) != null; ) {
            count(counts, r);
        }
    }

    /**
     * The arbiter's whole count: the runnables the actors took, then everything left in
     * {@code queues}; 0 when each of the first {@code n} items came out exactly once (see
     * {@link #verdict}).
     */
    static int verdictAfterDraining(int n, Runnable[] taken, RunQueue... queues) {
        int[] counts = new int[N];
        for (Runnable r : taken) {
            count(counts, r);
        }
        for (RunQueue q : queues) {
            drain(counts, q);
        }
        return verdict(counts, n);
    }

    /** 0 when every one of the first {@code n} items was seen exactly once; else the first bad count, encoded. */
    static int verdict(int[] counts, int n) {
        for (int i = 0; i < n; i++) {
            if (counts[i] != 1) {
                return 10 * (i + 1) + counts[i];
            }
        }
        return 0;
    }
}
