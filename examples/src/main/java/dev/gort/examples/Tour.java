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
            new ConcurrencyVsParallelism(),
            new BeginnerTrap(),
            new MillionGoroutines(),
            new Channels(),
            new CloseAndRange(),
            new SelectDemo(),
            new RaceCondition(),
            new ContextDemo(),
            new WorkerPool(),
            new Pipeline(),
            new FanOutFanIn(),
            new ProducerConsumer(),
            new HttpFanOut());

    private Tour() {}

    /**
     * Runs every example, or the one named by {@code args[0]}; an unknown name lists the names and
     * exits with status 2.
     *
     * @param args nothing, {@code all}, or one example's {@link Example#name() name}
     * @throws Exception whatever an example throws
     */
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
