package dev.gort.race.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Function;

/**
 * The shadows of objects and arrays, found through weak identity tables: an object's shadow holds
 * one {@link VarState} per field ever accessed, an array's one per element ever accessed, created
 * on first access and gone with the object.
 */
final class Shadows {
    private static final WeakIdentityMap<ObjShadow> OBJECTS = new WeakIdentityMap<>(null);
    private static final WeakIdentityMap<ArrShadow> ARRAYS = new WeakIdentityMap<>(null);
    private static final Function<Object, ObjShadow> NEW_OBJ = o -> new ObjShadow();
    private static final Function<Object, ArrShadow> NEW_ARR = a -> new ArrShadow(java.lang.reflect.Array.getLength(a));

    private Shadows() {}

    /** The state of field {@code fieldId} of {@code o} (also hook addresses: {@code (addr, slot)}). */
    static VarState field(Object o, long key, T t) {
        return shadow(o, t, OBJECTS, NEW_OBJ, ObjShadow.class).get(key);
    }

    /** The state of element {@code i} of array {@code a}, or null if {@code i} is out of bounds. */
    static VarState element(Object a, int i, T t) {
        ArrShadow s = shadow(a, t, ARRAYS, NEW_ARR, ArrShadow.class);
        return i >= 0 && i < s.length ? s.get(i) : null;
    }

    /** The shadow of {@code o} in {@code table}, through the thread's one-entry cache. */
    private static <S> S shadow(Object o, T t, WeakIdentityMap<S> table, Function<Object, S> make, Class<S> type) {
        if (t.cacheKey == o && type.isInstance(t.cacheVal)) {
            return type.cast(t.cacheVal);
        }
        S s = table.computeIfAbsent(o, make);
        t.cacheKey = o;
        t.cacheVal = s;
        return s;
    }

    static int liveObjects() {
        return OBJECTS.size() + ARRAYS.size();
    }

    /**
     * An object's fields: a small copy-on-write array searched linearly (objects have few fields).
     * Invariant: at most one VarState per key; appended only under the shadow's lock.
     */
    static final class ObjShadow {
        private volatile VarState[] states = new VarState[0];

        VarState get(long key) {
            for (VarState v : states) {
                if (v.key == key) {
                    return v;
                }
            }
            synchronized (this) {
                VarState[] a = states;
                for (VarState v : a) {
                    if (v.key == key) {
                        return v;
                    }
                }
                VarState v = new VarState(key);
                VarState[] b = java.util.Arrays.copyOf(a, a.length + 1);
                b[a.length] = v;
                states = b;
                return v;
            }
        }
    }

    /**
     * An array's elements, in chunks of 64 created on first touch, so an array costs one reference
     * per 64 elements until its elements are accessed. Invariant: a chunk slot and an element slot
     * each go from null to their final value once, by CAS.
     */
    static final class ArrShadow {
        private static final int BITS = 6;
        private static final VarHandle CHUNKS = MethodHandles.arrayElementVarHandle(VarState[][].class);
        private static final VarHandle ELEMS = MethodHandles.arrayElementVarHandle(VarState[].class);
        private final VarState[][] chunks;
        final int length;

        ArrShadow(int length) {
            this.length = length;
            chunks = new VarState[(length + (1 << BITS) - 1) >>> BITS][];
        }

        VarState get(int i) {
            int c = i >>> BITS;
            VarState[] chunk = (VarState[]) CHUNKS.getAcquire(chunks, c);
            if (chunk == null) {
                VarState[] fresh = new VarState[1 << BITS];
                VarState[] won = (VarState[]) CHUNKS.compareAndExchange(chunks, c, (VarState[]) null, fresh);
                chunk = won == null ? fresh : won;
            }
            int j = i & ((1 << BITS) - 1);
            VarState v = (VarState) ELEMS.getAcquire(chunk, j);
            if (v == null) {
                VarState fresh = new VarState(i);
                VarState won = (VarState) ELEMS.compareAndExchange(chunk, j, (VarState) null, fresh);
                v = won == null ? fresh : won;
            }
            return v;
        }
    }
}
