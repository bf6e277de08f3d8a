package dev.gort.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs an example and returns what it printed. */
final class Capture {
    private Capture() {}

    static String run(Example example) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            example.run(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The one line of {@code out} that starts with {@code prefix}; fails if there is none. */
    static String line(String out, String prefix) {
        for (String l : out.split("\\R")) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in:\n" + out);
    }

    /** A number printed with grouping commas, e.g. "1,000,000". */
    static long number(String s) {
        return Long.parseLong(s.replace(",", ""));
    }
}
