package dev.gort.race;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a program in a child JVM under the packaged agent ({@code target/gort-race.jar}) and parses
 * what the agent wrote: race reports in Go's format, split by the case markers of
 * {@code testdata.Runner}.
 */
final class AgentRun {
    static final Path AGENT = Path.of(System.getProperty("gort.race.agent", "target/gort-race.jar")).toAbsolutePath();
    private static final Pattern ACCESS = Pattern.compile("^(Read|Write) at (.*) by goroutine (\\d+):$");
    private static final Pattern PREVIOUS = Pattern.compile("^Previous (read|write) at (.*) by goroutine (\\d+):$");
    private static final Pattern FILE_LINE = Pattern.compile("^ {6}(\\S+:\\d+)$");

    /** One report: the two accesses' kinds and their own source lines ({@code path/File.java:N}). */
    record Report(String kind, String line, String prevKind, String prevLine, String text) {}

    /** What a child JVM did. */
    record Result(int exitCode, String stdout, String stderr, Map<String, List<Report>> byCase,
                  Map<String, String> failures, List<Report> all) {
        /** The "Found K data race(s)" count, or 0 if the line is absent. */
        int found() {
            Matcher m = Pattern.compile("(?m)^Found (\\d+) data race\\(s\\)$").matcher(stderr);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
    }

    private AgentRun() {}

    /** The test classpath without this module's own classes and ASM: the agent brings its own. */
    static String childClasspath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> keep = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            String n = e.replace('\\', '/');
            if (n.endsWith("race-detector/target/classes") || n.endsWith("race-detector/target/classes/")
                    || n.contains("/org/ow2/asm/")) {
                continue;
            }
            keep.add(e);
        }
        return String.join(File.pathSeparator, keep);
    }

    /** Runs {@code mainClass args} with {@code -javaagent:gort-race.jar=options}. */
    static Result run(String options, List<String> jvmArgs, String mainClass, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = command(options, jvmArgs, mainClass, args);
        Path out = Files.createTempFile("race-out", ".txt");
        Path err = Files.createTempFile("race-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("GORACE");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("child JVM ran over 120 s: " + cmd + "\n" + Files.readString(err));
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            return parse(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Starts the same command, its standard output a pipe for the caller, its standard error a pipe
     * too or, if {@code stderr} is not null, that file ({@code Process.destroy} closes the pipes).
     */
    static Process start(Path stderr, String options, List<String> jvmArgs, String mainClass, String... args)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command(options, jvmArgs, mainClass, args));
        if (stderr != null) {
            pb.redirectError(stderr.toFile());
        }
        pb.environment().remove("GORACE");
        return pb.start();
    }

    private static List<String> command(String options, List<String> jvmArgs, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-javaagent:" + AGENT + (options == null || options.isEmpty() ? "" : "=" + options));
        cmd.add("--add-opens");
        cmd.add("java.base/java.lang=ALL-UNNAMED");
        cmd.add("-Xss1m");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(childClasspath());
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Result parse(int exit, String stdout, String stderr) {
        Map<String, List<Report>> byCase = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        List<Report> all = new ArrayList<>();
        String current = null;
        String[] lines = stderr.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (l.startsWith("=== CASE ")) {
                current = l.substring(9).trim();
                byCase.put(current, new ArrayList<>());
            } else if (l.startsWith("=== END ")) {
                current = null;
            } else if (l.startsWith("=== FAILED ")) {
                String rest = l.substring(11);
                failures.put(rest.substring(0, rest.indexOf(':')), rest);
            } else if (l.equals("WARNING: DATA RACE")) {
                int end = i;
                while (end < lines.length && !lines[end].equals("==================")) {
                    end++;
                }
                Report r = report(lines, i, end);
                all.add(r);
                if (current != null) {
                    byCase.get(current).add(r);
                }
                i = end;
            }
        }
        return new Result(exit, stdout, stderr, byCase, failures, all);
    }

    private static Report report(String[] lines, int from, int to) {
        String kind = null;
        String line = null;
        String prevKind = null;
        String prevLine = null;
        for (int i = from; i < to; i++) {
            Matcher a = ACCESS.matcher(lines[i]);
            Matcher p = PREVIOUS.matcher(lines[i]);
            if (a.matches()) {
                kind = a.group(1);
                line = firstFileLine(lines, i + 1, to);
            } else if (p.matches()) {
                prevKind = p.group(1);
                prevLine = firstFileLine(lines, i + 1, to);
            }
        }
        return new Report(kind, line, prevKind, prevLine, String.join("\n", List.of(lines).subList(from - 1, to + 1)));
    }

    private static String firstFileLine(String[] lines, int from, int to) {
        for (int i = from; i < to && !lines[i].isEmpty(); i++) {
            Matcher m = FILE_LINE.matcher(lines[i]);
            if (m.matches()) {
                return m.group(1);
            }
        }
        return null;
    }
}
