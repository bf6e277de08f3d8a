package dev.gort.benchmarks;

import dev.gort.benchmarks.harness.BenchSystem;
import dev.gort.benchmarks.harness.CellMain;
import dev.gort.benchmarks.harness.CellResult;
import dev.gort.benchmarks.harness.CrossCore;
import dev.gort.benchmarks.harness.Machine;
import dev.gort.benchmarks.harness.Report;
import dev.gort.benchmarks.harness.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The workload harness behind {@code ./gortw bench}: W1-W13 of WORKLOADS.md on gort, the JDK's
 * virtual threads with j.u.c, Jox, kotlinx-coroutines and Go, side by side.
 *
 * <p>Every cell (system x workload x P) runs in a fresh process started with that system's
 * parallelism flag ({@link BenchSystem#jvmFlags}; Go: the GOMAXPROCS variable), so no cell
 * inherits another's JIT profile, heap or scheduler threads. Inside, the warm-up repetitions (one;
 * three with {@code --steady}), then the measured ones (default 5); the report shows the median, the
 * min-max and the process's first, cold repetition (JIT not yet done). W4 and W6 (memory)
 * start one process per repetition instead (see {@link Workload#processPerRep}). Cells run one after
 * another, the systems interleaved within each workload and P so that drifting machine load spreads
 * over all of them. The result is a markdown table with ratios to Go and to the best JVM peer, and an
 * SVG plot of those ratios ({@link Report}).
 *
 * <pre>
 * ./gortw bench                          everything: docs/performance-harness.md and .svg (~15 min on 2 cores)
 * ./gortw bench --quick                  N/10 and 3 repetitions, to benchmarks/target/bench-results/
 * ./gortw bench W1,W2 --systems gort,jdk --procs 1 --reps 3
 * ./gortw bench W13 --systems gort,jdk,go --steady   steady state: 3 warm-up repetitions
 * </pre>
 */
public final class Harness {
    /** Warm-up repetitions for steady-state figures (at least 3: the JIT has compiled the hot paths). */
    static final int STEADY_WARMUP = 3;
    /**
     * And at least this much warm-up time: three repetitions of the fastest workloads (W1, W2: 5-70 ms
     * each) end while C2 is still compiling and replacing their hot methods, so a count alone let
     * the measured repetitions catch the tail of the warm-up, sooner or later depending on how long
     * the first, cold repetition happened to take.
     */
    static final int STEADY_WARMUP_MILLIS = 1000;

    private static final String USAGE = """
            usage: ./gortw bench [W1,W2,...] [options]
              W1,...            workloads to run (default: all thirteen)
              --systems LIST    gort,jdk,jox,kotlin,go (default: all)
              --procs LIST      GOMAXPROCS / parallelism values (default: 1,2)
              --reps K          measured repetitions per cell (default: 5)
              --warmup K        unmeasured repetitions first (default: 1)
              --warmup-time MS  ... and warm up for at least MS milliseconds (default: 0; not W4, W6)
              --steady          --warmup 3 --warmup-time 1000: steady-state figures, after the JIT
                                compiled the hot paths
              --scale F         multiply every workload's N by F (default: 1)
              --quick           --scale 0.1 --reps 3: a smoke run of the whole matrix in a few minutes
              --timeout S       seconds one process may run before it is killed (default: 300)
              --gort-arg ARG    a JVM argument for gort's cells only, e.g. -Dgort.park.spins=0 (may be
                                repeated): runs a measuring knob beside the other systems; such a
                                run is not the figure of record
              --out FILE        the markdown report (default: docs/performance-harness.md for a full
                                run, benchmarks/target/bench-results/performance-harness.md otherwise)
            """;

    private Harness() {}

    /** The parsed command line. */
    static final class Options {
        List<Workload> workloads = List.of(Workload.values());
        List<BenchSystem> systems = List.of(BenchSystem.values());
        List<Integer> procs = List.of(1, 2);
        int reps = 5;
        int warmup = 1;
        int warmupMillis = 0;
        double scale = 1.0;
        int timeoutSeconds = 300;
        List<String> gortArgs = new ArrayList<>();
        Path out;
        boolean partial;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--systems" -> {
                        o.systems = list(args[++i]).stream().map(BenchSystem::parse).toList();
                        o.partial = true;
                    }
                    case "--procs" -> {
                        o.procs = list(args[++i]).stream().map(Integer::parseInt).toList();
                        o.partial = true;
                    }
                    case "--reps" -> o.reps = Integer.parseInt(args[++i]);
                    case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                    case "--warmup-time" -> o.warmupMillis = Integer.parseInt(args[++i]);
                    case "--steady" -> {
                        o.warmup = STEADY_WARMUP;
                        o.warmupMillis = STEADY_WARMUP_MILLIS;
                    }
                    case "--scale" -> o.scale = Double.parseDouble(args[++i]);
                    case "--timeout" -> o.timeoutSeconds = Integer.parseInt(args[++i]);
                    case "--out" -> o.out = Path.of(args[++i]);
                    case "--gort-arg" -> {
                        String arg = i + 1 < args.length ? args[++i] : "";
                        if (!arg.startsWith("-")) {
                            throw new IllegalArgumentException("--gort-arg takes a JVM argument such as "
                                    + "-Dgort.park.spins=0, got '" + arg + "'\n" + USAGE);
                        }
                        o.gortArgs.add(arg);
                        o.partial = true;
                    }
                    case "--quick" -> {
                        o.scale = 0.1;
                        o.reps = 3;
                    }
                    case "-h", "--help" -> {
                        System.out.print(USAGE);
                        System.exit(0);
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
                        }
                        o.workloads = list(a).stream().map(Workload::parse).toList();
                        o.partial = true;
                    }
                }
            }
            if (o.reps < 1 || o.warmup < 0 || o.warmupMillis < 0 || o.scale <= 0 || o.procs.stream().anyMatch(p -> p < 1)) {
                throw new IllegalArgumentException("--reps >= 1, --warmup >= 0, --warmup-time >= 0, --scale > 0, --procs >= 1\n" + USAGE);
            }
            // Fewer than 5 repetitions or a smaller N is not the figure of record.
            o.partial |= o.reps < 5 || o.scale != 1.0;
            return o;
        }

        private static List<String> list(String s) {
            return List.of(s.split(",")).stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
        }

        int n(Workload w) {
            int n = Math.max(1, (int) Math.round(w.defaultN * scale));
            if (w == Workload.W5) {
                // skynet's tree is 10-ary down to single leaves: N must be a power of 10.
                n = (int) Math.max(10, Math.pow(10, Math.round(Math.log10(n))));
            }
            return n;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path root = findRoot();
        Path target = root.resolve("benchmarks/target");
        Path logs = target.resolve("bench-logs");
        Files.createDirectories(logs);
        Path out = o.out != null ? o.out
                : o.partial ? target.resolve("bench-results/performance-harness.md")
                : root.resolve("docs/performance-harness.md");

        Machine machine = Machine.describe(root);
        System.out.println("gort workload harness, " + LocalDate.now());
        machine.lines().forEach(l -> System.out.println("  " + l));
        if (machine.busy()) {
            System.out.println("WARNING: " + machine.busyWarning());
        }

        Path goBinary = null;
        String goSkip = null;
        if (o.systems.contains(BenchSystem.GO)) {
            if (machine.goVersion() == null) {
                goSkip = "Go skipped: no `go` on PATH (Debian: apt-get install golang-go)";
            } else {
                goBinary = target.resolve("gortbench-go");
                goSkip = buildGo(root.resolve("benchmarks/go"), goBinary, logs);
            }
            if (goSkip != null) {
                System.out.println("NOTE: " + goSkip);
            }
        }

        List<CellResult> results = new ArrayList<>();
        int total = o.workloads.size() * o.procs.size() * o.systems.size();
        int done = 0;
        long started = System.nanoTime();
        for (Workload w : o.workloads) {
            for (int p : o.procs) {
                for (BenchSystem s : o.systems) {
                    done++;
                    CellResult r = new CellResult(s, w, p);
                    r.loadAtStart = Machine.loadAverage();
                    long t0 = System.nanoTime();
                    if (s == BenchSystem.GO && goSkip != null) {
                        r.skipped = goSkip;
                    } else if (s.isJvm() && (r.notApplicable = s.workloads().notApplicable(w)) != null) {
                        // known up front: no process to start
                    } else {
                        r.crossCoreBefore = CrossCore.roundTripNanos();
                        runCell(r, o, goBinary, logs);
                        r.crossCoreAfter = CrossCore.roundTripNanos();
                    }
                    r.wallSeconds = (System.nanoTime() - t0) / 1e9;
                    results.add(r);
                    System.out.printf(Locale.ROOT, "[%d/%d] %-4s P=%d %-6s %s%n", done, total, w, p, s.id, Report.summary(r));
                }
            }
        }
        double minutes = (System.nanoTime() - started) / 60e9;
        Map<String, String> notes = new LinkedHashMap<>();
        for (BenchSystem s : o.systems) {
            if (s.isJvm()) {
                for (Workload w : o.workloads) {
                    String note = s.workloads().note(w);
                    if (note != null) {
                        notes.put(w + " " + s.id, note);
                    }
                }
            }
        }
        if (goSkip != null) {
            notes.put("go", goSkip);
        }
        Report report = new Report(machine, o.workloads, o.systems, o.procs, results, notes,
                String.format(Locale.ROOT, "%d measured repetitions per cell after %d warm-up%s, N x %s; %.1f minutes",
                        o.reps, o.warmup, o.warmupMillis > 0 ? " and at least " + o.warmupMillis + " ms of them" : "",
                        o.scale == 1.0 ? "1" : String.valueOf(o.scale), minutes),
                String.join(" ", args));
        report.write(out);
        System.out.println();
        System.out.println(report.table());
        System.out.printf(Locale.ROOT, "written: %s and %s (%.1f minutes)%n", out, Report.svgPath(out), minutes);
        if (machine.busy() || Machine.loadAverage() > machine.busyThreshold()) {
            System.out.println("WARNING: the machine was busy during this run; compare ratios, rerun when quiet.");
        }
    }

    /** Runs one cell in one fresh process (or one per repetition for the memory workloads). */
    private static void runCell(CellResult r, Options o, Path goBinary, Path logs) throws IOException, InterruptedException {
        int n = o.n(r.workload);
        int processes = r.workload.processPerRep ? o.reps : 1;
        int warmup = r.workload.processPerRep ? Math.max(1, o.warmup) : o.warmup;
        int reps = r.workload.processPerRep ? 1 : o.reps;
        // A fresh process per repetition warms up at N/10 to settle its heap, not its JIT: no minimum time.
        int warmupMillis = r.workload.processPerRep ? 0 : o.warmupMillis;
        for (int k = 0; k < processes && r.failure == null && r.notApplicable == null; k++) {
            List<String> cmd = new ArrayList<>();
            ProcessBuilder pb = new ProcessBuilder(cmd);
            if (r.system == BenchSystem.GO) {
                cmd.addAll(List.of(goBinary.toString(), "-w", r.workload.name(), "-n", Integer.toString(n),
                        "-warmup", Integer.toString(warmup), "-warmupms", Integer.toString(warmupMillis),
                        "-reps", Integer.toString(reps)));
                pb.environment().put("GOMAXPROCS", Integer.toString(r.procs));
            } else {
                cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                cmd.addAll(r.system.jvmFlags(r.procs));
                if (r.system == BenchSystem.GORT) {
                    cmd.addAll(o.gortArgs);
                }
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), CellMain.class.getName(),
                        r.system.id, r.workload.name(), Integer.toString(n), Integer.toString(r.procs),
                        Integer.toString(warmup), Integer.toString(reps), Integer.toString(warmupMillis)));
            }
            String name = r.workload + "-P" + r.procs + "-" + r.system.id + (processes > 1 ? "-" + k : "");
            Path stdout = logs.resolve(name + ".out");
            Path stderr = logs.resolve(name + ".err");
            pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            Process proc = pb.start();
            // Ctrl-C on the harness must not leave a cell running (a million parked goroutines).
            Thread reaper = new Thread(() -> {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly();
            });
            Runtime.getRuntime().addShutdownHook(reaper);
            if (!proc.waitFor(o.timeoutSeconds, TimeUnit.SECONDS)) {
                proc.descendants().forEach(ProcessHandle::destroyForcibly);
                proc.destroyForcibly();
                proc.waitFor();
                r.failure = "timed out after " + o.timeoutSeconds + " s";
            }
            Runtime.getRuntime().removeShutdownHook(reaper);
            for (String line : Files.readAllLines(stdout)) {
                if (line.startsWith("REP ")) {
                    r.addRep(figures(line));
                } else if (line.startsWith("COLD ") && r.cold.isEmpty()) {
                    r.cold.putAll(figures(line));
                } else if (line.startsWith("NA ")) {
                    r.notApplicable = line.substring(3);
                } else if (line.startsWith("FAIL ") && r.failure == null) {
                    r.failure = line.substring(5);
                }
            }
            if (r.failure == null && r.notApplicable == null && proc.exitValue() != 0) {
                r.failure = "exit status " + proc.exitValue() + " (see " + stderr + ")";
            }
        }
        if (r.failure == null && r.notApplicable == null && r.values.isEmpty()) {
            r.failure = "no figures printed";
        }
    }

    /** The figures of a "REP k=v k=v" or "COLD k=v" line, by key. */
    private static Map<String, Double> figures(String line) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String kv : line.substring(line.indexOf(' ') + 1).trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), Double.parseDouble(kv.substring(eq + 1)));
        }
        return m;
    }

    /** Builds the Go twin; returns why Go is skipped, or null when the binary is ready. */
    private static String buildGo(Path src, Path binary, Path logs) throws IOException, InterruptedException {
        Path log = logs.resolve("go-build.log");
        Process p = new ProcessBuilder("go", "build", "-o", binary.toString(), ".")
                .directory(src.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "Go skipped: `go build` in " + src + " took over 300 s";
        }
        return p.exitValue() == 0 ? null
                : "Go skipped: `go build` in " + src + " failed: " + Files.readString(log).strip();
    }

    /** The repository root: the first folder upwards from here holding gortw and benchmarks/. */
    static Path findRoot() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.exists(q.resolve("gortw")) && Files.isDirectory(q.resolve("benchmarks"))) {
                return q;
            }
        }
        return p;
    }
}
