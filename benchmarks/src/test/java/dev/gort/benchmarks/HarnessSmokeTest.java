package dev.gort.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.benchmarks.harness.BenchSystem;
import dev.gort.benchmarks.harness.Cell;
import dev.gort.benchmarks.harness.CellResult;
import dev.gort.benchmarks.harness.CrossCore;
import dev.gort.benchmarks.harness.Machine;
import dev.gort.benchmarks.harness.Report;
import dev.gort.benchmarks.harness.Workload;
import dev.gort.benchmarks.harness.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Every workload at a tiny N on every JVM system, in this JVM: each run checks its own sum or
 * count (Cell throws on a wrong one), so a broken workload or a broken channel fails CI here in
 * seconds instead of in a 15-minute benchmark run. Also renders a report from made-up cells.
 */
class HarnessSmokeTest {

    /** Tiny sizes: enough goroutines to park, contend and hand off, small enough for seconds. */
    private static int tinyN(Workload w) {
        return switch (w) {
            case W1 -> 2_000;
            case W2, W3, W7 -> 4_000;
            case W4, W5, W6 -> 10_000;
            case W8 -> 20_000;
            case W9 -> 100;
            case W10 -> 500;
            case W11 -> 1_000;
            case W12 -> 200;
            case W13 -> 50; // connections, each making W13_ROUND_TRIPS round trips
        };
    }

    @ParameterizedTest
    @EnumSource(value = BenchSystem.class, names = {"GORT", "JDK", "JOX", "KOTLIN"})
    @Timeout(60)
    void everyWorkloadGivesTheRightSum(BenchSystem system) {
        try (Workloads sys = system.workloads()) {
            for (Workload w : Workload.values()) {
                if (sys.notApplicable(w) != null) {
                    continue;
                }
                Map<String, Double> m = Cell.runOnce(sys, w, tinyN(w), false);
                for (Workload.Metric metric : w.metrics) {
                    assertTrue(m.containsKey(metric.key()), system + " " + w + " did not report " + metric.key());
                }
            }
            if (sys.notApplicable(Workload.W13) == null) {
                // A second repetition dials the server the first one started.
                Cell.runOnce(sys, Workload.W13, tinyN(Workload.W13), false);
            }
        }
    }

    @Test
    void onlyGortAndTheJdkHaveSockets() {
        for (BenchSystem s : List.of(BenchSystem.JOX, BenchSystem.KOTLIN)) {
            assertEquals(Workload.W13_NO_SOCKETS, s.workloads().notApplicable(Workload.W13), s.id);
        }
        for (BenchSystem s : List.of(BenchSystem.GORT, BenchSystem.JDK)) {
            assertEquals(null, s.workloads().notApplicable(Workload.W13), s.id);
        }
    }

    @Test
    void steadyMeansThreeWarmUpsAndAtLeastASecondOfThem() {
        assertEquals(1, Harness.Options.parse(new String[] {"W13"}).warmup);
        assertEquals(0, Harness.Options.parse(new String[] {"W13"}).warmupMillis);
        assertEquals(3, Harness.Options.parse(new String[] {"W13", "--steady"}).warmup);
        assertEquals(1000, Harness.Options.parse(new String[] {"W13", "--steady"}).warmupMillis);
        assertEquals(250, Harness.Options.parse(new String[] {"W1", "--warmup-time", "250"}).warmupMillis);
        assertThrows(IllegalArgumentException.class, () -> Harness.Options.parse(new String[] {"W1", "--warmup-time", "-1"}));
        assertEquals(List.of(Workload.W13), Harness.Options.parse(new String[] {"W13", "--steady"}).workloads);
    }

    @Test
    void gortArgsGoToGortCellsAndMakeTheRunPartial() {
        Harness.Options o = Harness.Options.parse(new String[] {"--gort-arg", "-Dgort.park.spins=0",
                "--gort-arg", "-Dgort.chan.lockFree=false"});
        assertEquals(List.of("-Dgort.park.spins=0", "-Dgort.chan.lockFree=false"), o.gortArgs);
        assertTrue(o.partial, "a run with a knob turned is not the figure of record");
        assertTrue(Harness.Options.parse(new String[0]).gortArgs.isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Harness.Options.parse(new String[] {"--gort-arg", "gort.park.spins=0"}));
        assertTrue(e.getMessage().contains("gort.park.spins=0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Harness.Options.parse(new String[] {"--gort-arg"}));
    }

    @Test
    void aWrongSumFailsTheCell() {
        Workloads broken = (Workloads) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Workloads.class}, (proxy, method, args) -> method.getName().equals("pingPong") ? 42L : null);
        assertThrows(Cell.WrongResult.class, () -> Cell.runOnce(broken, Workload.W1, 10, false));
    }

