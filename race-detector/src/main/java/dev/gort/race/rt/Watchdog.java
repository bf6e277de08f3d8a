package dev.gort.race.rt;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes sure a JVM under the agent ends, whatever state the program is in. Two jobs, on one daemon
 * platform thread started by the agent before the program runs (so it never needs to allocate a
 * thread, which a full heap refuses):
 *
 * <ul>
 *   <li><b>The exit path is bounded.</b> Once the agent's exit check (or {@code halt_on_error})
 *       has begun, it has {@link #EXIT_GRACE_NANOS} to print its summary; past that (standard error
 *       blocked by a reader that stopped reading, a lock held by a thread stuck in a report) the
 *       JVM halts with the status the check had already decided.</li>
 *   <li><b>A heap the detector has filled ends the run.</b> The detector keeps state per object,
 *       field and thread, so a program that fitted its heap may not fit under the agent. A JVM out
 *       of heap does not end by itself: threads die of {@code OutOfMemoryError}, the rest wait for
 *       them forever, and a SIGTERM cannot even be dispatched (the JVM needs a new thread for it;
 *       "the VM may need to be forcibly terminated"). So when the old generation is still at least
 *       {@link #FULL_PERCENT}% full after collection for {@link #FULL_FOR_NANOS}, or the watchdog
 *       itself cannot allocate, the agent prints why and halts with status 1 (what an
 *       {@code OutOfMemoryError} in main gives), after the summary of the races found so far. Go's
 *       race detector also dies when its shadow memory runs out.</li>
 * </ul>
 *
 * <p>Threads and fields: the watchdog thread only reads clocks and the heap's figures and never
 * prints (standard error may be what blocks); a second, preallocated thread prints the
 * out-of-memory report. {@link #exitDeadline} and {@link #exitStatus} are written by whichever
 * thread begins an exit (status first), read by the watchdog; {@link #outOfMemory} is written once
 * by the watchdog, read by the printer.
 */
public final class Watchdog {
    static final long EXIT_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final int FULL_PERCENT = 98;
    static final long FULL_FOR_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Preallocated: printed when there is no memory left to format the detailed message. */
    private static final byte[] OUT_OF_MEMORY = ("gort race detector: out of memory: the heap stayed full after "
            + "collection (the detector keeps state per object, field and thread); rerun with a larger -Xmx\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** 0 while no exit is under way; else the System.nanoTime() past which the watchdog halts. */
    private static volatile long exitDeadline;
    private static volatile int exitStatus;

    private Watchdog() {}

    /** Starts the watchdog's threads; the agent calls this once, before the program runs. */
    public static void start() {
        MemoryPoolMXBean old = oldGeneration();
        Thread printer = daemon(Watchdog::reportOutOfMemory, "gort-race-oom");
        daemon(() -> loop(old, printer), "gort-race-watchdog");
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        t.start();
        return t;
    }

    /**
     * The exit path has begun and decided the JVM's status: if it is still running
     * {@link #EXIT_GRACE_NANOS} from now, the watchdog halts with {@code status}.
     */
    static void exiting(int status) {
        exitStatus = status;
        long d = System.nanoTime() + EXIT_GRACE_NANOS;
        exitDeadline = d == 0 ? 1 : d;
    }

    /** The heap pool that fills up and stays full: the one with the largest maximum (the old generation). */
    private static MemoryPoolMXBean oldGeneration() {
        MemoryPoolMXBean best = null;
        java.util.List<MemoryPoolMXBean> pools;
        try {
            pools = ManagementFactory.getMemoryPoolMXBeans();
        } catch (RuntimeException | LinkageError e) {
            return null; // no java.management in this image: the exit deadline alone
        }
        for (MemoryPoolMXBean p : pools) {
            if (p.getType() != MemoryType.HEAP || !p.isCollectionUsageThresholdSupported()) {
                continue;
            }
            long max = p.getUsage().getMax();
            if (max > 0 && (best == null || max > best.getUsage().getMax()
                    || max == best.getUsage().getMax() && isOld(p.getName()))) {
                best = p;
            }
        }
        return best;
    }

    private static boolean isOld(String name) {
        return name.contains("Old") || name.contains("Tenured");
    }

    /**
     * The watchdog: enforces the exit deadline, and watches the heap. It never prints or blocks
     * (standard error may be what blocks): an exhausted heap is reported by {@code printer}, under
     * the exit deadline this thread keeps enforcing.
     */
    private static void loop(MemoryPoolMXBean old, Thread printer) {
        long fullSince = 0;
        for (;;) {
            LockSupport.parkNanos(TICK_NANOS);
            long now = System.nanoTime();
            long d = exitDeadline;
            if (d != 0 && now - d > 0) {
                Runtime.getRuntime().halt(exitStatus);
            }
            if (old == null || outOfMemory != null) {
                continue;
            }
            try {
                MemoryUsage u = old.getCollectionUsage();
                if (u != null && u.getMax() > 0 && u.getUsed() * 100 >= u.getMax() * FULL_PERCENT) {
                    if (fullSince == 0) {
                        fullSince = now;
                    } else if (now - fullSince >= FULL_FOR_NANOS) {
                        exhausted(u, printer);
                    }
                } else {
                    fullSince = 0;
                }
            } catch (OutOfMemoryError e) {
                exhausted(NO_USAGE, printer);
            }
        }
    }

    /** Set once, by the watchdog, when the heap is exhausted: what {@link #reportOutOfMemory} prints. */
    private static volatile MemoryUsage outOfMemory;
    /** Preallocated stand-in for a usage the watchdog could not read (it had no memory to). */
    private static final MemoryUsage NO_USAGE = new MemoryUsage(0, 0, 0, 0);

    private static void exhausted(MemoryUsage u, Thread printer) {
        exiting(1);
        outOfMemory = u;
        LockSupport.unpark(printer);
    }

    /** The printer's body: waits for an exhausted heap, reports it and the races so far, halts. */
    private static void reportOutOfMemory() {
        MemoryUsage u;
        while ((u = outOfMemory) == null) {
            LockSupport.park();
        }
        try {
            if (u == NO_USAGE) {
                throw new OutOfMemoryError();
            }
            Reporter.out().println("gort race detector: out of memory: " + (u.getUsed() >> 20) + " of "
                    + (u.getMax() >> 20) + " MB of heap still in use after collection for "
                    + TimeUnit.NANOSECONDS.toSeconds(FULL_FOR_NANOS) + " s (the detector keeps state per object, "
                    + "field and thread); rerun with a larger -Xmx. Stopping.");
        } catch (Throwable e) {
            try {
                Reporter.out().write(OUT_OF_MEMORY, 0, OUT_OF_MEMORY.length);
            } catch (Throwable ignored) {
                // nothing more can be said
            }
        }
        try {
            Reporter.summary();
            Reporter.out().flush();
        } catch (Throwable ignored) {
            // the status is what matters now
        }
        Runtime.getRuntime().halt(1);
    }
}
