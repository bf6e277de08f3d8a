package dev.gort.benchmarks.harness;

import dev.gort.benchmarks.harness.Workloads.Parked;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one workload once on one system and measures it: the code between the harness's fresh
 * process ({@link CellMain}) and a {@link Workloads} implementation, also used in-process by the
 * smoke test. Every run checks its checksum: a wrong sum or count throws {@link WrongResult}, which
 * fails the cell loudly instead of reporting the time of a broken run.
 */
public final class Cell {

    /** A workload returned the wrong sum or count. */
    public static final class WrongResult extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongResult(String what, long got, long want) {
            super(what + ": got " + got + ", want " + want);
        }
    }

    private Cell() {}

    /**
     * One repetition of {@code w} at size {@code n}; returns its figures by metric key (see
     * {@link Workload#metrics}). {@code warmUp}: W4 and W6 run at a tenth of n (their warm-up only
     * has to compile the paths, not to grow the heap that the measured run's RSS delta is taken on).
     */
    public static Map<String, Double> runOnce(Workloads sys, Workload w, int n, boolean warmUp) {
        Map<String, Double> m = new LinkedHashMap<>();
        switch (w) {
            case W1 -> {
                long t = System.nanoTime();
                check("W1 sum", sys.pingPong(n), Workload.sumTo(n));
                m.put("ns_per_roundtrip", perOp(t, n));
            }
            case W2 -> {
                long t = System.nanoTime();
                check("W2 sum", sys.spsc(n), Workload.sumTo(n));
                m.put("ns_per_msg", perOp(t, n));
            }
            case W3 -> {
                long t = System.nanoTime();
                check("W3 cap128 sum", sys.mpmc(n, 128), Workload.sumTo(n));
                m.put("cap128_ns_per_msg", perOp(t, n));
                t = System.nanoTime();
                check("W3 cap0 sum", sys.mpmc(n, 0), Workload.sumTo(n));
                m.put("cap0_ns_per_msg", perOp(t, n));
            }
            case W4 -> {
                int size = warmUp ? Math.max(1, n / 10) : n;
                Memory.settledHeap();
                long rss0 = Memory.rss();
                Memory.resetPeak();
                long t = System.nanoTime();
                check("W4 ran", sys.spawn(size), size);
                m.put("ns_per_goroutine", perOp(t, size));
                // Peak RSS over the run above the RSS it started from: the cost of the goroutines
                // alive at once (they exit as soon as they ran), plus heap the collector let grow.
                m.put("peak_rss_mb", Math.max(0, Memory.peakRss() - rss0) / 1048576.0);
            }
            case W5 -> {
                if (n < 10 || Math.pow(10, Math.round(Math.log10(n))) != n) {
                    throw new IllegalArgumentException("W5 (skynet) needs a power of 10 leaves, not " + n);
                }
                long t = System.nanoTime();
                check("W5 sum", sys.skynet(n), Workload.sumTo(n));
                m.put("ms", (System.nanoTime() - t) / 1e6);
            }
            case W6 -> {
                int size = warmUp ? Math.max(1, n / 10) : n;
                long heap0 = Memory.settledHeap();
                long rss0 = Memory.rss();
                Parked p = sys.parked(size);
                settle();
                long rss1 = Memory.rss();
                // One full GC: with a million parked goroutines each one takes seconds here, and a
                // second one frees next to nothing.
                System.gc();
                long heap1 = Memory.heapUsed();
                long t = System.nanoTime();
                long woke = p.releaseAndAwait();
                double drainMs = (System.nanoTime() - t) / 1e6;
                check("W6 woke", woke, size);
                m.put("rss_bytes_per_parked", (double) (rss1 - rss0) / size);
                m.put("heap_bytes_per_parked", (double) (heap1 - heap0) / size);
                m.put("drain_ms", drainMs);
            }
            case W7 -> {
                long t = System.nanoTime();
                check("W7 sum", sys.selectFanIn(n), Workload.sumTo(n));
                m.put("ns_per_msg", perOp(t, n));
            }
            case W8 -> {
                long t = System.nanoTime();
                check("W8 mutex count", sys.mutex(n, Workload.W8_WORKERS), n);
                m.put("mutex_ns_per_inc", perOp(t, n));
                t = System.nanoTime();
                check("W8 atomic count", sys.atomic(n, Workload.W8_WORKERS), n);
                m.put("atomic_ns_per_inc", perOp(t, n));
            }
            case W9 -> {
                int passes = Workload.W9_PASSES;
                long t = System.nanoTime();
                check("W9 sum", sys.daisyChain(n, passes), Workload.daisyChainSum(n, passes));
                m.put("ns_per_hop", perOp(t, (long) n * passes));
            }
            case W10 -> {
                Parked p = sys.ctxCancel(n);
                settle();
                long t = System.nanoTime();
                long woke = p.releaseAndAwait();
                m.put("ms", (System.nanoTime() - t) / 1e6);
                check("W10 woke", woke, n);
            }
            case W11 -> {
                long t = System.nanoTime();
                check("W11 woke", sys.timers(n, Duration.ofMillis(Workload.W11_SLEEP_MS)), n);
                m.put("ms", (System.nanoTime() - t) / 1e6);
            }
            case W12 -> {
                long want = Spin.expected(n); // untimed and cached; the first call warms spin() up
                long t = System.nanoTime();
                check("W12 sum", sys.parallel(n), want);
                m.put("ms", (System.nanoTime() - t) / 1e6);
            }
            case W13 -> {
                int rounds = Workload.W13_ROUND_TRIPS;
                long t = System.nanoTime();
                check("W13 right echoes", sys.netEcho(n, rounds), (long) n * rounds);
                m.put("ms", (System.nanoTime() - t) / 1e6);
                m.put("finish_spread_pct", sys.netEchoFinishSpreadPercent());
            }
        }
        return m;
    }

    private static void check(String what, long got, long want) {
        if (got != want) {
            throw new WrongResult(what, got, want);
        }
    }

    private static double perOp(long t0, long ops) {
        return (double) (System.nanoTime() - t0) / ops;
    }

    /**
     * Goroutines that announced themselves may not have parked yet; give them the time Go's twin
     * gives them (a few yields and 20 ms) before memory is read or the release timed.
     */
    private static void settle() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
