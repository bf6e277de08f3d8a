package dev.gort.benchmarks.chan;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Select;
import dev.gort.chan.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.function.Consumer;

/**
 * Workloads W1, W2, W3, W7, W9, W11 of shared/WORKLOADS.md: gort channels (goroutines via
 * {@link Go#go}) against JDK virtual threads with {@link SynchronousQueue} /
 * {@link ArrayBlockingQueue}, in the same JVM, alternating. GOMAXPROCS is fixed per JVM: run it
 * with {@code -DGOMAXPROCS=P -Djdk.virtualThreadScheduler.parallelism=P} (the first is gort's knob,
 * the second the JDK scheduler's, which also carries gort's goroutines until gort's own scheduler
 * is in place).
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -DGOMAXPROCS=1 -Djdk.virtualThreadScheduler.parallelism=1 \
 *      -cp benchmarks/target/benchmarks.jar dev.gort.benchmarks.chan.ChanWorkloads [runs] [workload...]
 * </pre>
 *
 * Each figure is the median of {@code runs} (default 5) timed runs after 2 warm-up runs; the
 * spread (min..max) is printed next to it. Values sent are pre-boxed Integers, so neither side
 * allocates per message.
 */
public final class ChanWorkloads {
    private static final Integer[] BOXES = new Integer[1024];

    static {
        for (int i = 0; i < BOXES.length; i++) {
            BOXES[i] = i;
        }
    }

    private static Integer box(int i) {
        return BOXES[i & 1023];
    }

    /** One timed run; returns elapsed nanoseconds. */
    interface Run {
        long run() throws Exception;
    }

    /** Spawn helpers for the two systems. */
    private static void gort(Runnable r) {
        Go.go(r);
    }

    private static void vt(Runnable r) {
        Thread.ofVirtual().start(r);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> void put(BlockingQueue<T> q, T v) {
        try {
            q.put(v);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T take(BlockingQueue<T> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ W1 ping-pong

    static long w1Gort(int n) {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        CountDownLatch done = new CountDownLatch(2);
        long t0 = System.nanoTime();
        gort(() -> {
            for (int i = 0; i < n; i++) {
                pong.send(ping.recv());
            }
            done.countDown();
        });
        gort(() -> {
            for (int i = 0; i < n; i++) {
                ping.send(box(i));
                pong.recv();
            }
            done.countDown();
        });
        await(done);
        return System.nanoTime() - t0;
    }

    static long w1Jdk(int n) {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        CountDownLatch done = new CountDownLatch(2);
        long t0 = System.nanoTime();
        vt(() -> {
            for (int i = 0; i < n; i++) {
                put(pong, take(ping));
            }
            done.countDown();
        });
        vt(() -> {
            for (int i = 0; i < n; i++) {
                put(ping, box(i));
                take(pong);
            }
            done.countDown();
        });
        await(done);
        return System.nanoTime() - t0;
    }

    // ------------------------------------------------------------------ W2 spsc cap 1024, W3 mpmc

    static long mpmcGort(int producers, int consumers, int cap, int n) {
        Chan<Integer> c = Chan.make(cap);
        CountDownLatch done = new CountDownLatch(consumers);
        CountDownLatch produced = new CountDownLatch(producers);
        long t0 = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            int share = n / producers;
            gort(() -> {
                for (int i = 0; i < share; i++) {
                    c.send(box(i));
                }
                produced.countDown();
            });
        }
        for (int k = 0; k < consumers; k++) {
            gort(() -> {
                while (c.recvOk().ok()) {
                    // drain
                }
                done.countDown();
            });
        }
        await(produced);
        c.close();
        await(done);
        return System.nanoTime() - t0;
    }

    static long mpmcJdk(int producers, int consumers, int cap, int n) {
        BlockingQueue<Integer> q = cap == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(cap);
        Integer stop = Integer.valueOf(-100_000); // a fresh box, never one of BOXES: compared by identity
        CountDownLatch done = new CountDownLatch(consumers);
        CountDownLatch produced = new CountDownLatch(producers);
        long t0 = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            int share = n / producers;
            vt(() -> {
                for (int i = 0; i < share; i++) {
                    put(q, box(i));
                }
                produced.countDown();
            });
        }
        for (int k = 0; k < consumers; k++) {
            vt(() -> {
                while (take(q) != stop) {
                    // drain
                }
                done.countDown();
            });
        }
        await(produced);
        for (int k = 0; k < consumers; k++) {
            put(q, stop);
        }
        await(done);
        return System.nanoTime() - t0;
    }

    // ------------------------------------------------------------------ W7 select fan-in

    static long w7Gort(int n) {
        int producers = 4;
        List<Chan<Integer>> ins = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            ins.add(Chan.make());
        }
        CountDownLatch done = new CountDownLatch(1);
        long t0 = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            Chan<Integer> in = ins.get(p);
            int share = n / producers;
            gort(() -> {
                for (int i = 0; i < share; i++) {
                    in.send(box(i));
                }
            });
        }
        gort(() -> {
            long[] sum = new long[1];
            Consumer<Integer> add = v -> sum[0] += v;
            Select.Case[] cases = new Select.Case[producers];
            for (int p = 0; p < producers; p++) {
                cases[p] = recv(ins.get(p), add);
            }
            for (int i = 0; i < (n / producers) * producers; i++) {
                select(cases);
            }
            done.countDown();
        });
        await(done);
        return System.nanoTime() - t0;
    }

