package dev.gort.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go.dumpGoroutines() names every wait with Go's wait reason, from gort's own goroutine registry: in
 * the G-M-P mode (this JVM) and in the fallback mode (a child JVM without the scheduler's flag).
 */
@Timeout(120)
class GoroutineDumpTest {
    @Test
    void everyWaitReasonInGmpMode() throws Exception {
        assertTrue(Go.gmpScheduler());
        try (WaitReasons w = new WaitReasons()) {
            String dump = w.dumpWhenAllParked();
            for (String header : w.expectedHeaders()) {
                assertTrue(dump.contains(header), () -> "missing \"" + header + "\" in:\n" + dump);
            }
            // The first frame shown is gort's API or the caller, not the park machinery (Go hides gopark).
            assertTrue(dump.contains("\tdev.gort.chan.Chan.recv"), dump);
            assertTrue(!dump.contains("\tdev.gort.internal.park."), dump);
            assertTrue(!dump.contains("\tjava.util.concurrent.locks.LockSupport"), dump);
        }
    }

    @Test
    void everyWaitReasonInFallbackMode() throws Exception {
        List<String> out = runChild(WaitReasons.class.getName());
        int sep = out.indexOf("----");
        assertTrue(sep > 0, () -> String.join("\n", out));
        assertEquals("gmp=false", out.get(0));
        List<String> headers = out.subList(1, sep);
        String dump = String.join("\n", out.subList(sep + 1, out.size()));
        assertEquals(13, headers.size(), dump);
        for (String header : headers) {
            assertTrue(dump.contains(header), () -> "missing \"" + header + "\" in:\n" + dump);
        }
    }

    /** Runs {@code main} in a JVM without --add-opens (gort's fallback mode); returns its stdout lines. */
    static List<String> runChild(String main, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-ea");
        cmd.addAll(List.of(jvmArgs));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main);
        Path out = Files.createTempFile("gort-child", ".out");
        Path err = Files.createTempFile("gort-child", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "child JVM did not finish");
            assertEquals(0, p.exitValue(), () -> readQuietly(err));
            return Files.readAllLines(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String readQuietly(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
