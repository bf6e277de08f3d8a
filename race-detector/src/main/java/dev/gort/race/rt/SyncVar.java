package dev.gort.race.rt;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The vector clock of a synchronisation object (a monitor, a lock, an atomic, a volatile field, a
 * future, a gort channel slot): releases leave the releasing thread's clock here, acquires take it.
 * Guarded by its own lock. {@link #deps} are other clocks an acquire of this one takes too (a
 * future made by {@code allOf}, a future whose task's clock lives elsewhere).
 */
final class SyncVar {
    private static final WeakIdentityMap<SyncVar> BY_OBJECT = new WeakIdentityMap<>(null);

    final VectorClock vc = new VectorClock();
    private volatile SyncVar[] deps;
    /** Sub-addresses {@code (object, slot)}: hook slots and volatile fields. */
    private volatile ConcurrentHashMap<Long, SyncVar> slots;

    /** The clock of {@code o}, made on first use. */
    static SyncVar of(Object o) {
        return BY_OBJECT.computeIfAbsent(o, k -> new SyncVar());
    }

    /** The clock of {@code o} if it has one. */
    static SyncVar peek(Object o) {
        return BY_OBJECT.get(o);
    }

    /** Makes {@code o}'s clock {@code sv} if it has none yet, else adds {@code sv} as a dependency. */
    static void alias(Object o, SyncVar sv) {
        SyncVar cur = BY_OBJECT.putIfAbsent(o, sv);
        if (cur != sv) {
            cur.addDep(sv);
        }
    }

    /** The clock of sub-address {@code slot} of {@code o}. */
    static SyncVar of(Object o, long slot) {
        if (slot == 0) {
            return of(o);
        }
        SyncVar base = of(o);
        ConcurrentHashMap<Long, SyncVar> m = base.slots;
        if (m == null) {
            synchronized (base) {
                m = base.slots;
                if (m == null) {
                    m = new ConcurrentHashMap<>();
                    base.slots = m;
                }
            }
        }
        return m.computeIfAbsent(slot, s -> new SyncVar());
    }

    void addDep(SyncVar d) {
        if (d == this) {
            return;
        }
        synchronized (this) {
            SyncVar[] a = deps;
            if (a == null) {
                deps = new SyncVar[] {d};
            } else {
                for (SyncVar x : a) {
                    if (x == d) {
                        return;
                    }
                }
                SyncVar[] b = Arrays.copyOf(a, a.length + 1);
                b[a.length] = d;
                deps = b;
            }
        }
    }

    /** {@code t} acquires this clock (and its dependencies'). */
    void acquire(T t) {
        acquire(t, 0);
    }

    private void acquire(T t, int depth) {
        synchronized (this) {
            t.vc.join(vc);
        }
        SyncVar[] d = deps;
        if (d != null && depth < 64) {
            for (SyncVar x : d) {
                x.acquire(t, depth + 1);
            }
        }
    }

    /** {@code t} releases into this clock: merged ({@code merge}) or replacing it; then a new epoch. */
    void release(T t, boolean merge) {
        synchronized (this) {
            if (merge) {
                vc.join(t.vc);
            } else {
                vc.copyFrom(t.vc);
            }
        }
        t.tick();
    }

    /**
     * For a goroutine parked with its clock in this SyncVar: acquire, release or release-acquire on
     * {@code addr} as that goroutine. Locks this then {@code addr}; no path locks them the other way
     * (only these calls lock a parked goroutine's SyncVar together with another).
     */
    void forParked(SyncVar addr, int what) {
        if (addr == this) {
            return;
        }
        synchronized (this) {
            synchronized (addr) {
                switch (what) {
                    case RT.FOR_ACQUIRE -> vc.join(addr.vc);
                    case RT.FOR_RELEASE -> addr.vc.copyFrom(vc);
                    default -> {
                        VectorClock old = new VectorClock(addr.vc);
                        addr.vc.copyFrom(vc);
                        vc.join(old);
                    }
                }
            }
        }
    }

    /** Go's release-acquire (TSan's ReleaseStoreAcquire): swap in {@code t}'s clock, join the old one. */
    void releaseAcquire(T t) {
        synchronized (this) {
            VectorClock old = new VectorClock(vc);
            vc.copyFrom(t.vc);
            t.vc.join(old);
        }
        t.tick();
    }
}
