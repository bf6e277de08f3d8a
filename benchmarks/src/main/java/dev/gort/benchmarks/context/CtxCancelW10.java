package dev.gort.benchmarks.context;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import dev.gort.sync.WaitGroup;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * W10 ctx-cancel: {@code n} goroutines wait in a {@code select} on {@code ctx.done()} (plus, in the
 * default "select2" shape, a channel nobody sends on, so the select is a real two-case select);
 * a coordinator goroutine cancels the context and waits on a WaitGroup until every one has exited.
 * Score: milliseconds from just before {@code cancel()} to the WaitGroup releasing the coordinator.
 *
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     dev.gort.benchmarks.context.CtxCancelW10 [procs=1] [rounds=15] [n=10000] [shape=select2|select1|recv]
 * </pre>
 *
 * One JVM runs a few warm-up rounds (not reported) then {@code rounds} measured rounds and logs
 * their median, min and max; run it in several fresh JVMs and take the median of the medians.
 * Before each cancel the coordinator waits until every waiter has announced itself and then ~20 ms
 * more so they have all parked (a benchmark settling pause, outside the timed region).
 */
public final class CtxCancelW10 {
    private static final Logger LOG = LoggerFactory.getLogger(CtxCancelW10.class);

    private CtxCancelW10() {}

    public static void main(String[] args) throws Exception {
        int procs = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        String shape = args.length > 3 ? args[3] : "select2";
        Go.maxProcs(procs);
        int warmup = 5;
        double[] ms = new double[rounds];
        double[] cancelMs = new double[rounds];
        for (int r = -warmup; r < rounds; r++) {
            double[] t = round(n, shape);
            if (r >= 0) {
                ms[r] = t[0];
                cancelMs[r] = t[1];
            }
        }
        Arrays.sort(ms);
        Arrays.sort(cancelMs);
        LOG.info("W10 of which inside cancel() (closing done, unparking every waiter): median {} ms", fmt(cancelMs[rounds / 2]));
        LOG.info("W10 ctx-cancel gort P={} n={} shape={} gmp={}: median {} ms (min {}, max {}) over {} rounds",
                procs, n, shape, Go.gmpScheduler(), fmt(ms[rounds / 2]), fmt(ms[0]), fmt(ms[rounds - 1]), rounds);
        // Machine-readable last line for scripts.
        LOG.info("RESULT {} {} {}", procs, shape, fmt(ms[rounds / 2]));
    }

    private static String fmt(double v) {
        return String.format("%.2f", v);
    }

    private static double[] round(int n, String shape) throws Exception {
        CompletableFuture<double[]> result = new CompletableFuture<>();
        Go.go("w10-coordinator", () -> {
            try {
                CancelableContext ctx = Context.withCancel(Context.background());
                Chan<Integer> never = Chan.make();
                WaitGroup wg = new WaitGroup();
                CountDownLatch started = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    wg.add(1);
                    Go.go(() -> {
                        started.countDown();
                        switch (shape) {
                            case "select1" -> select(recv(ctx.done()));
                            case "recv" -> ctx.done().recv();
                            default -> select(recv(ctx.done()), recv(never));
                        }
                        wg.done();
                    });
                }
                started.await();
                // The measuring thread's pause, outside the measured work and outside gort's waits.
                LockSupport.parkNanos(20_000_000L); // let the last ones reach park (untimed)
                long t0 = System.nanoTime();
                ctx.cancel();
                long tc = System.nanoTime();
                wg.await();
                long t1 = System.nanoTime();
                result.complete(new double[] {(t1 - t0) / 1e6, (tc - t0) / 1e6});
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get();
    }
}
