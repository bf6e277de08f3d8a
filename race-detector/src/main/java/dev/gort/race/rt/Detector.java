package dev.gort.race.rt;

/**
 * FastTrack (Flanagan and Freund, PLDI 2009) on {@link VarState}s: the read and write rules, with
 * the earlier access's stack kept for the report. A race is a pair of accesses to one location, at
 * least one a write, neither happening before the other by the threads' vector clocks.
 */
final class Detector {
    /** Kinds of location, for the report's "Write at ..." line. */
    static final int FIELD = 0;
    static final int STATIC = 1;
    static final int ARRAY = 2;
    static final int HOOK = 3;

    /** Bound on a read-shared set; set once by the agent's options, before any access. */
    static int maxReaders = 8;

    private Detector() {}

    /** A read of the location {@code vs} by {@code t} at {@code site}. */
    static void read(VarState vs, T t, int site, int locKind, Object owner) {
        long e = t.epoch;
        long r = vs.r;
        if (r == e) {
            return; // [FT READ SAME EPOCH]
        }
        if (r == VarState.SHARED && sharedHolds(vs, e)) {
            return; // [FT READ SHARED SAME EPOCH]
        }
        long prevW;
        Frame prevWStack;
        int prevWSite;
        synchronized (vs) {
            long w = vs.w;
            boolean race = w != 0 && !Epoch.before(w, t.vc);
            prevW = race ? w : 0;
            prevWStack = vs.wStack;
            prevWSite = vs.wSite;
            r = vs.r;
            if (r == VarState.SHARED) {
                addShared(vs, t, e, site);
            } else if (r == 0 || Epoch.before(r, t.vc)) {
                vs.rStack = t.top; // [FT READ EXCLUSIVE]
                vs.rSite = site;
                vs.r = e;
            } else {
                shareReads(vs, r, t, e, site); // [FT READ SHARE]
            }
        }
        if (prevW != 0) {
            Reporter.race(locKind, owner, vs.key, t, false, site, true, prevWStack, prevWSite);
        }
    }

    /** A write of the location {@code vs} by {@code t} at {@code site}. */
    static void write(VarState vs, T t, int site, int locKind, Object owner) {
        long e = t.epoch;
        if (vs.w == e) {
            return; // [FT WRITE SAME EPOCH]
        }
        // At most one earlier write and maxReaders reads can race with this write.
        Frame[] stacks = null;
        int[] sites = null;
        boolean[] writes = null;
        int n = 0;
        synchronized (vs) {
            long w = vs.w;
            long r = vs.r;
            int max = 1 + (r == VarState.SHARED ? vs.rsN : 1);
            if (w != 0 && !Epoch.before(w, t.vc)) {
                stacks = new Frame[max];
                sites = new int[max];
                writes = new boolean[max];
                stacks[n] = vs.wStack;
                sites[n] = vs.wSite;
                writes[n++] = true;
            }
            if (r == VarState.SHARED) {
                for (int i = 0; i < vs.rsN; i++) {
                    if (Epoch.slot(vs.rs[i]) != t.slot && !Epoch.before(vs.rs[i], t.vc)) {
                        if (stacks == null) {
                            stacks = new Frame[max];
                            sites = new int[max];
                            writes = new boolean[max];
                        }
                        stacks[n] = vs.rsStack[i];
                        sites[n++] = vs.rsSite[i];
                    }
                }
                clearShared(vs);
            } else if (r != 0 && !Epoch.before(r, t.vc)) {
                if (stacks == null) {
                    stacks = new Frame[max];
                    sites = new int[max];
                    writes = new boolean[max];
                }
                stacks[n] = vs.rStack;
                sites[n++] = vs.rSite;
            }
            // Every earlier read either happens before this write or was just found racing with it.
            vs.r = 0;
            vs.rStack = null;
            vs.wStack = t.top;
            vs.wSite = site;
            vs.w = e;
        }
        for (int i = 0; i < n; i++) {
            Reporter.race(locKind, owner, vs.key, t, true, site, writes[i], stacks[i], sites[i]);
        }
    }

    private static boolean sharedHolds(VarState vs, long e) {
        long[] a = vs.rs;
        int n = vs.rsN;
        if (a == null) {
            return false;
        }
        for (int i = 0; i < n && i < a.length; i++) {
            if (a[i] == e) {
                return true;
            }
        }
        return false;
    }

    /** Turns the exclusive read {@code r} and this read into a read-shared set. Under the lock. */
    private static void shareReads(VarState vs, long r, T t, long e, int site) {
        if (vs.rs == null) {
            int cap = Math.max(2, maxReaders);
            vs.rs = new long[cap];
            vs.rsStack = new Frame[cap];
            vs.rsSite = new int[cap];
        }
        vs.rs[0] = r;
        vs.rsStack[0] = vs.rStack;
        vs.rsSite[0] = vs.rSite;
        vs.rs[1] = e;
        vs.rsStack[1] = t.top;
        vs.rsSite[1] = site;
        vs.rsN = 2;
        vs.rStack = null;
        vs.r = VarState.SHARED;
    }

    /**
     * Adds this read to the read-shared set: reads that happen before it are dropped (a write that
     * races with one of them races with this read too, or happens after both), then the oldest if
     * the set is full. Under the lock.
     */
    private static void addShared(VarState vs, T t, long e, int site) {
        long[] rs = vs.rs;
        Frame[] st = vs.rsStack;
        int[] si = vs.rsSite;
        int k = 0;
        for (int i = 0; i < vs.rsN; i++) {
            if (!Epoch.before(rs[i], t.vc)) {
                rs[k] = rs[i];
                st[k] = st[i];
                si[k++] = si[i];
            }
        }
        if (k == rs.length) {
            System.arraycopy(rs, 1, rs, 0, k - 1);
            System.arraycopy(st, 1, st, 0, k - 1);
            System.arraycopy(si, 1, si, 0, k - 1);
            k--;
        }
        if (k == 0) {
            clearShared(vs);
            vs.rStack = t.top;
            vs.rSite = site;
            vs.r = e;
            return;
        }
        rs[k] = e;
        st[k] = t.top;
        si[k++] = site;
        for (int i = k; i < vs.rsN; i++) {
            st[i] = null;
        }
        vs.rsN = k;
    }

    private static void clearShared(VarState vs) {
        if (vs.rsStack != null) {
            java.util.Arrays.fill(vs.rsStack, null);
        }
        vs.rsN = 0;
    }
}
