package dev.gort.race.rt;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Every instrumented source location (a field or array access, a call, a lock) gets a small int id
 * when its class is instrumented; instrumented code passes the id, and reports turn it back into
 * {@code Class.method()} and {@code path/File.java:line}. Ids are never reused; 0 means "none".
 *
 * <p>Stored in chunks of {@value #CHUNK} published under the registry's lock. A class's sites are
 * registered before the class is defined, so its code never sees an id whose chunk is missing; a
 * reader that does (it cannot, but the check is cheap) looks again under the lock.
 */
public final class Sites {
    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final Site[][] CHUNKS = new Site[1 << 12][];
    private static int next = 1;

    /** Access kinds. */
    public static final byte CALL = 0;
    public static final byte READ = 1;
    public static final byte WRITE = 2;
    public static final byte STATIC_READ = 3;
    public static final byte STATIC_WRITE = 4;
    public static final byte ARRAY = 5;

    /** Field kinds, resolved on first execution. */
    static final byte UNRESOLVED = 0;
    static final byte PLAIN = 1;
    static final byte VOLATILE = 2;
    static final byte FINAL = 3;

    private Sites() {}

    /** One source location. */
    public static final class Site {
        final String className;
        final String method;
        final String source;
        final int line;
        final byte kind;
        /** For field sites: the owner as written in the bytecode (internal name) and the field's name. */
        final String owner;
        final String name;
        private final WeakReference<ClassLoader> loader;
        /** The source location ({@code path:line}) as a small id: races are reported once per pair of these. */
        final int location;

        volatile byte fieldKind;
        int fieldId;
        StaticField stat;

        Site(String className, String method, String source, int line, byte kind, String owner, String name,
             ClassLoader loader) {
            this.className = className;
            this.method = method;
            this.source = source;
            this.line = line;
            this.kind = kind;
            this.owner = owner;
            this.name = name;
            this.loader = loader == null ? null : new WeakReference<>(loader);
            this.location = Fields.id(source + ":" + line + " " + className + "." + method);
        }

        /**
         * Finds the field this site accesses (the owner in the bytecode may be a subclass of the
         * declaring class) and whether it is plain, volatile or final. Runs once per site, in the
         * first thread that executes it; the class is loaded by then, so nothing is initialised.
         */
        byte resolve() {
            synchronized (this) {
                if (fieldKind != UNRESOLVED) {
                    return fieldKind;
                }
                String declaring = owner.replace('/', '.');
                Field f = null;
                try {
                    ClassLoader l = loader == null ? null : loader.get();
                    Class<?> c = Class.forName(declaring, false, l);
                    f = find(c, name);
                } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                    f = null;
                }
                byte k;
                if (f == null) {
                    fieldId = Fields.id(declaring + "." + name);
                    k = PLAIN;
                } else {
                    fieldId = Fields.id(f.getDeclaringClass().getName() + "." + name);
                    int m = f.getModifiers();
                    k = Modifier.isFinal(m) ? FINAL : Modifier.isVolatile(m) ? VOLATILE : PLAIN;
                    if (Modifier.isStatic(m)) {
                        stat = StaticField.of(f.getDeclaringClass(), name);
                    }
                }
                if (stat == null && (kind == STATIC_READ || kind == STATIC_WRITE)) {
                    stat = StaticField.unresolved(declaring, name);
                }
                fieldKind = k;
                return k;
            }
        }

        private static Field find(Class<?> c, String name) {
            for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (f.getName().equals(name)) {
                        return f;
                    }
                }
                for (Class<?> i : k.getInterfaces()) {
                    Field f = find(i, name);
                    if (f != null) {
                        return f;
                    }
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return className + "." + method + "() " + source + ":" + line;
        }
    }

    /** Registers a site; returns its id. */
    public static synchronized int register(String className, String method, String source, int line, byte kind,
                                            String owner, String name, ClassLoader loader) {
        int id = next;
        if ((id >>> CHUNK_BITS) >= CHUNKS.length) {
            return 0; // out of ids: the site is reported as unknown, never mistaken for another
        }
        next++;
        Site[] chunk = CHUNKS[id >>> CHUNK_BITS];
        if (chunk == null) {
            chunk = new Site[CHUNK];
            CHUNKS[id >>> CHUNK_BITS] = chunk;
        }
        chunk[id & (CHUNK - 1)] = new Site(className, method, source, line, kind, owner, name, loader);
        return id;
    }

    static Site get(int id) {
        Site[] chunk = CHUNKS[id >>> CHUNK_BITS];
        Site s = chunk == null ? null : chunk[id & (CHUNK - 1)];
        if (s != null) {
            return s;
        }
        synchronized (Sites.class) {
            chunk = CHUNKS[id >>> CHUNK_BITS];
            return chunk == null ? null : chunk[id & (CHUNK - 1)];
        }
    }

    /** Sites registered so far. */
    public static synchronized int count() {
        return next - 1;
    }
}
