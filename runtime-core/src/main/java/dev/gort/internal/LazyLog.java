package dev.gort.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SLF4J logger looked up at its first use instead of when its owner class initializes.
 *
 * <p>Why: the runtime's classes initialize on the first {@code Go.go}, and SLF4J's own start-up
 * (finding a provider, and without one printing its "no providers" warning to stderr) would run
 * then, in a program that may never log anything from gort. With this, a program whose goroutines
 * run without incident never starts SLF4J on gort's account.
 *
 * <p>{@link #get()} never throws: it runs on failure paths (a scheduler that caught an error, out of
 * memory perhaps) whose callers must not throw. If the lookup itself fails it returns SLF4J's
 * no-operation logger for that call and tries again next time.
 *
 * <p>Who writes what: {@link #logger} is written by whichever thread looks it up first (several may,
 * racing; SLF4J returns the same logger for a name, and any of them will do) and published through
 * the volatile write; readers see null or a fully constructed logger.
 */
public final class LazyLog {
    private final Class<?> owner;
    private volatile Logger logger;

    public LazyLog(Class<?> owner) {
        this.owner = owner;
    }

    /** The owner's logger, looked up at the first call. */
    public Logger get() {
        Logger l = logger;
        if (l != null) {
            return l;
        }
        try {
            l = LoggerFactory.getLogger(owner);
        } catch (Throwable t) {
            // Out of memory while SLF4J starts, or a broken provider: nothing to log with now.
            return org.slf4j.helpers.NOPLogger.NOP_LOGGER;
        }
        logger = l;
        return l;
    }
}
