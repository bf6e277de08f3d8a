package dev.gort.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a tool: Go's report layout, goroutine ids, each pair of lines reported once, the
 * exit status rules (66 when the program would exit with 0; kept otherwise), and its options.
 * Each test runs {@code testdata.Programs} in a child JVM.
 */
class AgentBehaviourTest {
    private static final String MAIN = "dev.gort.race.testdata.Programs";
    private static final String ONLY = "only=dev.gort.race.testdata";

    private static AgentRun.Result run(String options, String program) throws Exception {
        return AgentRun.run(options, List.of(), MAIN, program);
    }

    @Test
    void reportHasGoLayoutWithThreadIdsAndBothStacks() throws Exception {
        AgentRun.Result r = run(ONLY, "racy");
        Matcher ids = Pattern.compile("main (\\d+)\nchild (\\d+)").matcher(r.stdout());
        assertTrue(ids.find(), r.stdout());
        String main = ids.group(1);
        String child = ids.group(2);
        String file = "dev/gort/race/testdata/Programs.java";
        List<String> lines = r.stderr().lines().toList();
        int start = lines.indexOf("==================");
        assertTrue(start >= 0, r.stderr());
        List<String> report = lines.subList(start, lines.lastIndexOf("==================") + 1);
        assertEquals("WARNING: DATA RACE", report.get(1));
        // The later access's stack (write, then its caller), then the earlier one's, each two lines a frame.
        assertTrue(report.get(2).matches("Write at dev\\.gort\\.race\\.testdata\\.Programs\\$Cell\\.value of "
                + "dev\\.gort\\.race\\.testdata\\.Programs\\$Cell@[0-9a-f]+ by goroutine (" + main + "|" + child + "):"),
                report.get(2));
        assertEquals("  dev.gort.race.testdata.Programs.write()", report.get(3));
        assertEquals("      " + file + ":" + lineOf("c.value = v;"), report.get(4));
        boolean mainIsLater = report.get(2).endsWith("goroutine " + main + ":");
        String later = mainIsLater ? main : child;
        String earlier = mainIsLater ? child : main;
        int prev = report.indexOf("Previous write at " + report.get(2).substring(9, report.get(2).indexOf(" by "))
                + " by goroutine " + earlier + ":");
        assertTrue(prev > 0, String.join("\n", report));
        assertEquals("  dev.gort.race.testdata.Programs.write()", report.get(prev + 1));
        assertEquals("      " + file + ":" + lineOf("c.value = v;"), report.get(prev + 2));
        String callerLine = file + ":" + lineOf(mainIsLater ? "        write(c, 2);" : "write(c, 1));");
        assertEquals("      " + callerLine, report.get(6), String.join("\n", report));
        // The started thread's creation site; main has none (like Go's main goroutine). When main
        // made the later access, the child may or may not have ended by then.
        int created = report.indexOf("Goroutine " + child + " (running) created at:");
        if (created < 0 && mainIsLater) {
            created = report.indexOf("Goroutine " + child + " (finished) created at:");
        }
        assertTrue(created > 0, String.join("\n", report));
        assertEquals("  dev.gort.race.testdata.Programs.racy()", report.get(created + 1));
        assertEquals("      " + file + ":" + lineOf("t.start();"), report.get(created + 2));
        assertFalse(report.contains("Goroutine " + later + " (running) created at:") && later.equals(main));
        assertEquals(1, r.found());
        assertEquals(66, r.exitCode());
    }

