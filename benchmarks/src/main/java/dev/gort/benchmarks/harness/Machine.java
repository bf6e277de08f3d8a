package dev.gort.benchmarks.harness;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The machine a run happened on, as the report states it: cores, CPU, memory, JDK, Go and the
 * peers' versions, and the load average, which says whether the figures are worth comparing.
 * Load above 1.25 x cores means other work competes for the CPUs: the harness warns and marks the
 * cells that started under it.
 */
public record Machine(int cores, String cpu, String memory, String os, String jdk, String goVersion,
                      String jox, String kotlinx, String kotlin, double loadAtStart) {

    public static Machine describe(Path root) {
        Properties v = new Properties();
        try (InputStream in = Machine.class.getResourceAsStream("/bench-versions.properties")) {
            if (in != null) {
                v.load(in);
            }
        } catch (IOException e) {
            // versions unknown: the report says "?"
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), memTotal(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.vendor") + " " + Runtime.version() + " (" + System.getProperty("java.home") + ")",
                goVersion(root), v.getProperty("jox", "?"), v.getProperty("kotlinx.coroutines", "?"),
                v.getProperty("kotlin", "?"), loadAverage());
    }

    public List<String> lines() {
        List<String> l = new ArrayList<>();
        l.add("cores: " + cores + " (" + cpu + "), memory " + memory + ", " + os);
        l.add("JDK: " + jdk);
        l.add("Go: " + (goVersion == null ? "none on PATH" : goVersion));
        l.add("peers: Jox " + jox + ", kotlinx-coroutines " + kotlinx + " (Kotlin " + kotlin + ")");
        l.add(String.format(Locale.ROOT, "load average at start: %.2f (busy above %.2f)", loadAtStart, busyThreshold()));
        return l;
    }

    public double busyThreshold() {
        return 1.25 * cores;
    }

    public boolean busy() {
        return loadAtStart > busyThreshold();
    }

    public String busyWarning() {
        return String.format(Locale.ROOT,
                "load average %.2f on %d cores: other work competes for the CPUs; the figures will be noisy "
                        + "and slower than on a quiet machine (compare ratios, rerun when the load is below %.1f)",
                loadAtStart, cores, busyThreshold());
    }

    /** The 1-minute load average, or -1 where there is none (not Linux). */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format(Locale.ROOT, "%.1f GiB", kb / 1048576.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return "?";
    }

    /** `go version` output, or null when there is no go on PATH. */
    private static String goVersion(Path root) {
        try {
            Process p = new ProcessBuilder("go", "version").directory(root.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
