package dev.gort.race.rt;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A static field: its shadow, and (for a volatile one) the key of its clock. One per declaring
 * class and name, found through a {@link ClassValue} so it goes when the class is unloaded.
 */
final class StaticField {
    private static final ClassValue<ConcurrentHashMap<String, StaticField>> BY_CLASS = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<String, StaticField> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };
    private static final ConcurrentHashMap<String, StaticField> UNRESOLVED = new ConcurrentHashMap<>();

    final String qualifiedName;
    final VarState state = new VarState(0);

    private StaticField(String qualifiedName) {
        this.qualifiedName = qualifiedName;
    }

    static StaticField of(Class<?> declaring, String name) {
        return BY_CLASS.get(declaring).computeIfAbsent(name, n -> new StaticField(declaring.getName() + "." + n));
    }

    /** When the declaring class could not be found: keyed by name alone. */
    static StaticField unresolved(String declaring, String name) {
        return UNRESOLVED.computeIfAbsent(declaring + "." + name, StaticField::new);
    }

    @Override
    public String toString() {
        return qualifiedName;
    }
}
