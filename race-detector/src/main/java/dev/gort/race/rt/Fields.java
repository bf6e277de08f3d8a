package dev.gort.race.rt;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;

/** Names interned to small ids: fields ({@code pkg.Class.field}, by declaring class) and source locations. */
final class Fields {
    private static final ConcurrentHashMap<String, Integer> IDS = new ConcurrentHashMap<>();
    private static final ArrayList<String> NAMES = new ArrayList<>();

    private Fields() {}

    static int id(String qualifiedName) {
        Integer id = IDS.get(qualifiedName);
        if (id != null) {
            return id;
        }
        synchronized (NAMES) {
            return IDS.computeIfAbsent(qualifiedName, n -> {
                NAMES.add(n);
                return NAMES.size() - 1;
            });
        }
    }

    static String name(int id) {
        synchronized (NAMES) {
            return id >= 0 && id < NAMES.size() ? NAMES.get(id) : "field#" + id;
        }
    }
}