    private static int lineOf(String text) throws Exception {
        List<String> src = Files.readAllLines(Path.of("src/test/java/dev/gort/race/testdata/Programs.java"));
        for (int i = 0; i < src.size(); i++) {
            if (src.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalStateException(text);
    }

    @Test
    void cleanProgramKeepsStatusZeroAndPrintsNothing() throws Exception {
        AgentRun.Result r = run(ONLY, "clean");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("", r.stderr());
    }

    @Test
    void samePairOfLinesIsReportedOnce() throws Exception {
        AgentRun.Result r = run(ONLY, "loop");
        assertEquals(1, r.all().size(), r.stderr());
        assertEquals(1, r.found());
    }

    @Test
    void exitStatusFollowsGo() throws Exception {
        assertEquals(66, run(ONLY, "exit0").exitCode(), "System.exit(0) with races");
        assertEquals(5, run(ONLY, "exit5").exitCode(), "System.exit(5) is kept");
        AgentRun.Result thrown = run(ONLY, "throws");
        assertEquals(1, thrown.exitCode(), "main's exception gives the launcher's 1");
        assertTrue(thrown.stderr().contains("main fails on purpose"), thrown.stderr());
        assertEquals(1, thrown.found());
        assertEquals(3, run(ONLY + ",exitcode=3", "racy").exitCode());
        assertEquals(0, run(ONLY + ",keepstatus", "racy").exitCode());
    }

    @Test
    void summaryComesAfterTheApplicationsShutdownHooks() throws Exception {
        AgentRun.Result r = run(ONLY, "hook");
        int hook = r.stderr().indexOf("application hook ran");
        int summary = r.stderr().indexOf("Found 1 data race(s)");
        assertTrue(hook >= 0 && summary > hook, r.stderr());
        assertEquals(66, r.exitCode());
    }

    @Test
    void haltOnErrorStopsAtTheFirstReport() throws Exception {
        AgentRun.Result r = run(ONLY + ",halt_on_error=1", "halt");
        assertEquals(66, r.exitCode());
        assertEquals(1, r.all().size(), r.stderr());
        assertFalse(r.stdout().contains("still running"), r.stdout());
    }

    @Test
    void sigtermEndsTheJvmWithTheSummary(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr");
        Process p = AgentRun.start(stderr, ONLY, List.of(), MAIN, "spin");
        try {
            java.io.BufferedReader out = new java.io.BufferedReader(
                    new java.io.InputStreamReader(p.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("ready")) {
                // the thread ids
            }
            assertEquals("ready", line, "the program ended before its race");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the JVM outlived SIGTERM by a minute");
            assertEquals(143, p.exitValue(), "SIGTERM's status is kept");
            String err = Files.readString(stderr);
            assertTrue(err.contains("Found 1 data race(s)"), err);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void blockedStandardErrorCannotKeepTheJvmAlive() throws Exception {
        // Nobody reads the child's standard error: its pipe fills, and the summary cannot be written.
        Process p = AgentRun.start(null, ONLY, List.of(), MAIN, "flood");
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the exit check hung on a full standard error");
            assertEquals(66, p.exitValue(), "the status decided before printing");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void exhaustedHeapEndsTheRun() throws Exception {
        // The serial collector keeps the full heap and the waiting thread as they are; with G1 the
        // JVM's own allocation failures often end such a run first, by luck.
        Process p = AgentRun.start(null, ONLY, List.of("-Xmx48m", "-XX:+UseSerialGC"), MAIN, "oom");
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "a JVM with a full heap kept waiting");
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(out.startsWith("filling"), out + err);
            assertTrue(err.contains("gort race detector: out of memory"), err);
            assertEquals(1, p.exitValue(), err);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void excludedPackagesAreNotInstrumented() throws Exception {
        AgentRun.Result r = run(ONLY + ",exclude=dev.gort.race.testdata.Programs", "racy");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.all().isEmpty(), r.stderr());
        // dev.gort is excluded by default; include takes it back, the longest prefix deciding.
        AgentRun.Result back = run("include=dev.gort.race.testdata", "racy");
        assertEquals(1, back.all().size(), back.stderr());
    }

    @Test
    void includeFromInstrumentsAClassPathEntryWhateverThePackage() throws Exception {
        // A project's tests live in the packages of the code they test, which is excluded (gort's own).
        String testClasses = System.getProperty("gort.race.testClasses");
        AgentRun.Result r = run("exclude=dev.gort.race.testdata,include_from=" + testClasses, "racy");
        assertEquals(1, r.all().size(), r.stderr());
        AgentRun.Result elsewhere = run("exclude=dev.gort.race.testdata,include_from=" + testClasses + "-not", "racy");
        assertTrue(elsewhere.all().isEmpty(), elsewhere.stderr());
    }

    @Test
    void logPathWritesReportsToAFile(@TempDir Path dir) throws Exception {
        AgentRun.Result r = run(ONLY + ",log_path=" + dir.resolve("race"), "racy");
        assertEquals(66, r.exitCode());
        assertFalse(r.stderr().contains("WARNING: DATA RACE"), r.stderr());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> logs = files.toList();
            assertEquals(1, logs.size());
            assertTrue(logs.get(0).getFileName().toString().matches("race\\.\\d+"), logs.toString());
            String log = Files.readString(logs.get(0));
            assertTrue(log.contains("WARNING: DATA RACE") && log.contains("Found 1 data race(s)"), log);
        }
    }

    @Test
    void badOptionStopsTheJvmWithAMessage() throws Exception {
        AgentRun.Result r = run("readers=1", "clean");
        assertEquals(2, r.exitCode());
        assertTrue(r.stderr().contains("option 'readers' in -javaagent must be an integer from 2 to 64, not '1'"),
                r.stderr());
        AgentRun.Result unknown = run("colour=blue", "clean");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.stderr().contains("unknown option 'colour'"), unknown.stderr());
    }
}
