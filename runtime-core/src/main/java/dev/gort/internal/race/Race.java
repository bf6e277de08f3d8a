package dev.gort.internal.race;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The race detector facade gort's runtime calls at its synchronisation points:
 *
 * <pre>{@code
 * if (Race.ENABLED) {
 *     Race.releaseAcquire(chan, slot);
 * }
 * }</pre>
 *
 * <p>{@link #ENABLED} is a {@code static final} constant, true only when the race detector agent
 * ({@code -javaagent:gort-race.jar}) is loaded: the agent names its {@link RaceHooks} implementation
 * in the system property {@value #HOOKS_PROPERTY} before any gort class initialises. Without the
 * agent the guard is a constant-false branch that the JIT compiles away, and every method below is
 * a no-op (each tests {@code ENABLED} itself, so a call without the guard is safe too; the guard
 * also skips computing the arguments). See {@link RaceHooks} for what each call means.
 */
public final class Race {
    /** The system property through which the agent names its {@link RaceHooks} class. */
    public static final String HOOKS_PROPERTY = "gort.race.hooks";

    private static final RaceHooks HOOKS = load();

    /** True when the race detector is loaded; constant for the life of the JVM. */
    public static final boolean ENABLED = HOOKS != null;

    private Race() {}

    private static RaceHooks load() {
        String name = System.getProperty(HOOKS_PROPERTY);
        if (name == null || name.isEmpty()) {
            return null;
        }
        try {
            Class<?> c = Class.forName(name, true, Race.class.getClassLoader());
            return c.asSubclass(RaceHooks.class).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Logger log = LoggerFactory.getLogger(Race.class);
            log.warn("gort: {}={} names no usable race detector hooks class; the race detector will not see "
                    + "gort's synchronisation", HOOKS_PROPERTY, name, e);
            return null;
        }
    }

    /** {@link RaceHooks#acquire} on slot 0. */
    public static void acquire(Object addr) {
        if (ENABLED) {
            HOOKS.acquire(addr, 0);
        }
    }

    /** {@link RaceHooks#acquire}. */
    public static void acquire(Object addr, long slot) {
        if (ENABLED) {
            HOOKS.acquire(addr, slot);
        }
    }

    /** {@link RaceHooks#release} on slot 0. */
    public static void release(Object addr) {
        if (ENABLED) {
            HOOKS.release(addr, 0);
        }
    }

    /** {@link RaceHooks#release}. */
    public static void release(Object addr, long slot) {
        if (ENABLED) {
            HOOKS.release(addr, slot);
        }
    }

    /** {@link RaceHooks#releaseMerge} on slot 0. */
    public static void releaseMerge(Object addr) {
        if (ENABLED) {
            HOOKS.releaseMerge(addr, 0);
        }
    }

    /** {@link RaceHooks#releaseMerge}. */
    public static void releaseMerge(Object addr, long slot) {
        if (ENABLED) {
            HOOKS.releaseMerge(addr, slot);
        }
    }

    /** {@link RaceHooks#releaseAcquire}. */
    public static void releaseAcquire(Object addr, long slot) {
        if (ENABLED) {
            HOOKS.releaseAcquire(addr, slot);
        }
    }

    /** {@link RaceHooks#parking}. */
    public static void parking(Object waiter) {
        if (ENABLED) {
            HOOKS.parking(waiter);
        }
    }

    /** {@link RaceHooks#resumed}. */
    public static void resumed(Object waiter) {
        if (ENABLED) {
            HOOKS.resumed(waiter);
        }
    }

    /** {@link RaceHooks#acquireFor}. */
    public static void acquireFor(Object waiter, Object addr, long slot) {
        if (ENABLED) {
            HOOKS.acquireFor(waiter, addr, slot);
        }
    }

    /** {@link RaceHooks#releaseFor}. */
    public static void releaseFor(Object waiter, Object addr, long slot) {
        if (ENABLED) {
            HOOKS.releaseFor(waiter, addr, slot);
        }
    }

    /** {@link RaceHooks#releaseAcquireFor}. */
    public static void releaseAcquireFor(Object waiter, Object addr, long slot) {
        if (ENABLED) {
            HOOKS.releaseAcquireFor(waiter, addr, slot);
        }
    }

    /** {@link RaceHooks#read}. */
    public static void read(Object addr, long slot) {
        if (ENABLED) {
            HOOKS.read(addr, slot);
        }
    }

    /** {@link RaceHooks#write}. */
    public static void write(Object addr, long slot) {
        if (ENABLED) {
            HOOKS.write(addr, slot);
        }
    }

    /** {@link RaceHooks#goCreate}; null when disabled. */
    public static Object goCreate() {
        return ENABLED ? HOOKS.goCreate() : null;
    }

    /** {@link RaceHooks#goStart}. */
    public static void goStart(Object token) {
        if (ENABLED) {
            HOOKS.goStart(token);
        }
    }

    /** {@link RaceHooks#goEnd}. */
    public static void goEnd() {
        if (ENABLED) {
            HOOKS.goEnd();
        }
    }

    /** {@link RaceHooks#disable}. */
    public static void disable() {
        if (ENABLED) {
            HOOKS.disable();
        }
    }

    /** {@link RaceHooks#enable}. */
    public static void enable() {
        if (ENABLED) {
            HOOKS.enable();
        }
    }
}
