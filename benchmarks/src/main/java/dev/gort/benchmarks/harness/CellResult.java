package dev.gort.benchmarks.harness;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one cell (system x workload x P) produced: every measured repetition's figures by metric
 * key and the cold first repetition's, or why there are none (n/a, a failure, not run), the
 * load average when it started and the machine's cross-core round trip around it.
 */
public final class CellResult {
    public final BenchSystem system;
    public final Workload workload;
    public final int procs;
    public final Map<String, List<Double>> values = new LinkedHashMap<>();
    /** The first repetition of the cell's process (cold: before the JIT compiled anything), by metric key. */
    public final Map<String, Double> cold = new LinkedHashMap<>();
    /** Why the system cannot express the workload; null if it can. */
    public String notApplicable;
    /** Why the cell failed (wrong sum, exception, timeout); null if it did not. */
    public String failure;
    /** Why the cell did not run at all (e.g. no Go toolchain); null if it ran. */
    public String skipped;
    public double loadAtStart;
    public double wallSeconds;
    /** {@link CrossCore#roundTripNanos()} right before and right after the cell's processes (NaN: not measured). */
    public double crossCoreBefore = Double.NaN;
    public double crossCoreAfter = Double.NaN;

    /** The larger of the two cross-core probes around the cell (NaN if neither was measured). */
    public double crossCoreWorst() {
        return Double.isNaN(crossCoreBefore) ? crossCoreAfter
                : Double.isNaN(crossCoreAfter) ? crossCoreBefore : Math.max(crossCoreBefore, crossCoreAfter);
    }

    public CellResult(BenchSystem system, Workload workload, int procs) {
        this.system = system;
        this.workload = workload;
        this.procs = procs;
    }

    /** Adds one repetition's "REP k=v k=v" figures. */
    public void addRep(Map<String, Double> rep) {
        rep.forEach((k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    /** The cold first repetition's figure of one metric; NaN if there is none (W4, W6, a failed cell). */
    public double cold(String key) {
        Double v = cold.get(key);
        return ok() && v != null ? v : Double.NaN;
    }

    public boolean ok() {
        return notApplicable == null && failure == null && skipped == null && !values.isEmpty();
    }

    /** Median, min and max of one metric over the repetitions; null if there is none. */
    public Stat stat(String key) {
        List<Double> v = values.get(key);
        if (!ok() || v == null || v.isEmpty()) {
            return null;
        }
        return Stat.of(v);
    }

    /** Median with its min-max range. */
    public record Stat(double median, double min, double max, int n) {
        public static Stat of(List<Double> values) {
            List<Double> s = new ArrayList<>(values);
            Collections.sort(s);
            int k = s.size();
            double med = k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
            return new Stat(med, s.get(0), s.get(k - 1), k);
        }
    }
}
