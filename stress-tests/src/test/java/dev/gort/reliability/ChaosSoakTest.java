package dev.gort.reliability;

import static dev.gort.chan.Select.recv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gort.Go;
import dev.gort.SchedulerStats;
import dev.gort.chan.Chan;
import dev.gort.chan.Select;
import dev.gort.chan.Time;
import dev.gort.chan.Timer;
import dev.gort.internal.time.TimerHeap;
import dev.gort.testing.Testing;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chaos soak: thousands of goroutines doing random sends, receives and selects (with timeouts,
 * defaults and handlers that throw) over channels of capacity 0, 1, 4 and 64 that are closed and
 * replaced under them, while other goroutines interrupt them, cancel their contexts and change
 * GOMAXPROCS, and some goroutines die of uncaught exceptions. It runs in rounds; after each round
 * every value is accounted for, and at the end the runtime must be back where it started.
 *
 * <p>Invariants, checked exactly:
 * <ul>
 *   <li>every value a send reported as delivered is received exactly once (a receive, a select, a
 *       range, or the drain of the closed channels after the round), and no other value is ever
 *       received: a send that threw (closed, interrupted) or lost its select delivered nothing;</li>
 *   <li>a counter guarded by a {@code Mutex} equals the number of increments made while holding it;</li>
 *   <li>every goroutine exited: the round's WaitGroup completes (within a minute, else the test
 *       fails with Go's goroutine dump) and {@code Go.numGoroutine()} returns to its baseline;</li>
 *   <li>no carrier leaked: every carrier (M) parks idle, the live {@code gort-m-*} threads are exactly
 *       the Ms the scheduler counts, and new Ms are bounded by GOMAXPROCS plus sysmon's handoffs;</li>
 *   <li>no timer leaked, and the heap returns to its baseline after a full GC.</li>
 * </ul>
 *
 * <p>CI runs 60 s; {@code -Dgort.chaos.seconds=14400} soaks for hours (docs/stress.md). Every random
 * choice derives from {@code -Dgort.chaos.seed} (logged, and named in every failure) so a failing
 * schedule's choices can be replayed, though not the interleaving.
 */
