package dev.gort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * target/gort-app.jar (the shade plugin's, at package) started in a child JVM with no JVM flag:
 * with {@code java -jar} its manifest's {@code Add-Opens: java.base/java.lang} turns the G-M-P
 * scheduler on; with {@code java -cp} the manifest is not read, and gort falls back to the JDK's
 * scheduler with one warning and works the same.
 */
class ExecutableJarIT {
    static final Path JAR = Path.of("target", "gort-app.jar");
    static final List<String> SAME_EITHER_WAY = List.of("sum=5050", "submit=42", "supplyAsync=ok", "flow=abc",
            "scope=interrupted at the deadline");

    record Result(String stdout, String stderr, int exit) {}

    /** Runs the JDK's java with {@code args}, no JVM option from the environment; both streams read as it runs. */
    static Result java(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application did not finish");
        return new Result(out.join(), err.join(), p.exitValue());
    }

    static String drain(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theManifestOpensJavaLangSoJavaJarNeedsNoFlag() throws Exception {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("java.base/java.lang", jar.getManifest().getMainAttributes().getValue("Add-Opens"));
        }
        Result r = java("-jar", JAR.toString());
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertTrue(lines.contains("gmp=true"), r.stdout());
        assertTrue(lines.containsAll(SAME_EITHER_WAY), r.stdout());
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("WARN") || l.contains("ERROR")), r.stderr());
    }

    @Test
    void withoutTheOpensGortFallsBackWithOneWarningAndEverythingWorks() throws Exception {
        Result r = java("-cp", JAR.toString(), AppMain.class.getName());
        assertEquals(0, r.exit(), r.stderr());
        List<String> lines = r.stdout().lines().toList();
        assertTrue(lines.contains("gmp=false"), r.stdout());
        assertTrue(lines.containsAll(SAME_EITHER_WAY), r.stdout());
        long warnings = r.stderr().lines().filter(l -> l.contains("WARN dev.gort")).count();
        assertEquals(1, warnings, r.stderr());
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("ERROR")), r.stderr());
        assertTrue(r.stderr().contains("Add-Opens: java.base/java.lang"), "the warning names the manifest way:\n" + r.stderr());
    }
}
