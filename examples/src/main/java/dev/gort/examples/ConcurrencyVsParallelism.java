package dev.gort.examples;

import dev.gort.Go;
import dev.gort.SchedulerStats;
import dev.gort.chan.Chan;
import dev.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrency is not parallelism. Concurrency is the structure — several goroutines in progress at
 * once; parallelism is execution — several of them running at the same instant, which needs more
 * than one P. The same CPU-bound job runs first with {@code GOMAXPROCS=1} (the goroutines take
 * turns on one carrier: the printed order of their chunks interleaves) and then with GOMAXPROCS equal
 * to the number of cores (the chunks run side by side: the job finishes sooner).
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * runtime.GOMAXPROCS(1)
 * var wg sync.WaitGroup
 * for _, name := range []string{"A", "B", "C"} {
 *     wg.Add(1)
 *     go func() {
 *         defer wg.Done()
 *         for chunk := 1; chunk <= 4; chunk++ {
 *             work()
 *             fmt.Print(name, chunk, " ")
 *             runtime.Gosched()
 *         }
 *     }()
 * }
 * wg.Wait()                                // A1 B1 C1 A2 B2 C2 ...
 * runtime.GOMAXPROCS(runtime.NumCPU())     // then time countPrimes at 1 and at NumCPU
 * }</pre>
 *
 * <p>One difference shows here: Go preempts a long CPU-bound loop every 10 ms; a virtual thread
 * cannot be preempted, so the job yields itself with {@link Go#gosched()} between small slices of
 * work. Without that, one goroutine would keep the only P until it finished (and gort's sysmon,
 * after 10 ms, would hand the P's other goroutines to a spare carrier — the escape hatch that keeps
 * a program alive, not a time slice). {@link Go#maxProcs(int)} changes GOMAXPROCS at run time; the
 * example restores the previous value when it ends.
 */
public final class ConcurrencyVsParallelism implements Example {
    /** The example; {@link #run} runs it. */
    public ConcurrencyVsParallelism() {}

    /** Primes below this bound; {@link #PRIMES_BELOW_LIMIT} of them. */
    static final int LIMIT = 1_000_000;
    /** pi(1,000,000), the number of primes below a million. */
    static final int PRIMES_BELOW_LIMIT = 78_498;
    /** The timed job is cut into this many goroutines, so that idle Ps have something to steal. */
    static final int TASKS = 32;
    /** Numbers tested between two {@code gosched} calls: well under a millisecond of work. */
    static final int SLICE = 2_000;
    /** Goroutines and chunks of the interleaving demo. */
    static final String NAMES = "ABC";
    static final int CHUNKS = 4;

    @Override
    public String name() {
        return "parallelism";
    }

    @Override
    public String title() {
        return "concurrency vs parallelism: one CPU-bound job at GOMAXPROCS 1 and at GOMAXPROCS = cores";
    }

    @Override
    public void run(PrintStream out) {
        int previous = Go.maxProcs();
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            Go.maxProcs(1);
            out.println("GOMAXPROCS=1: three goroutines, four chunks of work each, yielding after each chunk");
            String order = interleaving();
            out.println("order the chunks ran in: " + order);
            out.printf("switches between goroutines: %d in %d chunks (run one after another there would be %d)%n",
                    switches(order), NAMES.length() * CHUNKS, NAMES.length() - 1);
            out.println("one P: concurrent (all three in progress), never parallel (one runs at a time)");
            out.println();

            out.printf("the same job timed: count the primes below %,d in %d goroutines%n", LIMIT, TASKS);
            timeAt(cores, null); // warm-up: let the JIT compile the job before either timing
            Timing one = best(1, out);
            Timing many = best(cores, out);
            out.printf("speedup with %d Ps over 1: %.2fx (at most %d on %d cores; less on a loaded machine)%n",
                    cores, (double) one.nanos / many.nanos, cores, cores);
            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (load >= 0) {
                out.printf("(system load average now: %.1f on %d cores: other programs share them)%n", load, cores);
            }
        } finally {
            Go.maxProcs(previous);
        }
    }

    /** Runs A, B and C concurrently on whatever GOMAXPROCS is set; returns the order of their chunks. */
    static String interleaving() {
        ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
        Chan<Void> start = Chan.make();
        WaitGroup ready = new WaitGroup();
        WaitGroup done = new WaitGroup();
        for (char name : NAMES.toCharArray()) {
            ready.add(1);
            done.go(() -> {
                ready.done();
                start.recv(); // all three start together
                for (int chunk = 1; chunk <= CHUNKS; chunk++) {
                    countPrimes(chunk * 20_000, chunk * 20_000 + 20_000);
                    order.add(name + "" + chunk);
                    Go.gosched();
                }
            });
        }
        ready.await();
        start.close();
        done.await();
        return String.join(" ", order);
    }

    /** How often consecutive chunks belong to different goroutines. */
    static int switches(String order) {
        String[] chunks = order.split(" ");
        int n = 0;
        for (int i = 1; i < chunks.length; i++) {
            if (chunks[i].charAt(0) != chunks[i - 1].charAt(0)) {
                n++;
            }
        }
        return n;
    }

    record Timing(int procs, long nanos, long primes, String runsPerP) {}

    /** The faster of two runs at {@code procs} Ps (less noise from other programs); prints it. */
    static Timing best(int procs, PrintStream out) {
        Timing a = timeAt(procs, null);
        Timing b = timeAt(procs, null);
        Timing t = a.nanos <= b.nanos ? a : b;
        out.printf("GOMAXPROCS=%d: %,d primes in %d ms (best of 2); goroutine runs per P: %s%n",
                procs, t.primes, t.nanos / 1_000_000, t.runsPerP);
        return t;
    }

    /** Runs the job at {@code procs} Ps; prints its line to {@code out} unless that is null. */
    static Timing timeAt(int procs, PrintStream out) {
        Go.maxProcs(procs);
        SchedulerStats before = Go.stats();
        AtomicLong primes = new AtomicLong();
        WaitGroup wg = new WaitGroup();
        long start = System.nanoTime();
        int step = LIMIT / TASKS;
        for (int t = 0; t < TASKS; t++) {
            int from = t * step;
            int to = t == TASKS - 1 ? LIMIT : from + step;
            wg.go(() -> {
                long n = 0;
                for (int lo = from; lo < to; lo += SLICE) {
                    n += countPrimes(lo, Math.min(to, lo + SLICE));
                    Go.gosched(); // Go would preempt us; a virtual thread has to offer
                }
                primes.addAndGet(n);
            });
        }
        wg.await();
        long nanos = System.nanoTime() - start;
        SchedulerStats after = Go.stats();
        List<String> runs = new ArrayList<>();
        for (SchedulerStats.ProcStats p : after.procs()) {
            long was = p.id() < before.procs().size() ? before.procs().get(p.id()).runs() : 0;
            runs.add("P" + p.id() + " " + Math.max(0, p.runs() - was));
        }
        if (out != null) {
            out.printf("GOMAXPROCS=%d: %,d primes in %d ms; goroutine runs per P: %s%n",
                    procs, primes.get(), nanos / 1_000_000, String.join(", ", runs));
        }
        return new Timing(procs, nanos, primes.get(), String.join(", ", runs));
    }

    /** The primes in [from, to), by trial division: plain CPU work, no allocation, no blocking. */
    static int countPrimes(int from, int to) {
        int n = 0;
        for (int k = Math.max(from, 2); k < to; k++) {
            if (isPrime(k)) {
                n++;
            }
        }
        return n;
    }

    static boolean isPrime(int k) {
        if (k < 4) {
            return k > 1;
        }
        if (k % 2 == 0) {
            return false;
        }
        for (int d = 3; d * d <= k; d += 2) {
            if (k % d == 0) {
                return false;
            }
        }
        return true;
    }
}
