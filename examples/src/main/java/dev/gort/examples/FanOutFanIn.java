package dev.gort.examples;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.RecvChan;
import dev.gort.chan.Time;
import dev.gort.context.CancelableContext;
import dev.gort.context.Chans;
import dev.gort.context.Context;
import dev.gort.context.ErrGroups;
import dev.gort.sync.ErrGroup;
import dev.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Pattern: fan-out, fan-in. Fan-out: several goroutines receive from the same channel, so the work
 * spreads over them (whoever is free takes the next item). Fan-in: their separate output channels
 * are merged into one, and a goroutine that waits for all of them closes the merged channel (only
 * when every sender is done may it be closed). Done right: the whole thing runs under a context with
 * a deadline; when the deadline passes, the source stops, the workers stop, the merge stops, and the
 * caller gets the results so far plus {@code ctx.err()} — nothing is left blocked.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * func merge(ctx context.Context, cs ...<-chan int) <-chan int {
 *     var wg sync.WaitGroup
 *     out := make(chan int)
 *     for _, c := range cs {
 *         wg.Go(func() {
 *             for v := range c {
 *                 select {
 *                 case out <- v:
 *                 case <-ctx.Done(): return
 *                 }
 *             }
 *         })
 *     }
 *     go func() { wg.Wait(); close(out) }()   // close only once every sender is done
 *     return out
 * }
 *
 * src := source(ctx, items)
 * c1, c2, c3 := work(ctx, src), work(ctx, src), work(ctx, src)   // fan-out: one source, three readers
 * for r := range merge(ctx, c1, c2, c3) { ... }                    // fan-in
 * }</pre>
 */
public final class FanOutFanIn implements Example {
    /** The example; {@link #run} runs it. */
    public FanOutFanIn() {}

    static final int WORKERS = 3;

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public String title() {
        return "pattern: fan-out, fan-in (merge, close when all are done; a deadline stops everything)";
    }

    @Override
    public void run(PrintStream out) throws InterruptedException {
        int before = Go.numGoroutine();
        Outcome all = fan(12, Duration.ofSeconds(30));
        out.printf("12 items, %d workers reading one channel, results merged into one: %d results, sum %d, err %s%n",
                WORKERS, all.results.size(), all.results.stream().mapToInt(r -> r.value).sum(), all.err);
        out.println("  items per worker: " + all.perWorker() + " (whoever is free takes the next item)");

        Outcome cut = fan(300, Duration.ofMillis(30));
        out.printf("300 items of 5 ms each under a 30 ms deadline: %d results, then err: %s%n",
                cut.results.size(), cut.err == null ? null : cut.err.getMessage());
        out.println("  source, workers and merge all stopped (goroutines still running: "
                + Pipeline.leftover(before) + ")");
    }

    record Item(int worker, int value) {}

    record Outcome(List<Item> results, Throwable err) {
        String perWorker() {
            int[] n = new int[WORKERS];
            for (Item r : results) {
                n[r.worker]++;
            }
            List<String> s = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) {
                s.add("w" + w + "=" + n[w]);
            }
            return String.join(" ", s);
        }
    }

    static Outcome fan(int items, Duration deadline) {
        List<Item> results = new ArrayList<>();
        Throwable err;
        try (CancelableContext ctx = Context.withTimeout(Context.background(), deadline)) {
            ErrGroups.GroupContext gc = ErrGroups.withContext(ctx);
            ErrGroup g = gc.group();
            Context gctx = gc.context();

            Chan<Integer> source = Chan.make();
            g.go(() -> {
                try {
                    for (int i = 1; i <= items; i++) {
                        if (!Chans.sendOrDone(gctx, source, i)) {
                            return null;
                        }
                    }
                } finally {
                    source.close();
                }
                return null;
            });
            List<RecvChan<Item>> outs = new ArrayList<>();
            for (int w = 0; w < WORKERS; w++) { // fan-out
                int worker = w;
                Chan<Item> o = Chan.make();
                outs.add(o);
                g.go(() -> {
                    try {
                        for (int i : source) {
                            Time.sleep(Duration.ofMillis(5)); // the work: an I/O call, say
                            if (!Chans.sendOrDone(gctx, o, new Item(worker, i))) {
                                return null;
                            }
                        }
                    } finally {
                        o.close();
                    }
                    return null;
                });
            }
            for (Item r : merge(gctx, outs)) { // fan-in
                results.add(r);
            }
            g.await();
            err = ctx.err(); // null if everything was done in time
        }
        return new Outcome(results, err);
    }

    /** Go's merge: one channel carrying every value of {@code ins}, closed once all of them are. */
    static <T> RecvChan<T> merge(Context ctx, List<RecvChan<T>> ins) {
        Chan<T> out = Chan.make();
        WaitGroup wg = new WaitGroup();
        for (RecvChan<T> in : ins) {
            wg.go(() -> {
                for (T v : in) {
                    if (!Chans.sendOrDone(ctx, out, v)) {
                        return;
                    }
                }
            });
        }
        Go.go("merge closer", () -> {
            wg.await();
            out.close();
        });
        return out;
    }

}
