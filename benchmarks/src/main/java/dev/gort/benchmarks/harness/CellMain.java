package dev.gort.benchmarks.harness;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The entry point of one cell's fresh JVM: one system, one workload, one P (set by the JVM flags
 * the harness starts it with, and checked here). It runs the warm-up repetitions, then prints one
 * line per measured repetition, and the figures of the process's first repetition (the cold one,
 * before the JIT has compiled anything: users pay it too) on a line of their own, the format the
 * Go twin prints too:
 *
 * <pre>
 * NOTE system=gort P=2 ...
 * COLD ns_per_roundtrip=694.100  (the first repetition, warm-up or not; not for W4 and W6,
 *                                  whose warm-up runs at N/10)
 * REP ns_per_roundtrip=281.300
 * FAIL W1 sum: got 1, want 2     (and exit status 1)
 * </pre>
 *
 * Usage: {@code CellMain SYSTEM WORKLOAD N PROCS WARMUP REPS [WARMUP_MILLIS]}: at least WARMUP
 * warm-up repetitions, and more until WARMUP_MILLIS (default 0) have passed since the first began.
 */
public final class CellMain {
    private CellMain() {}

    public static void main(String[] args) {
        if (args.length != 6 && args.length != 7) {
            System.out.println("FAIL usage: CellMain SYSTEM WORKLOAD N PROCS WARMUP REPS [WARMUP_MILLIS]");
            System.exit(2);
        }
        BenchSystem system = BenchSystem.parse(args[0]);
        Workload w = Workload.parse(args[1]);
        int n = Integer.parseInt(args[2]);
        int procs = Integer.parseInt(args[3]);
        int warmup = Integer.parseInt(args[4]);
        int reps = Integer.parseInt(args[5]);
        long warmupNanos = args.length == 7 ? Long.parseLong(args[6]) * 1_000_000 : 0;
        try {
            Workloads sys = system.workloads();
            String na = sys.notApplicable(w);
            if (na != null) {
                System.out.println("NA " + na);
                return;
            }
            // A cell whose parallelism is not what the harness asked for measures the wrong thing.
            System.out.println("NOTE " + system.checkParallelism(procs));
            long start = System.nanoTime();
            int measured = 0;
            for (int i = 0; measured < reps; i++) {
                // Once measuring has begun, every repetition is measured.
                boolean warmUp = measured == 0 && (i < warmup || System.nanoTime() - start < warmupNanos);
                Map<String, Double> m = Cell.runOnce(sys, w, n, warmUp);
                if (i == 0 && !(warmUp && w.processPerRep)) {
                    System.out.println("COLD " + line(m));
                }
                if (!warmUp) {
                    System.out.println("REP " + line(m));
                    measured++;
                }
            }
            System.out.flush();
            // Parked goroutines of a failed run or pool threads must not keep the process alive.
            System.exit(0);
        } catch (Throwable t) {
            System.out.println("FAIL " + t);
            t.printStackTrace(System.err);
            System.out.flush();
            System.exit(1);
        }
    }

    private static String line(Map<String, Double> m) {
        return m.entrySet().stream()
                .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.3f", e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
