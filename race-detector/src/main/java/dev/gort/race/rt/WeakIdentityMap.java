package dev.gort.race.rt;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A concurrent map from objects, compared by identity and held weakly, to values: the shadow of an
 * object, the clock of a lock, the state of a thread. An entry goes when its key is collected
 * (values must not refer to their key, or it never is).
 *
 * <p>Lock-free lookups; inserts and removals lock one of {@value #SEGMENTS} segments, chosen by the
 * key's identity hash, so there is no global lock. Invariants: a segment's {@code table} and each
 * entry's {@code next} are written only under the segment's lock; a key is in at most one entry of
 * a table; a resize fills a new table with copies and never changes the old one, and a removal only
 * unlinks an entry whose key is gone. So a lookup that starts after an insert returned (happens
 * after it) finds the key in whichever table it reads, without the lock; a lookup racing with the
 * insert may miss it, as it may run first.
 */
final class WeakIdentityMap<V> {
    private static final int SEGMENTS = 64;
    private static final int SEGMENT_SHIFT = 32 - Integer.numberOfTrailingZeros(SEGMENTS);

    private final Segment<V>[] segments;
    private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
    /** Called once for each value whose key was collected, or null. */
    private final Consumer<V> onCollected;

    @SuppressWarnings("unchecked")
    WeakIdentityMap(Consumer<V> onCollected) {
        this.onCollected = onCollected;
        segments = new Segment[SEGMENTS];
        for (int i = 0; i < SEGMENTS; i++) {
            segments[i] = new Segment<>();
        }
    }

    private static final class Entry<V> extends WeakReference<Object> {
        final int hash;
        final V value;
        volatile Entry<V> next;

        Entry(Object key, int hash, V value, Entry<V> next, ReferenceQueue<Object> q) {
            super(key, q);
            this.hash = hash;
            this.value = value;
            this.next = next;
        }
    }

    private static final class Segment<V> {
        volatile AtomicReferenceArray<Entry<V>> table = new AtomicReferenceArray<>(16);
        /** Entries in {@code table}; under the lock. */
        int count;
    }

    private static int hash(Object key) {
        int h = System.identityHashCode(key);
        return h * 0x9E3779B9;
    }

    /** The segment a key falls in (for the jcstress tests, which need keys of one segment). */
    static int segmentOf(Object key) {
        return hash(key) >>> SEGMENT_SHIFT;
    }

    private Segment<V> segment(int h) {
        return segments[h >>> SEGMENT_SHIFT];
    }

    private static <V> V find(AtomicReferenceArray<Entry<V>> tab, Object key, int h) {
        for (Entry<V> e = tab.get(h & (tab.length() - 1)); e != null; e = e.next) {
            if (e.hash == h && e.get() == key) {
                return e.value;
            }
        }
        return null;
    }

    /** The value for {@code key}, or null. */
    V get(Object key) {
        int h = hash(key);
        return find(segment(h).table, key, h);
    }

    /** The value for {@code key}, made by {@code make} (under a segment lock) if there is none. */
    V computeIfAbsent(Object key, Function<Object, ? extends V> make) {
        int h = hash(key);
        Segment<V> s = segment(h);
        V v = find(s.table, key, h);
        if (v != null) {
            return v;
        }
        expunge();
        synchronized (s) {
            v = find(s.table, key, h);
            if (v == null) {
                v = make.apply(key);
                insert(s, key, h, v);
            }
            return v;
        }
    }

    /** Maps {@code key} to {@code value} unless it has a value; returns the value now mapped. */
    V putIfAbsent(Object key, V value) {
        return computeIfAbsent(key, k -> value);
    }

    private void insert(Segment<V> s, Object key, int h, V v) {
        AtomicReferenceArray<Entry<V>> tab = s.table;
        if (s.count + 1 > tab.length() * 3 / 4) {
            tab = resize(s, tab);
        }
        int i = h & (tab.length() - 1);
        tab.set(i, new Entry<>(key, h, v, tab.get(i), queue));
        s.count++;
    }

    /** A new table holding the live entries (copies: the old table stays intact for readers). */
    private AtomicReferenceArray<Entry<V>> resize(Segment<V> s, AtomicReferenceArray<Entry<V>> old) {
        int live = 0;
        for (int i = 0; i < old.length(); i++) {
            for (Entry<V> e = old.get(i); e != null; e = e.next) {
                if (e.get() != null) {
                    live++;
                }
            }
        }
        int n = old.length();
        while (live + 1 > n * 3 / 4) {
            n *= 2;
        }
        // Shrink after mass collection, never below the initial size.
        while (n > 16 && live * 4 < n) {
            n /= 2;
        }
        AtomicReferenceArray<Entry<V>> tab = new AtomicReferenceArray<>(n);
        for (int i = 0; i < old.length(); i++) {
            for (Entry<V> e = old.get(i); e != null; e = e.next) {
                Object k = e.get();
                if (k != null) {
                    int j = e.hash & (n - 1);
                    tab.set(j, new Entry<>(k, e.hash, e.value, tab.get(j), queue));
                } else if (onCollected != null) {
                    onCollected.accept(e.value);
                }
            }
        }
        s.table = tab;
        s.count = live;
        return tab;
    }

    /** Removes the entries whose keys were collected. */
    @SuppressWarnings("unchecked")
    void expunge() {
        Object r;
        while ((r = queue.poll()) != null) {
            Entry<V> dead = (Entry<V>) r;
            Segment<V> s = segment(dead.hash);
            boolean found = false;
            synchronized (s) {
                AtomicReferenceArray<Entry<V>> tab = s.table;
                int i = dead.hash & (tab.length() - 1);
                Entry<V> prev = null;
                for (Entry<V> e = tab.get(i); e != null; prev = e, e = e.next) {
                    if (e == dead) {
                        if (prev == null) {
                            tab.set(i, e.next);
                        } else {
                            prev.next = e.next;
                        }
                        s.count--;
                        found = true;
                        break;
                    }
                }
            }
            if (found && onCollected != null) {
                onCollected.accept(dead.value);
            }
        }
    }

    /** Live entries, approximately (for statistics). */
    int size() {
        int n = 0;
        for (Segment<V> s : segments) {
            synchronized (s) {
                n += s.count;
            }
        }
        return n;
    }
}