class ChaosSoakTest {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosSoakTest.class);

    static final long SOAK_MILLIS = 1000L * Long.getLong("gort.chaos.seconds", 60);
    static final long ROUND_MILLIS = Long.getLong("gort.chaos.roundMillis", 3000);
    static final int WORKERS = Integer.getInteger("gort.chaos.goroutines", 2000);
    /**
     * The controller sets GOMAXPROCS to 1..this. Above the machine's cores it still exercises what
     * many Ps do (stealing among them, sysmon's sweeps, retiring and re-adding them), if not their speed.
     */
    static final int MAX_PROCS = maxProcsKnob(Integer.getInteger("gort.chaos.maxProcs", 4));
    static final int SLOTS = 16;
    static final int[] CAPACITIES = {0, 0, 1, 4, 64};
    static final long SEED = Long.getLong("gort.chaos.seed", System.nanoTime());
    /** Heap growth tolerated over the baseline after a full GC (JIT and logging leave a little). */
    static final long HEAP_SLACK_BYTES = 32L << 20;

    /** Thrown on purpose: from select handlers (caught by the worker) and out of goroutines. */
    static final class ChaosException extends RuntimeException {
        ChaosException(String message) {
            super(message, null, false, false);
        }
    }

    /** Totals over all rounds; each round's numbers are added once its goroutines have all ended. */
    final Tally total = new Tally();
    final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    volatile int maxProcsEver;

    @Test
    void soak() throws Exception {
        LOG.info("chaos soak: {} s in rounds of {} ms, {} workers, seed {} (-Dgort.chaos.seed={} replays the choices)",
                SOAK_MILLIS / 1000, ROUND_MILLIS, WORKERS, SEED, SEED);
        int procs = Go.maxProcs();
        maxProcsEver = procs;
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            if (e instanceof ChaosException) {
                total.uncaught.increment();
            } else {
                unexpected.add(e);
            }
        });
        try {
            // Round 0 warms everything up (classes, JIT, carriers); the baseline is taken once it
            // has settled back to the goroutine and timer counts from before it.
            long deadline = System.nanoTime() + SOAK_MILLIS * 1_000_000;
            Baseline cold = Baseline.take();
            runRound(0);
            Go.maxProcs(procs);
            Baseline base = Baseline.awaitSettled(cold);
            int round = 1;
            while (System.nanoTime() - deadline < 0) {
                runRound(round++);
            }
            Go.maxProcs(procs);
            checkQuiescent(base, round);
        } finally {
            Go.maxProcs(procs);
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        assertTrue(unexpected.isEmpty(), () -> "unexpected exceptions (seed " + SEED + "): " + unexpected);
        LOG.info("chaos soak done: {}", total);
        // The soak must actually have exercised what it claims to.
        assertTrue(total.accepted.sum() > 10_000, "too few values delivered: " + total);
        assertTrue(total.refused.sum() > 0 && total.interruptedOps.sum() > 0 && total.cancels.sum() > 0
                && total.closes.sum() > 0 && total.doubleCloses.sum() > 0 && total.handlerThrows.sum() > 0
                && total.uncaught.sum() > 0 && total.timeouts.sum() > 0 && total.maxProcsChanges.sum() > 0,
                "some kind of chaos never happened: " + total);
    }

    private void runRound(int number) {
        Round r = new Round(number, SEED * 31 + number, total, this);
        r.start();
        LockSupport.parkNanos(ROUND_MILLIS * 1_000_000); // the round's length, not synchronisation
        r.stop();
        Chan<Void> allDone = Chan.make();
        Go.go("chaos-waiter", () -> {
            r.wg.await();
            allDone.close();
        });
        Timer watchdog = Time.timer(Duration.ofMinutes(1));
        int which = Select.select(recv(allDone), recv(watchdog.c()));
        watchdog.stop();
        if (which != 0) {
            fail("round " + number + " (seed " + SEED + "): goroutines still running a minute after the end\n"
                    + Go.dumpGoroutines());
        }
        r.verify();
    }

    /** After the last round: goroutines, carriers, timers and heap back to the baseline. */
    private void checkQuiescent(Baseline base, int rounds) {
        Baseline end = Baseline.awaitSettled(base);
        SchedulerStats s = end.stats;
        LOG.info("after {} rounds: goroutines {} (baseline {}), Ms {} (baseline {}, {} idle), handoffs {}, timers {} (baseline {}), heap {} MB (baseline {} MB)",
                rounds, end.goroutines, base.goroutines, s.threads(), base.stats.threads(), s.idleThreads(),
                s.handoffs() - base.stats.handoffs(), end.timers, base.timers, end.heapBytes >> 20, base.heapBytes >> 20);
        String seed = " (seed " + SEED + ")";
        assertEquals(base.goroutines, end.goroutines, "goroutines left running" + seed + "\n" + Go.dumpGoroutines());
        assertEquals(base.timers, end.timers, "timers left pending" + seed);
        if (s.gmp()) {
            assertEquals(s.threads(), s.idleThreads(), "a carrier is not idle" + seed);
            assertEquals(s.threads(), end.carrierThreads, "live gort-m threads differ from the Ms counted" + seed);
            long bound = Math.max(base.stats.threads(), maxProcsEver) + (s.handoffs() - base.stats.handoffs()) + 1;
            assertTrue(s.threads() <= bound, "carriers grew to " + s.threads() + ", bound " + bound + seed);
        }
        assertTrue(end.heapBytes <= base.heapBytes + HEAP_SLACK_BYTES,
                () -> "heap " + (end.heapBytes >> 20) + " MB after GC, baseline " + (base.heapBytes >> 20) + " MB" + seed
                        + "; largest classes (find what holds them with -XX:StartFlightRecording:path-to-gc-roots=true):\n"
                        + classHistogram(20));
    }

    /** The first {@code lines} lines of the JVM's class histogram (jcmd GC.class_histogram). */
    static String classHistogram(int lines) {
        try {
            Object out = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "gcClassHistogram", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return String.join("\n", Arrays.asList(String.valueOf(out).split("\n")).subList(0, lines + 3));
        } catch (Exception e) { // a JMX failure, or a histogram shorter than asked
            return "(no class histogram: " + e + ")";
        }
    }

    /** What the runtime looks like at rest. */
    record Baseline(int goroutines, int timers, int carrierThreads, long heapBytes, SchedulerStats stats) {
        static Baseline take() {
            return new Baseline(Go.numGoroutine(), TimerHeap.pending(), countCarrierThreads(), heapAfterGc(), Go.stats());
        }

        /**
         * Polls (bounded by {@link Testing#WAIT}) until goroutines, timers and carriers have settled
         * back to the baseline: a goroutine that called {@code wg.done()} still has to return, a
         * carrier to park. Returns the last look, settled or not, for the caller to compare.
         */
        static Baseline awaitSettled(Baseline base) {
            Baseline[] now = {null};
            Testing.waitFor(() -> {
                Baseline b = now[0] = take();
                SchedulerStats s = b.stats;
                return b.goroutines <= base.goroutines && b.timers <= base.timers
                        && (!s.gmp() || s.idleThreads() == s.threads());
            });
            return now[0];
        }

        static int countCarrierThreads() {
            int n = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("gort-m-") && t.isAlive()) {
                    n++;
                }
            }
            return n;
        }

        static long heapAfterGc() {
            long least = Long.MAX_VALUE;
            for (int i = 0; i < 3; i++) {
                System.gc();
                least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            }
            return least;
        }
    }

    static int maxProcsKnob(int n) {
        if (n < 1 || n > 1024) {
            throw new IllegalArgumentException("gort.chaos.maxProcs must be between 1 and 1024, got " + n);
        }
        return n;
    }

    void sawMaxProcs(int n) {
        if (n > maxProcsEver) {
            maxProcsEver = n; // written by one controller goroutine at a time (rounds do not overlap)
        }
    }

    /** Growable list of longs; one writer, read after the writer's goroutine has ended. */
    static final class LongList {
        long[] a = new long[64];
        int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }
    }

    /** Concatenates and sorts. */
    static long[] sorted(List<LongList> lists) {
        int size = 0;
        for (LongList l : lists) {
            size += l.n;
        }
        long[] all = new long[size];
        int k = 0;
        for (LongList l : lists) {
            System.arraycopy(l.a, 0, all, k, l.n);
            k += l.n;
        }
        Arrays.sort(all);
        return all;
    }

    /** Explains how two sorted arrays differ: the first few values delivered twice, lost or invented. */
    static String difference(long[] delivered, long[] received) {
        List<String> problems = new ArrayList<>();
        for (int i = 1; i < received.length && problems.size() < 5; i++) {
            if (received[i] == received[i - 1]) {
                problems.add("received twice: " + describe(received[i]));
            }
        }
        int i = 0;
        int j = 0;
        while ((i < delivered.length || j < received.length) && problems.size() < 10) {
            if (j >= received.length || (i < delivered.length && delivered[i] < received[j])) {
                problems.add("lost: " + describe(delivered[i++]));
            } else if (i >= delivered.length || received[j] < delivered[i]) {
                problems.add("received but never delivered: " + describe(received[j++]));
            } else {
                i++;
                j++;
            }
        }
        return problems.toString();
    }

    static String describe(long v) {
        return "value " + (v & 0xffff_ffffL) + " of sender " + (v >>> 32);
    }

    /** Creates a channel of a random capacity from {@link #CAPACITIES}. */
    static Chan<Long> randomChan(SplittableRandom rng) {
        return Chan.make(CAPACITIES[rng.nextInt(CAPACITIES.length)]);
    }
}
