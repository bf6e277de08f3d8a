package dev.gort.benchmarks;

import dev.gort.Go;

/**
 * The systems a benchmark can run on, chosen by a JMH {@code @Param("system")}: gort's G-M-P
 * scheduler, or the JDK's default virtual-thread scheduler. {@link #setUp} must run before the fork
 * creates its first virtual thread: the JDK reads its parallelism once.
 */
public final class Systems {
    public static final String GORT = "gort";
    public static final String JDK = "jdk";

    private Systems() {}

    /** Sets GOMAXPROCS (gort) or the JDK scheduler's parallelism for this fork. */
    public static void setUp(String system, int procs) {
        switch (system) {
            case GORT -> {
                System.setProperty("GOMAXPROCS", Integer.toString(procs));
                Go.maxProcs(procs);
                if (!Go.gmpScheduler()) {
                    throw new IllegalStateException("gort is in fallback mode: run the fork with --add-opens java.base/java.lang=ALL-UNNAMED");
                }
            }
            case JDK -> {
                System.setProperty("jdk.virtualThreadScheduler.parallelism", Integer.toString(procs));
                System.setProperty("jdk.virtualThreadScheduler.maxPoolSize", Integer.toString(Math.max(256, procs)));
            }
            default -> throw new IllegalArgumentException("unknown system " + system);
        }
    }

    /** Starts {@code body} as a goroutine (gort) or a plain virtual thread (jdk). */
    public static void start(String system, Runnable body) {
        if (GORT.equals(system)) {
            Go.go(body);
        } else {
            Thread.ofVirtual().start(body);
        }
    }
}