    @Test
    void reportHasTheTableAndThePlot(@TempDir Path dir) throws Exception {
        List<CellResult> cells = new ArrayList<>();
        for (BenchSystem s : List.of(BenchSystem.GORT, BenchSystem.JDK, BenchSystem.GO)) {
            for (int p : List.of(1, 2)) {
                CellResult r = new CellResult(s, Workload.W12, p);
                for (double v : new double[] {100.0 / p, 110.0 / p, 90.0 / p}) {
                    r.addRep(Map.of("ms", s == BenchSystem.GORT ? v * 1.5 : v));
                }
                if (s != BenchSystem.JDK) {
                    r.cold.put("ms", (s == BenchSystem.GORT ? 400.0 : 200.0) / p);
                }
                cells.add(r);
            }
        }
        Machine m = new Machine(2, "cpu", "1 GiB", "os", "jdk", "go1.19", "1.0.1", "1.11.0", "2.2.20", 0.5);
        Report report = new Report(m, List.of(Workload.W12), List.of(BenchSystem.GORT, BenchSystem.JDK, BenchSystem.GO),
                List.of(1, 2), cells, Map.of(), "test", "W12");
        Path md = dir.resolve("perf.md");
        Files.writeString(md, "# hand-written\nkept above\n" + Report.BEGIN + "\nold\n" + Report.END + "\nkept below\n");
        report.write(md);
        String text = Files.readString(md);
        assertTrue(text.contains("kept above") && text.contains("kept below"), text);
        assertFalse(text.contains("\nold\n"), text);
        // Each cell: the median, min-max and the cold first repetition; each ratio: steady, then cold.
        assertTrue(text.contains("| W12 ms | 1 | 150 <sub>135–165 · cold 400</sub> | 100 <sub>90.0–110</sub> | 100 <sub>90.0–110 · cold 200</sub> |"), text);
        assertTrue(text.contains("| 1.50× <sub>cold 2.00×</sub> | 1.50× (jdk) |"), text); // no cold figure for jdk
        assertTrue(text.contains("W12 speedup P=2 vs P=1 | 2 vs 1 | 2.00 <sub>1.64–2.44 · cold 2.00</sub>"), text);
        assertTrue(Files.readString(Report.svgPath(md)).startsWith("<svg"));
        assertEquals(Workload.W3, Workload.parse("w3"));
        assertTrue(Duration.ofMillis(Workload.W11_SLEEP_MS).toMillis() == 1);
    }

    @Test
    void aCellProbedInASlowCrossCorePhaseIsMarked() {
        List<CellResult> cells = new ArrayList<>();
        double[][] probes = {{70, 72}, {68, 350}, {71, 69}, {400, 380}}; // gort P=1, gort P=2, go P=1, go P=2
        int k = 0;
        for (BenchSystem s : List.of(BenchSystem.GORT, BenchSystem.GO)) {
            for (int p : List.of(1, 2)) {
                CellResult r = new CellResult(s, Workload.W1, p);
                r.addRep(Map.of("ns_per_roundtrip", 300.0));
                r.crossCoreBefore = probes[k][0];
                r.crossCoreAfter = probes[k][1];
                k++;
                cells.add(r);
            }
        }
        Machine m = new Machine(2, "cpu", "1 GiB", "os", "jdk", "go1.19", "1.0.1", "1.11.0", "2.2.20", 0.5);
        Report report = new Report(m, List.of(Workload.W1), List.of(BenchSystem.GORT, BenchSystem.GO), List.of(1, 2),
                cells, Map.of(), "test", "W1");
        String table = report.table();
        // The run's median probe is 71.5 ns: a P=2 cell with a probe above 143 is marked, a P=1 cell never.
        assertTrue(table.contains("| W1 ns/round trip | 1 | 300 <sub>300–300</sub> | 300 <sub>300–300</sub> |"), table);
        assertTrue(table.contains("| W1 ns/round trip | 2 | 300 <sub>300–300</sub>‡ | 300 <sub>300–300</sub>‡ |"), table);
        assertTrue(Report.summary(cells.get(1)).contains("cross-core 68.0 / 350 ns"), Report.summary(cells.get(1)));
    }

    @Test
    void theCrossCoreProbeMeasuresARoundTrip() {
        double ns = CrossCore.roundTripNanos();
        if (Runtime.getRuntime().availableProcessors() < 2) {
            assertTrue(Double.isNaN(ns), "no figure on one CPU: " + ns);
        } else {
            // a real round trip between two cores: more than nothing, far less than a millisecond
            assertTrue(ns > 1 && ns < 1_000_000, "cross-core round trip " + ns + " ns");
        }
    }
}
