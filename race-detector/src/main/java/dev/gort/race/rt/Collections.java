package dev.gort.race.rt;

/**
 * Which collections synchronise: java.util.concurrent's (their operations have happens-before
 * edges per element, kept here per collection) and the synchronized ones (Vector, Hashtable,
 * Collections.synchronizedX: every call holds a monitor). Decided per class once.
 */
final class Collections {
    static final int PLAIN = 0;
    static final int CONCURRENT = 1;
    static final int SYNCHRONIZED = 2;

    private static final ClassValue<Integer> KIND = new ClassValue<>() {
        @Override
        protected Integer computeValue(Class<?> c) {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                String n = k.getName();
                if (n.startsWith("java.util.concurrent.")) {
                    return CONCURRENT;
                }
                if (n.equals("java.util.Vector") || n.equals("java.util.Hashtable")
                        || n.startsWith("java.util.Collections$Synchronized")) {
                    return SYNCHRONIZED;
                }
            }
            return PLAIN;
        }
    };

    private Collections() {}

    static int kind(Object o) {
        return o == null ? PLAIN : KIND.get(o.getClass());
    }
}
