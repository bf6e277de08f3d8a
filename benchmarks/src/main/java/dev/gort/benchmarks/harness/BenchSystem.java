package dev.gort.benchmarks.harness;

import dev.gort.Go;
import dev.gort.benchmarks.workloads.GortWorkloads;
import dev.gort.benchmarks.workloads.JdkWorkloads;
import dev.gort.benchmarks.workloads.JoxWorkloads;
import dev.gort.benchmarks.workloads.KotlinWorkloads;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The systems of the comparison, and how a fresh process of each is told its parallelism P:
 * gort reads {@code -DGOMAXPROCS}; the JDK's default virtual-thread scheduler (which Jox's channels
 * also run on) reads {@code jdk.virtualThreadScheduler.parallelism} once, at its first virtual
 * thread; kotlinx-coroutines' {@code Dispatchers.Default} reads its core pool size once; Go reads
 * the {@code GOMAXPROCS} environment variable.
 */
public enum BenchSystem {
    GORT("gort", "gort"),
    JDK("jdk", "JDK VT + j.u.c"),
    JOX("jox", "Jox"),
    KOTLIN("kotlin", "Kotlin coroutines"),
    GO("go", "Go");

    public final String id;
    public final String label;

    BenchSystem(String id, String label) {
        this.id = id;
        this.label = label;
    }

    public boolean isJvm() {
        return this != GO;
    }

    /** The JVM peers gort is compared with ("best JVM peer" is the best of these per row). */
    public boolean isJvmPeer() {
        return this == JDK || this == JOX || this == KOTLIN;
    }

    public static BenchSystem parse(String s) {
        for (BenchSystem b : values()) {
            if (b.id.equals(s.trim().toLowerCase(Locale.ROOT))) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown system '" + s + "' (gort, jdk, jox, kotlin, go)");
    }

    /** This system's workloads, for a JVM system. */
    public Workloads workloads() {
        return switch (this) {
            case GORT -> new GortWorkloads();
            case JDK -> new JdkWorkloads();
            case JOX -> new JoxWorkloads();
            case KOTLIN -> new KotlinWorkloads();
            case GO -> throw new IllegalStateException("Go runs as its own program (benchmarks/go)");
        };
    }

    /**
     * JVM flags that give a fresh process parallelism {@code procs}; every JVM cell also gets the
     * same heap limit so no system is measured with more room than another.
     */
    public List<String> jvmFlags(int procs) {
        List<String> f = new ArrayList<>(List.of("-Xmx3g", "-XX:+UseG1GC"));
        if (this == KOTLIN && Runtime.version().feature() >= 24) {
            f.add("--sun-misc-unsafe-memory-access=allow"); // kotlinx's atomicfu calls sun.misc.Unsafe
        }
        switch (this) {
            case GORT -> {
                f.add("--add-opens");
                f.add("java.base/java.lang=ALL-UNNAMED");
                f.add("-DGOMAXPROCS=" + procs);
            }
            case JDK, JOX -> f.add("-Djdk.virtualThreadScheduler.parallelism=" + procs);
            case KOTLIN -> f.add("-Dkotlinx.coroutines.scheduler.core.pool.size=" + procs);
            case GO -> throw new IllegalStateException("not a JVM");
        }
        return f;
    }

    /**
     * Checks, inside the cell's process, that the system really runs with {@code procs}; returns a
     * line describing it, or throws if a flag did not take (a cell at the wrong P is worse than none).
     */
    public String checkParallelism(int procs) {
        switch (this) {
            case GORT -> {
                if (!Go.gmpScheduler()) {
                    throw new IllegalStateException("gort runs in fallback mode (no --add-opens java.base/java.lang)");
                }
                if (Go.maxProcs() != procs) {
                    throw new IllegalStateException("GOMAXPROCS is " + Go.maxProcs() + ", not " + procs);
                }
                return "gort GOMAXPROCS=" + Go.maxProcs() + " G-M-P scheduler";
            }
            case JDK, JOX -> {
                String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
                if (!String.valueOf(procs).equals(p)) {
                    throw new IllegalStateException("jdk.virtualThreadScheduler.parallelism is " + p + ", not " + procs);
                }
                return id + " virtual threads, default scheduler, parallelism=" + p;
            }
            case KOTLIN -> {
                String p = System.getProperty("kotlinx.coroutines.scheduler.core.pool.size");
                if (!String.valueOf(procs).equals(p)) {
                    throw new IllegalStateException("Dispatchers.Default core pool size is " + p + ", not " + procs);
                }
                return "kotlin Dispatchers.Default core pool size=" + p;
            }
            default -> throw new IllegalStateException("not a JVM");
        }
    }
}
