package dev.gort.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import javax.tools.JavaCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * gort on the module path: a tiny consumer module is compiled against the runtime modules and run,
 * with the scheduler's flag aimed at the module ({@code --add-opens java.base/java.lang=dev.gort});
 * a consumer that imports one of gort's internal packages does not compile; and jdeps shows that
 * runtime-core depends on nothing of channels, sync or context.
 */
@Timeout(120)
class ModulePathTest {
    /** The runtime modules and their dependencies, as found on this test's class path. */
    static String modulePath;
    static String coreJar;

    @BeforeAll
    static void findModules() {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> wanted = List.of("runtime-core", "runtime-channels", "runtime-sync", "runtime-context",
                "slf4j-api");
        List<String> mp = new ArrayList<>();
        for (String w : wanted) {
            // runtime-core's test-jar (the shared test helper) is on the class path too: not a module.
            String e = entries.stream()
                    .filter(x -> x.contains(w) && !x.endsWith("-tests.jar") && !x.endsWith("test-classes"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(w + " not on the class path: " + entries));
            mp.add(e);
            if (w.equals("runtime-core")) {
                coreJar = e;
            }
        }
        modulePath = String.join(File.pathSeparator, mp);
    }

    private static final String MODULE_INFO = """
            module demo.consumer {
                requires dev.gort.context;
            }
            """;

    private static final String MAIN = """
            package demo;

            import static dev.gort.chan.Select.recv;
            import static dev.gort.chan.Select.select;

            import dev.gort.Go;
            import dev.gort.chan.Chan;
            import dev.gort.context.Context;
            import dev.gort.sync.WaitGroup;
            import java.time.Duration;

            public final class Main {
                public static void main(String[] args) {
                    Chan<Integer> squares = Chan.make(10);
                    WaitGroup wg = new WaitGroup();
                    for (int i = 0; i < 10; i++) {
                        int n = i;
                        wg.go(() -> squares.send(n * n));
                    }
                    wg.await();
                    squares.close();
                    int sum = 0;
                    for (int v : squares) sum += v;
                    var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10));
                    select(recv(ctx.done()));
                    System.out.println("sum=" + sum + " gmp=" + Go.gmpScheduler() + " err=" + ctx.err().getMessage());
                }
            }
            """;

    private static final String INTERNAL_USE = """
            package demo;

            public final class Sneaky {
                static final Class<?> PARK = dev.gort.internal.park.Park.class;
            }
            """;

    private static String compile(Path src, Path out, String... files) throws IOException {
        JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        // An explicit, empty class path: in-process javac would otherwise default to this JVM's.
        List<String> args = new ArrayList<>(List.of("--release", "21", "--module-path", modulePath,
                "--class-path", out.toString(), "-d", out.toString()));
        for (String f : files) {
            args.add(src.resolve(f).toString());
        }
        java.io.ByteArrayOutputStream diagnostics = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, args.toArray(String[]::new));
        return rc == 0 ? "" : diagnostics.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aConsumerModuleCompilesAndRunsOnTheModulePath(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("demo/Main.java"), MAIN);
        Path out = dir.resolve("out");
        assertEquals("", compile(src, out, "module-info.java", "demo/Main.java"));

        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-opens", "java.base/java.lang=dev.gort",
                "--module-path", out + File.pathSeparator + modulePath,
                "-m", "demo.consumer/demo.Main");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        // gmp=true: the add-opens aimed at the module let the scheduler start (no fallback).
        assertTrue(output.contains("sum=285 gmp=true err=context deadline exceeded"), output);
    }

    @Test
    void gortsInternalPackagesAreNotVisibleToAConsumer(@TempDir Path dir) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("demo"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("demo/Sneaky.java"), INTERNAL_USE);
        String errors = compile(src, dir.resolve("out"), "module-info.java", "demo/Sneaky.java");
        assertTrue(errors.contains("package dev.gort.internal.park is not visible"), errors);
        assertTrue(errors.contains("does not export it to module demo.consumer"), errors);
    }

    @Test
    void runtimeCoreDependsOnNoUpperModule() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "--multi-release", "21", "--module-path", modulePath, "-s", coreJar);
        String report = out.toString();
        assertEquals(0, rc, report);
        assertTrue(report.contains("dev.gort -> org.slf4j"), report);
        for (String upper : List.of("dev.gort.chan", "dev.gort.sync", "dev.gort.context")) {
            assertFalse(report.lines().anyMatch(l -> l.contains("-> " + upper)), report);
        }
    }
}