    // ------------------------------------------------------------------ W9 daisy chain

    /** Timed from before the chain is built, as the Go twin does. */
    static long w9Gort(int length, int tokens) {
        long t0 = System.nanoTime();
        Chan<Integer> first = Chan.make();
        Chan<Integer> left = first;
        for (int i = 0; i < length; i++) {
            Chan<Integer> l = left;
            Chan<Integer> r = Chan.make();
            gort(() -> {
                for (int t = 0; t < tokens; t++) {
                    r.send(l.recv() + 1 - 1);
                }
            });
            left = r;
        }
        Chan<Integer> last = left;
        for (int t = 0; t < tokens; t++) {
            first.send(box(t));
            last.recv();
        }
        return System.nanoTime() - t0;
    }

    static long w9Jdk(int length, int tokens) {
        long t0 = System.nanoTime();
        SynchronousQueue<Integer> first = new SynchronousQueue<>();
        SynchronousQueue<Integer> left = first;
        for (int i = 0; i < length; i++) {
            SynchronousQueue<Integer> l = left;
            SynchronousQueue<Integer> r = new SynchronousQueue<>();
            vt(() -> {
                for (int t = 0; t < tokens; t++) {
                    put(r, take(l));
                }
            });
            left = r;
        }
        SynchronousQueue<Integer> last = left;
        for (int t = 0; t < tokens; t++) {
            put(first, box(t));
            take(last);
        }
        return System.nanoTime() - t0;
    }

    // ------------------------------------------------------------------ W11 timers

    static long w11Gort(int n) {
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            gort(() -> {
                Time.sleep(Duration.ofMillis(1));
                done.countDown();
            });
        }
        await(done);
        return System.nanoTime() - t0;
    }

    static long w11Jdk(int n) {
        CountDownLatch done = new CountDownLatch(n);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            vt(() -> {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                done.countDown();
            });
        }
        await(done);
        return System.nanoTime() - t0;
    }

    // ------------------------------------------------------------------ driver

    private static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Runs gort and JDK alternately; prints median, min, max per op. */
    private static void measure(String id, String unit, double perOp, int runs, Run gortRun, Run jdkRun)
            throws Exception {
        double[] g = new double[runs];
        double[] j = new double[runs];
        for (int w = 0; w < 2; w++) {
            gortRun.run();
            if (jdkRun != null) {
                jdkRun.run();
            }
        }
        for (int r = 0; r < runs; r++) {
            g[r] = gortRun.run() / perOp;
            if (jdkRun != null) {
                j[r] = jdkRun.run() / perOp;
            }
            System.gc();
        }
        String p = System.getProperty("GOMAXPROCS", "?");
        System.out.printf(Locale.ROOT, "%-12s P=%s gort %10.1f %s (%.1f..%.1f)", id, p, median(g), unit,
                Arrays.stream(g).min().orElse(0), Arrays.stream(g).max().orElse(0));
        if (jdkRun != null) {
            System.out.printf(Locale.ROOT, "   jdk %10.1f %s (%.1f..%.1f)   gort/jdk %.2f", median(j), unit,
                    Arrays.stream(j).min().orElse(0), Arrays.stream(j).max().orElse(0), median(g) / median(j));
        }
        System.out.println();
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> only = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of();
        double scale = Double.parseDouble(System.getProperty("scale", "1"));
        int w1 = (int) (200_000 * scale);
        int w2 = (int) (2_000_000 * scale);
        int w3a = (int) (400_000 * scale);
        int w3b = (int) (400_000 * scale);
        int w7 = (int) (400_000 * scale);
        int w11 = 100_000;
        if (only.isEmpty() || only.contains("W1")) {
            measure("W1 pingpong", "ns/rt", w1, runs, () -> w1Gort(w1), () -> w1Jdk(w1));
        }
        if (only.isEmpty() || only.contains("W2")) {
            measure("W2 spsc1024", "ns/msg", w2, runs, () -> mpmcGort(1, 1, 1024, w2), () -> mpmcJdk(1, 1, 1024, w2));
        }
        if (only.isEmpty() || only.contains("W3")) {
            measure("W3 cap128", "ns/msg", w3a, runs, () -> mpmcGort(4, 4, 128, w3a), () -> mpmcJdk(4, 4, 128, w3a));
            measure("W3 cap0", "ns/msg", w3b, runs, () -> mpmcGort(4, 4, 0, w3b), () -> mpmcJdk(4, 4, 0, w3b));
        }
        if (only.isEmpty() || only.contains("W7")) {
            measure("W7 fanin", "ns/msg", w7, runs, () -> w7Gort(w7), null);
        }
        if (only.isEmpty() || only.contains("W9")) {
            int tokens = (int) Math.max(10, 100 * scale);
            measure("W9 daisy", "ns/hop", 10_000.0 * tokens, runs, () -> w9Gort(10_000, tokens),
                    () -> w9Jdk(10_000, tokens));
        }
        if (only.isEmpty() || only.contains("W11")) {
            measure("W11 timers", "ms", 1e6, runs, () -> w11Gort(w11), () -> w11Jdk(w11));
        }
    }
}
