package dev.gort.examples;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A data race made visible, then fixed four ways. {@value #GOROUTINES} goroutines, released together,
 * each add 1 to a shared counter {@value #RACY_INCREMENTS} times, with GOMAXPROCS at least 2 so they
 * truly run at the same time. {@code counter++} on a plain field is a read, an add and a write: two
 * goroutines that read the same value both write value + 1, and one increment is lost. How many are
 * lost varies from run to run (even none, on a machine too loaded to run two carriers at once); that
 * any can be is the bug. Making the field {@code volatile} — Java's classic non-fix — makes every
 * read and write reach memory, and loses updates all the same. The fixes, {@value #INCREMENTS}
 * increments per goroutine each, are exact every time:
 * <ul>
 *   <li>a {@link Mutex} around the increment (Go's {@code sync.Mutex});</li>
 *   <li>a channel: one goroutine owns the counter and the others send it increments — "do not
 *       communicate by sharing memory; share memory by communicating";</li>
 *   <li>an atomic: {@link AtomicLong#incrementAndGet()}, the JVM's {@code sync/atomic};</li>
 *   <li>nothing shared while they run: each goroutine counts in a local and writes its own slot of
 *       a results array once; {@link WaitGroup#await()} makes every slot visible to the sum.</li>
 * </ul>
 * A {@link WaitGroup} waits for each round's goroutines. The timings compare the four (on a busy
 * machine, their order is what to read, not their values). Under gort's race detector
 * ({@code ./gortw demo race}) the plain counter is reported, as {@code go run -race} reports
 * Go's; the volatile one is not (its accesses are synchronisation, so not a data race, and its
 * updates are lost all the same: the detector finds data races, not every atomicity bug), and
 * neither is any fix.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * var counter int
 * var wg sync.WaitGroup
 * for g := 0; g < 4; g++ {
 *     wg.Go(func() { for i := 0; i < 100_000; i++ { counter++ } })   // DATA RACE (go run -race says so)
 * }
 * wg.Wait()
 *
 * var mu sync.Mutex                                  // fix 1
 * mu.Lock(); counter++; mu.Unlock()
 *
 * inc := make(chan int, 1024)                        // fix 2: one owner
 * go func() { for d := range inc { counter += d }; close(done) }()
 * inc <- 1
 *
 * var n atomic.Int64                                 // fix 3
 * n.Add(1)
 *
 * partial := make([]int, 4)                          // fix 4: nothing shared until Wait
 * wg.Go(func() { n := 0; for ... { n++ }; partial[g] = n })
 * wg.Wait(); for _, p := range partial { counter += p }
 * }</pre>
 *
 * <p>The JDK has no race detector (gort brings one); Java's memory model gives a racy {@code int}
 * no torn values but no atomicity either, and lets the JIT keep a plain field in a register for a
 * whole loop and write it once at the end — so once compiled, the plain round loses a goroutine's
 * increments in whole batches, or none. The example sets GOMAXPROCS to at least 2 and restores it.
 */
public final class RaceCondition implements Example {
    /** The example; {@link #run} runs it. */
    public RaceCondition() {}

    static final int GOROUTINES = 4;
    static final int INCREMENTS = 100_000;
    static final long EXPECTED = (long) GOROUTINES * INCREMENTS;
    /** The racy rounds run longer, so that the goroutines overlap even on a loaded machine. */
    static final int RACY_INCREMENTS = 2_500_000;
    static final long RACY_EXPECTED = (long) GOROUTINES * RACY_INCREMENTS;

    /** Shared by every goroutine of the racy round, with no synchronisation at all. */
    private int racy;
    /** The same, {@code volatile}: visibility without atomicity. */
    private volatile int volatileRacy;
    /** Guarded by {@code mu} in the Mutex round. */
    private long guarded;

    @Override
    public String name() {
        return "race";
    }

    @Override
    public String title() {
        return "WaitGroup and Mutex: a race condition made visible, fixed four ways";
    }

    @Override
    public void run(PrintStream out) {
        int previous = Go.maxProcs(Math.max(2, Go.maxProcs()));
        try {
            out.printf("%d goroutines add 1 to a shared counter, GOMAXPROCS=%d%n", GOROUTINES, Go.maxProcs());
            race(out);
            mutex(out);
            channel(out);
            atomic(out);
            perGoroutine(out);
        } finally {
            Go.maxProcs(previous);
        }
    }

    private void race(PrintStream out) {
        racy = 0;
        long start = System.nanoTime();
        together(() -> {
            for (int i = 0; i < RACY_INCREMENTS; i++) {
                racy++; // read, add, write: not atomic
            }
        });
        long lost = RACY_EXPECTED - racy;
        out.printf("no synchronisation, plain int:    %,d of %,d (%,d updates lost%s) in %d ms%n", racy, RACY_EXPECTED,
                lost, lost == 0 ? " this time: the race is still there" : "", (System.nanoTime() - start) / 1_000_000);

        volatileRacy = 0;
        start = System.nanoTime();
        together(() -> {
            for (int i = 0; i < RACY_INCREMENTS; i++) {
                volatileRacy++; // every read and write reaches memory, and still: read, add, write
            }
        });
        lost = RACY_EXPECTED - volatileRacy;
        out.printf("no synchronisation, volatile int: %,d of %,d (%,d updates lost%s) in %d ms%n", volatileRacy,
                RACY_EXPECTED, lost, lost == 0 ? " this time: the race is still there" : "",
                (System.nanoTime() - start) / 1_000_000);
    }

    /** Runs {@code body} in {@link #GOROUTINES} goroutines released at the same moment; waits for them. */
    private static void together(Runnable body) {
        Chan<Void> go = Chan.make();
        WaitGroup ready = new WaitGroup();
        WaitGroup done = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            ready.add(1);
            done.go(() -> {
                ready.done();
                go.recv();
                body.run();
            });
        }
        ready.await();
        go.close();
        done.await(); // makes the final value visible to main; cannot make the increments atomic
    }

    private void mutex(PrintStream out) {
        guarded = 0;
        Mutex mu = new Mutex();
        long start = System.nanoTime();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    mu.lock();
                    try {
                        guarded++;
                    } finally {
                        mu.unlock();
                    }
                }
            });
        }
        wg.await();
        out.printf("fix 1, Mutex:      %,d of %,d %s in %s%n", guarded, EXPECTED, verdict(guarded), took(start));
    }

    private static void channel(PrintStream out) {
        Chan<Integer> increments = Chan.make(1024);
        Chan<Long> total = Chan.make();
        long start = System.nanoTime();
        Go.go("counter owner", () -> {
            long counter = 0; // confined to this goroutine: no lock needed
            for (int d : increments) {
                counter += d;
            }
            total.send(counter);
        });
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    increments.send(1);
                }
            });
        }
        wg.await();
        increments.close(); // the owner's range ends once it has counted everything
        long counted = total.recv();
        out.printf("fix 2, channel:    %,d of %,d %s in %s%n", counted, EXPECTED, verdict(counted), took(start));
    }

    private static void atomic(PrintStream out) {
        AtomicLong counter = new AtomicLong();
        long start = System.nanoTime();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    counter.incrementAndGet();
                }
            });
        }
        wg.await();
        out.printf("fix 3, AtomicLong: %,d of %,d %s in %s%n", counter.get(), EXPECTED, verdict(counter.get()), took(start));
    }

    private static void perGoroutine(PrintStream out) {
        long[] partial = new long[GOROUTINES];
        long start = System.nanoTime();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            int mine = g;
            wg.go(() -> {
                long n = 0; // this goroutine's own count
                for (int i = 0; i < INCREMENTS; i++) {
                    n++;
                }
                partial[mine] = n; // one write, to a slot no other goroutine touches
            });
        }
        wg.await(); // every goroutine's write happens before await returns
        long sum = 0;
        for (long p : partial) {
            sum += p;
        }
        out.printf("fix 4, own slots:  %,d of %,d %s in %s%n", sum, EXPECTED, verdict(sum), took(start));
    }

    private static String verdict(long total) {
        return total == EXPECTED ? "(exact)" : "(WRONG: expected " + EXPECTED + ")";
    }

    private static String took(long start) {
        long ns = System.nanoTime() - start;
        return String.format("%d ms, %d ns per increment", ns / 1_000_000, ns / EXPECTED);
    }
}
