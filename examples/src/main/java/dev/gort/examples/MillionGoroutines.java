package dev.gort.examples;

import dev.gort.Go;
import dev.gort.SchedulerStats;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * M:N scheduling: a million goroutines on GOMAXPROCS carrier threads. Prints GOMAXPROCS, the carriers
 * that ran goroutines, how many goroutines were stolen between Ps, and the time taken.
 */
public final class MillionGoroutines implements Example {
    static final int N = 1_000_000;

    @Override
    public String name() {
        return "million";
    }

    @Override
    public String title() {
        return "M:N scheduling: a million goroutines on GOMAXPROCS carriers";
    }

    @Override
    public void run(PrintStream out) throws InterruptedException {
        SchedulerStats before = Go.stats();
        CountDownLatch done = new CountDownLatch(N);
        LongAdder sum = new LongAdder();
        long start = System.nanoTime();
        // Spawned from a goroutine, as in Go: each new goroutine lands in the spawner's P and idle
        // Ps steal half of that queue at a time.
        Go.go("spawner", () -> {
            for (int i = 0; i < N; i++) {
                int k = i;
                Go.go(() -> {
                    sum.add(k);
                    done.countDown();
                });
            }
        });
        done.await();
        long elapsed = System.nanoTime() - start;
        SchedulerStats after = Go.stats();
        long expected = (long) N * (N - 1) / 2;
        out.printf("goroutines started and joined: %,d (sum %s)%n", N, sum.sum() == expected ? "correct" : "WRONG");
        out.printf("scheduler: %s, GOMAXPROCS=%d%n", after.gmp() ? "gort G-M-P" : "JDK fallback", after.maxProcs());
        out.printf("carrier threads used: %d of %d created%n", after.carriersUsed(), after.threads());
        out.printf("goroutines stolen between Ps: %,d%n", after.steals() - before.steals());
        for (int i = 0; i < after.procs().size(); i++) {
            long runs = after.procs().get(i).runs() - (i < before.procs().size() ? before.procs().get(i).runs() : 0);
            out.printf("  P%d ran %,d goroutines%n", i, runs);
        }
        out.printf("time: %d ms (%d ns per goroutine)%n", elapsed / 1_000_000, elapsed / N);
    }
}
