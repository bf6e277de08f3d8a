package dev.gort.benchmarks.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * The machine's cross-core round trip right now: two platform threads pass a counter back and forth
 * through two volatile fields, each spinning for the other's store. On the project's 2-vCPU VM this
 * moves between about 30, 70 and 350 ns every few seconds to minutes (the host moves the vCPUs
 * between sibling hyperthreads, nearby cores and distant ones), and every P=2 figure that hands work
 * between carriers moves with it, for every system. The harness measures it before and after each
 * cell so that a reader can tell a slow cell from a slow machine.
 */
public final class CrossCore {
    /** Round trips per batch, after {@link #WARM_UP} unmeasured ones; a batch takes 5-40 ms. */
    private static final int ROUND_TRIPS = 50_000;
    /**
     * Unmeasured round trips first: until both threads spin on their own CPUs (a new thread may start
     * beside its parent, and an idle vCPU takes a while to come back) and the loops are compiled.
     */
    private static final int WARM_UP = 20_000;
    private static final int BATCHES = 3;

    private static volatile long ping;
    private static volatile long pong;

    private CrossCore() {}

    /**
     * The median of three batches' mean round trip, in ns; NaN on a single CPU (the two threads would
     * only take turns) or if the partner thread could not be started or did not answer.
     */
    public static synchronized double roundTripNanos() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return Double.NaN;
        }
        List<Double> batches = new ArrayList<>(BATCHES);
        for (int k = 0; k < BATCHES; k++) {
            double mean = batch();
            if (Double.isNaN(mean)) {
                return Double.NaN;
            }
            batches.add(mean);
        }
        return CellResult.Stat.of(batches).median();
    }

    /**
     * Spins until {@code ping} (or {@code pong}) is {@code i}; false after a second. The clock is read
     * only every 1,024 spins: a read costs about as much as a pause, and would be in the figure.
     */
    private static boolean await(boolean onPing, long i) {
        long deadline = 0;
        for (int spins = 0; (onPing ? ping : pong) != i; spins++) {
            if ((spins & 1023) == 1023) {
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + 1_000_000_000L;
                } else if (now - deadline > 0) {
                    return false;
                }
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static double batch() {
        ping = 0;
        pong = 0;
        Thread partner = new Thread(() -> {
            for (long i = 1; i <= WARM_UP + ROUND_TRIPS; i++) {
                if (!await(true, i)) {
                    return; // the measuring side gave up
                }
                pong = i;
            }
        }, "gort-bench-cross-core");
        partner.setDaemon(true);
        try {
            partner.start();
        } catch (Throwable t) {
            return Double.NaN;
        }
        long start = 0;
        for (long i = 1; i <= WARM_UP + ROUND_TRIPS; i++) {
            if (i == WARM_UP + 1) {
                start = System.nanoTime();
            }
            ping = i;
            if (!await(false, i)) {
                return Double.NaN; // the partner is not running: no figure rather than a wrong one
            }
        }
        double mean = (System.nanoTime() - start) / (double) ROUND_TRIPS;
        try {
            partner.join(1_000); // it has answered the last round trip: ends at once
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return mean;
    }
}
