package dev.gort.examples;

import dev.gort.Go;

/** Test helper: checks that an example left no goroutine running. */
final class Goroutines {
    private Goroutines() {}

    /**
     * Waits (up to 5 s) until no more than {@code n} goroutines are alive. A goroutine that has
     * signalled its last WaitGroup or channel may still be returning, hence the wait.
     */
    static void awaitAtMost(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (Go.numGoroutine() > n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("goroutines leaked: " + Go.numGoroutine() + " alive, expected at most " + n);
            }
            Thread.sleep(1);
        }
    }
}
