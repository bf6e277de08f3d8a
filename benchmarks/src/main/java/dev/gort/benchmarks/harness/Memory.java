package dev.gort.benchmarks.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a cell process measures about its own memory: resident set size from
 * {@code /proc/self/status} (VmRSS now, VmHWM the peak) and the heap the collector keeps after a
 * full GC. Where there is no {@code /proc} (not Linux) the RSS figures read 0.
 */
public final class Memory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private Memory() {}

    /** Resident set size now, in bytes. */
    public static long rss() {
        return status("VmRSS:");
    }

    /** Peak resident set size since start (or since {@link #resetPeak}), in bytes. */
    public static long peakRss() {
        return status("VmHWM:");
    }

    /**
     * Resets VmHWM to the current RSS (Linux 4.0+: write 5 to clear_refs), so that a peak is the
     * measured run's and not an earlier warm-up's. Harmless where not permitted.
     */
    public static void resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // Not Linux, or not allowed: the peak then includes the warm-up, which is smaller.
        }
    }

    /**
     * Full collections until the used heap stops shrinking, so that "retained" means live objects
     * only. System.gc() is a request; on G1 (the default) it is a full, synchronous collection.
     */
    public static long settledHeap() {
        // With a million parked virtual threads one full GC takes about a second: stop as soon as
        // another one frees less than 1%.
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            long used = heapUsed();
            if (used >= best * 0.99) {
                return Math.min(used, best);
            }
            best = used;
        }
        return best;
    }

    /** Heap in use now (live objects plus garbage not yet collected). */
    public static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long status(String field) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(field)) {
                    String[] f = line.substring(field.length()).trim().split("\\s+");
                    return Long.parseLong(f[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc here: report 0 rather than fail the cell.
        }
        return 0;
    }
}
