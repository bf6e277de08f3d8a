package dev.gort.internal;

import java.util.function.UnaryOperator;

/** Where GOMAXPROCS comes from at start-up, and what a valid value is. */
final class Gomaxprocs {
    public static final String NAME = "GOMAXPROCS";

    private Gomaxprocs() {}

    /** System property {@code GOMAXPROCS}, else environment variable {@code GOMAXPROCS}, else {@code cores}. */
    public static int fromEnvironment() {
        return resolve(System::getProperty, System::getenv, java.lang.Runtime.getRuntime().availableProcessors());
    }

    /** {@link #fromEnvironment()} with its sources given, for tests. */
    public static int resolve(UnaryOperator<String> systemProperties, UnaryOperator<String> environment, int cores) {
        String value = systemProperties.apply(NAME);
        if (value != null) {
            return parse(value, "system property " + NAME);
        }
        value = environment.apply(NAME);
        if (value != null) {
            return parse(value, "environment variable " + NAME);
        }
        return Math.max(1, Math.min(cores, Scheduler.MAX_PROCS));
    }

    /** Parses a GOMAXPROCS value; a bad one fails with a message naming the value and its source. */
    public static int parse(String value, String source) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NAME + "=\"" + value + "\" (from " + source
                    + ") is not a positive integer", e);
        }
        if (n < 1 || n > Scheduler.MAX_PROCS) {
            throw new IllegalArgumentException(NAME + "=\"" + value + "\" (from " + source
                    + ") is out of range: must be between 1 and " + Scheduler.MAX_PROCS);
        }
        return n;
    }
}
