package dev.gort.examples;

import java.io.PrintStream;

/** One runnable idea of the tour. Prints to the given stream so a test can check what it shows. */
public interface Example {
    /** Short name used on the command line ({@code ./gortw demo NAME}). */
    String name();

    /** One line: what the example shows. */
    String title();

    void run(PrintStream out) throws Exception;
}
