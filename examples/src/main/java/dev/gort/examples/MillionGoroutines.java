package dev.gort.examples;

import dev.gort.Go;
import dev.gort.SchedulerStats;
import dev.gort.chan.Chan;
import dev.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * M:N scheduling: a million goroutines on GOMAXPROCS carrier threads. Prints GOMAXPROCS, the carriers
 * that ran goroutines, how many goroutines were stolen between Ps, and the time taken; then parks
 * {@value #PARKED} goroutines on one channel and prints what each costs in heap.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * var wg sync.WaitGroup
 * for i := 0; i < 1_000_000; i++ {
 *     wg.Add(1)
 *     go func() { defer wg.Done(); sum.Add(int64(i)) }()
 * }
 * wg.Wait()
 *
 * gate := make(chan struct{})
 * for i := 0; i < 100_000; i++ {
 *     go func() { <-gate }()           // parked: a few hundred bytes each, no thread
 * }
 * runtime.GC(); runtime.ReadMemStats(&m) // the heap grew by about 100,000 x (bytes per goroutine)
 * close(gate)                           // wakes all of them
 * }</pre>
 *
 * <p>M goroutines run on N carriers (N = GOMAXPROCS, plus spares for stuck ones): a goroutine that
 * blocks parks and gives its carrier to the next one, so a parked goroutine costs memory (its
 * virtual thread, its stack chunk, the channel's waiter record) and no thread.
 */
public final class MillionGoroutines implements Example {
    /** The example; {@link #run} runs it. */
    public MillionGoroutines() {}

    static final int N = 1_000_000;
    /** Goroutines parked at once to measure memory per goroutine. */
    static final int PARKED = 100_000;

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
        out.printf("sysmon handoffs (a carrier stuck 10 ms, its P given to a spare): %d%n",
                after.handoffs() - before.handoffs());
        for (int i = 0; i < after.procs().size(); i++) {
            long runs = after.procs().get(i).runs() - (i < before.procs().size() ? before.procs().get(i).runs() : 0);
            out.printf("  P%d ran %,d goroutines%n", i, runs);
        }
        out.printf("time: %d ms (%d ns per goroutine)%n", elapsed / 1_000_000, elapsed / N);
        parked(out);
    }

    /** Parks {@link #PARKED} goroutines on one channel and measures the heap they hold. */
    static void parked(PrintStream out) throws InterruptedException {
        long heapBefore = usedHeapAfterGc();
        Chan<Void> gate = Chan.make();
        CountDownLatch started = new CountDownLatch(PARKED);
        WaitGroup woke = new WaitGroup();
        Go.go("spawner", () -> {
            for (int i = 0; i < PARKED; i++) {
                woke.go(() -> {
                    started.countDown();
                    gate.recv(); // parks until close
                });
            }
        });
        started.await();
        int alive = Go.numGoroutine(); // runtime.NumGoroutine(): the 100,000 and any others still alive
        long heapParked = usedHeapAfterGc();
        gate.close();
        woke.await();
        long perGoroutine = (heapParked - heapBefore) / PARKED;
        out.printf("parked on one channel: %,d goroutines (Go.numGoroutine(): %,d)%n", PARKED, alive);
        out.printf("heap per parked goroutine: about %,d bytes, no thread (a parked Go goroutine: about 2,700 bytes)%n",
                perGoroutine);
        out.printf("all %,d woke on close(gate) and returned%n", PARKED);
    }

    /** Heap in use after a full collection (System.gc() is a full GC on the JDK's collectors by default). */
    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 2; i++) { // a second pass collects what the first one's finalization freed
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
