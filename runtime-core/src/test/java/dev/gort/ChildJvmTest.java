package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Behaviour that depends on how the JVM was started: the add-opens flag, GOMAXPROCS from outside. */
class ChildJvmTest {
    record Result(String stdout, String stderr, int exit) {}

    static Result run(List<String> jvmArgs, Map<String, String> env) throws IOException, InterruptedException {
        return run(jvmArgs, env, List.of());
    }

    static Result run(List<String> jvmArgs, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildJvmMain.class.getName());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("GOMAXPROCS");
        pb.environment().putAll(env);
        Path out = Files.createTempFile("gort-child", ".out");
        Path err = Files.createTempFile("gort-child", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        Result r = new Result(Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8), p.exitValue());
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /**
     * Runs {@code ChildJvmMain mode} (none: the default program) with the add-opens flag, GOMAXPROCS 2
     * and {@code jvmArgs}, and checks that it exited normally.
     */
    static Result runGmp(String mode, String... jvmArgs) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-DGOMAXPROCS=2"));
        args.addAll(List.of(jvmArgs));
        Result r = run(args, Map.of(), mode == null ? List.of() : List.of(mode));
        assertEquals(0, r.exit(), r.stderr());
        return r;
    }

    @Test
    void withoutAddOpensGoroutinesRunOnTheJdkSchedulerAfterOneWarning() throws Exception {
        Result r = run(List.of("-DGOMAXPROCS=2"), Map.of());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("gmp=false"), r.stdout());
        assertTrue(r.stdout().contains("ran=10000"), r.stdout());
        assertTrue(r.stdout().contains("virtual=10000"), r.stdout());
        long warnings = r.stderr().lines().filter(l -> l.contains("WARN dev.gort")).count();
        assertEquals(1, warnings, "exactly one warning expected:\n" + r.stderr());
        assertTrue(r.stderr().contains("--add-opens java.base/java.lang=ALL-UNNAMED"), r.stderr());
    }

    /**
     * With {@code gort.timers.shards=4} on any machine: 4,000 sleepers wake, none early; a
     * thread cancels nodes that other threads added to other shards, and exactly the rest fire; the
     * pending count sums the shards and ends at zero, and each shard drops its canceled nodes.
     */
    @Test
    void timersOnFourShardsFireOnceAndCancelAcrossShards() throws Exception {
        String out = runGmp("sharded-timers", "-Dgort.timers.shards=4").stdout();
        assertTrue(out.contains("shards=4\n"), out);
        assertTrue(out.contains("slept=4000\n"), out);
        assertTrue(out.contains("early=0\n"), out);
        assertTrue(out.contains("canceled=4000\n"), out);
        assertTrue(out.contains("pendingAfterCancel=4000\n"), out);
        assertTrue(out.contains("fired=4000\n"), out);
        assertTrue(out.contains("pendingAtEnd=0\n"), out);
        // Every shard purged the nodes canceled in it, but for fewer than 64 (PURGE_MIN) each; a
        // cancel accounted to the canceling thread's shard leaves hundreds.
        int held = Integer.parseInt(out.replaceAll("(?s).*heldAtEnd=(\\d+)\n.*", "$1"));
        assertTrue(held < 4 * 64, out);
        assertTrue(out.contains("timerThreads=4\n"), out);
    }

    @Test
    void aTimerShardCountThatIsNotAPowerOfTwoIsNamedInTheError() throws Exception {
        Result r = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-DGOMAXPROCS=2",
                "-Dgort.timers.shards=3"), Map.of(), List.of("sharded-timers"));
        assertTrue(r.exit() != 0, r.stdout());
        assertTrue(r.stderr().contains("gort.timers.shards=\"3\" is not a power of two from 1 to 64"), r.stderr());
    }

    @Test
    void withAddOpensTheGmpSchedulerRunsSilently() throws Exception {
        Result r = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-DGOMAXPROCS=3"), Map.of());
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("gmp=true"), r.stdout());
        assertTrue(r.stdout().contains("maxprocs=3"), r.stdout());
        assertTrue(r.stdout().contains("ran=10000"), r.stdout());
        assertTrue(r.stdout().contains("virtual=10000"), r.stdout());
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("WARN dev.gort") || l.contains("ERROR dev.gort")), r.stderr());
    }

    @Test
    void slf4jStartsOnlyWhenTheRuntimeHasSomethingToLog() throws Exception {
        // SLF4J's start-up (finding a provider; without one, a warning on stderr) cost 10-17 ms of
        // the first goroutine's 40 ms: goroutines that run without incident must not start it. The
        // fallback mode's warning does, once, because it logs.
        Result quiet = runGmp(null, "-Xlog:class+load=info:stdout");
        assertTrue(quiet.stdout().contains("ran=10000"), quiet.stdout());
        assertTrue(quiet.stdout().lines().noneMatch(l -> l.contains(" org.slf4j.LoggerFactory ")),
                "SLF4J started although gort logged nothing");
        Result warned = run(List.of("-DGOMAXPROCS=2", "-Xlog:class+load=info:stdout"), Map.of());
        assertEquals(0, warned.exit(), warned.stderr());
        assertTrue(warned.stdout().lines().anyMatch(l -> l.contains(" org.slf4j.LoggerFactory ")), warned.stdout());
        assertTrue(warned.stderr().contains("WARN dev.gort.internal.GoRuntime"), warned.stderr());
    }

    @Test
    void gomaxprocsFromTheEnvironment() throws Exception {
        Result ok = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"), Map.of("GOMAXPROCS", "5"));
        assertTrue(ok.stdout().contains("maxprocs=5"), ok.stdout());
        Result bad = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"), Map.of("GOMAXPROCS", "abc"));
        assertTrue(bad.stdout().contains(
                "error=GOMAXPROCS=\"abc\" (from environment variable GOMAXPROCS) is not a positive integer"), bad.stdout());
        Result zero = run(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-DGOMAXPROCS=0"), Map.of());
        assertTrue(zero.stdout().contains("error=GOMAXPROCS=\"0\" (from system property GOMAXPROCS) is out of range"), zero.stdout());
    }

    @Test
    void theMBeanIsRegisteredOnceJmxIsUsedAndGortNeverCreatesTheServer() throws Exception {
        // Creating the platform MBean server costs 130-150 ms of CPU: a program that never uses JMX
        // must not pay it; one that does gets the scheduler MBean within about a second.
        for (List<String> mode : List.of(List.<String>of(), List.of("-DGOMAXPROCS=2", "--add-opens", "java.base/java.lang=ALL-UNNAMED"))) {
            Result r = run(mode, Map.of(), List.of("jmx-after-start"));
            assertEquals(0, r.exit(), r.stderr());
            assertTrue(r.stdout().contains("servers before: 0"), mode + ": " + r.stdout());
            assertTrue(r.stdout().matches("(?s).*registered=true goroutines=\\d+\n.*"), mode + ": " + r.stdout());
        }
    }

    @Test
    void jfrEventClassesLoadOnlyOnceTheFlightRecorderStartsAndThenRecord() throws Exception {
        // Loading a JFR event class costs 60-90 ms while the recorder is down: a program that never
        // records must not pay it for its first goroutine; one that starts recording later must
        // still get every event from then on.
        String out = runGmp("jfr-after-start", "-Xlog:class+load=info:stdout").stdout();
        assertTrue(out.contains("before: jfrInitialized=false recorderUp=false"), out);
        int recordingStarts = out.indexOf("recording starts");
        int startEventLoaded = out.indexOf("dev.gort.internal.jfr.GoroutineStartEvent ");
        assertTrue(recordingStarts > 0, out);
        assertTrue(startEventLoaded > recordingStarts, "event class loaded before any recording: " + startEventLoaded);
        assertTrue(out.contains("GoroutineStart=10"), out);
        assertTrue(out.contains("GoroutineEnd=10"), out);
        // A sleep whose timer fires before the goroutine has parked never blocks, and commits no
        // event: most of the ten 20 ms sleeps block, not necessarily all.
        int blocks = Integer.parseInt(out.lines().filter(l -> l.startsWith("GoroutineBlock="))
                .findFirst().orElseThrow().substring("GoroutineBlock=".length()));
        assertTrue(blocks >= 1 && blocks <= 10, out);
        assertTrue(out.contains("after: recorderUp=true"), out);
    }

    @Test
    void theRuntimeNeverKeepsTheJvmAlive() throws Exception {
        // the lifecycle answer (README, "Lifecycle"): carriers and sysmon are daemon threads
        Result r = runGmp("return-with-goroutines-alive");
        assertTrue(r.stdout().contains("goroutines=1002"), r.stdout());
        assertTrue(r.stdout().contains("main returns"), r.stdout());
    }
}
