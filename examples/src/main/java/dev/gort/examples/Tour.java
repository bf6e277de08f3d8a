package dev.gort.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the examples: {@code ./gortw demo} runs them all in order, {@code ./gortw demo NAME} one of them.
 */
public final class Tour {
    /** Every example, in tour order. */
    public static final List<Example> EXAMPLES = List.of(
            new MillionGoroutines());

    private Tour() {}

    public static void main(String[] args) throws Exception {
        String which = args.length > 0 ? args[0] : "all";
        PrintStream out = System.out;
        Map<String, Example> byName = new LinkedHashMap<>();
        for (Example e : EXAMPLES) {
            byName.put(e.name(), e);
        }
        if (!which.equals("all") && !byName.containsKey(which)) {
            System.err.println("no example named '" + which + "'; choose one of: all " + String.join(" ", byName.keySet()));
            System.exit(2);
        }
        for (Example e : EXAMPLES) {
            if (which.equals("all") || which.equals(e.name())) {
                out.println("=== " + e.name() + ": " + e.title());
                e.run(out);
                out.println();
            }
        }
    }
}
