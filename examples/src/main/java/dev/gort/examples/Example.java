package dev.gort.examples;

import java.io.PrintStream;

/** One runnable idea of the tour. Prints to the given stream so a test can check what it shows. */
public interface Example {
    /**
     * The example's short name.
     *
     * @return the name used on the command line ({@code ./gortw demo NAME}): lower-case letters
     */
    String name();

    /**
     * What the example shows.
     *
     * @return one line, printed above the example's output
     */
    String title();

    /**
     * Runs the example, printing what it shows to {@code out}.
     *
     * @param out where the example prints
     * @throws Exception whatever the example's code throws (the examples' own failures, never expected)
     */
    void run(PrintStream out) throws Exception;
}
