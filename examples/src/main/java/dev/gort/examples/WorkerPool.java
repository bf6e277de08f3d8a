package dev.gort.examples;

import dev.gort.chan.Chan;
import dev.gort.chan.Time;
import dev.gort.context.Chans;
import dev.gort.context.Context;
import dev.gort.context.ErrGroups;
import dev.gort.sync.ErrGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: a worker pool. A fixed number of workers take jobs from one channel; the number of jobs
 * in progress never exceeds the number of workers, however many jobs there are. Done right means:
 * the workers and the job feeder run in an {@link ErrGroup} with a context
 * ({@link ErrGroups#withContext}); the first job that fails cancels that context, the feeder stops
 * feeding, the workers stop taking jobs, and {@code await} rethrows the failure once every goroutine
 * of the pool has returned — no goroutine is left behind, blocked on a channel nobody will use again.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * g, ctx := errgroup.WithContext(ctx)
 * jobs := make(chan int)
 * g.Go(func() error {
 *     defer close(jobs)
 *     for j := 1; j <= 20; j++ {
 *         select {
 *         case jobs <- j:
 *         case <-ctx.Done(): return nil   // a worker failed: stop feeding
 *         }
 *     }
 *     return nil
 * })
 * for w := 0; w < 4; w++ {
 *     g.Go(func() error {
 *         for j := range jobs {
 *             if ctx.Err() != nil { return nil }        // canceled: take no new job
 *             if err := process(j); err != nil { return err }
 *         }
 *         return nil
 *     })
 * }
 * err := g.Wait()                          // the first error; every goroutine has returned
 * }</pre>
 */
public final class WorkerPool implements Example {
    /** The example; {@link #run} runs it. */
    public WorkerPool() {}

    static final int WORKERS = 4;
    static final int JOBS = 20;

    @Override
    public String name() {
        return "workers";
    }

    @Override
    public String title() {
        return "pattern: a worker pool (ErrGroup + context: the first failure stops the pool)";
    }

    @Override
    public void run(PrintStream out) {
        out.printf("%d workers, jobs 1..%d, each job squares its number (1 ms of work)%n", WORKERS, JOBS);
        Result ok = pool(0);
        out.printf("no failure: %d jobs done, sum of squares %,d, at most %d in progress at once%n",
                ok.done, ok.sum, ok.maxInProgress);
        Result failed = pool(7);
        out.printf("job 7 fails: await() threw %s: %s%n", failed.failure.getClass().getSimpleName(),
                failed.failure.getMessage());
        out.printf("  the pool stopped early: %d of %d jobs done before it noticed; every goroutine returned%n",
                failed.done, JOBS);
    }

    record Result(int done, long sum, int maxInProgress, RuntimeException failure) {}

    /** Runs the pool; job {@code failing} (0: none) throws. */
    static Result pool(int failing) {
        ErrGroups.GroupContext gc = ErrGroups.withContext(Context.background());
        ErrGroup g = gc.group();
        Context ctx = gc.context();
        Chan<Integer> jobs = Chan.make();
        AtomicInteger done = new AtomicInteger();
        AtomicLong sum = new AtomicLong();
        AtomicInteger inProgress = new AtomicInteger();
        AtomicInteger maxInProgress = new AtomicInteger();

        g.go(() -> { // the feeder
            try {
                for (int j = 1; j <= JOBS; j++) {
                    if (!Chans.sendOrDone(ctx, jobs, j)) {
                        return null; // canceled: stop feeding
                    }
                }
            } finally {
                jobs.close(); // the workers' range ends
            }
            return null;
        });
        for (int w = 0; w < WORKERS; w++) {
            g.go(() -> {
                for (int j : jobs) {
                    if (ctx.err() != null) {
                        return null; // canceled: take no new job
                    }
                    int now = inProgress.incrementAndGet();
                    maxInProgress.accumulateAndGet(now, Math::max);
                    try {
                        Time.sleep(Duration.ofMillis(1));
                        if (j == failing) {
                            throw new IllegalArgumentException("job " + j + ": bad input");
                        }
                        sum.addAndGet((long) j * j);
                        done.incrementAndGet();
                    } finally {
                        inProgress.decrementAndGet();
                    }
                }
                return null;
            });
        }
        RuntimeException failure = null;
        try {
            g.await();
        } catch (RuntimeException e) {
            failure = e;
        }
        return new Result(done.get(), sum.get(), maxInProgress.get(), failure);
    }

}
