package dev.gort.stress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.openjdk.jcstress.JCStress;
import org.openjdk.jcstress.Options;

/**
 * Runs jcstress like its own {@code Main}, then exits non-zero when any test failed or errored, so a
 * build (CI) fails on a forbidden outcome. jcstress 0.16's {@code Main} exits 0 whatever the results;
 * this wrapper reads its summary ("Failed tests: No matches.") to decide.
 */
public final class StressMain {
    private StressMain() {}

    public static void main(String[] args) throws Exception {
        Options opts = new Options(args);
        if (!opts.parse()) {
            System.exit(1);
        }
        PrintStream original = System.out;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
        try {
            new JCStress(opts).run();
        } finally {
            System.out.flush();
            System.setOut(original);
        }
        String out = copy.toString(StandardCharsets.UTF_8);
        boolean failed = !section(out, "Failed tests:").startsWith("No matches")
                || !section(out, "Error tests:").startsWith("No matches");
        boolean ranNothing = !out.contains("RUN RESULTS:");
        if (failed || ranNothing) {
            original.println(ranNothing ? "jcstress: no results (no tests matched?)" : "jcstress: FORBIDDEN outcomes or errors above");
            System.exit(1);
        }
        original.println("jcstress: all tests passed");
        System.exit(0);
    }

    private static String section(String out, String header) {
        int i = out.lastIndexOf(header);
        return i < 0 ? "" : out.substring(i + header.length()).strip();
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
