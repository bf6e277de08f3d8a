package dev.gort.examples;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.RecvChan;
import dev.gort.context.CancelableContext;
import dev.gort.context.Chans;
import dev.gort.context.Context;
import dev.gort.context.ErrGroups;
import dev.gort.sync.ErrGroup;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Pattern: a pipeline. Stages connected by channels, each a goroutine that receives from upstream,
 * transforms, and sends downstream; each stage closes its output when it is done, so the next one's
 * range ends. Done right means two things. A consumer that stops early cancels the context, and
 * every stage — blocked on a send nobody will receive — sees {@code ctx.done()} and returns (the
 * generator here is infinite; without cancellation it would block forever: a goroutine leak). And a
 * stage that fails fails the whole {@link ErrGroup}: its context is canceled, the other stages stop,
 * and {@code await} rethrows the failure.
 *
 * <p>The Go it mirrors (the Go blog's "Pipelines and cancellation"):
 * <pre>{@code
 * func gen(ctx context.Context) <-chan int {
 *     out := make(chan int)
 *     go func() {
 *         defer close(out)
 *         for n := 1; ; n++ {
 *             select {
 *             case out <- n:
 *             case <-ctx.Done(): return
 *             }
 *         }
 *     }()
 *     return out
 * }
 * // sq(ctx, in) likewise: for n := range in { select { case out <- n*n: case <-ctx.Done(): return } }
 *
 * ctx, cancel := context.WithCancel(context.Background())
 * for v := range sq(ctx, gen(ctx)) { fmt.Println(v); if v >= 25 { break } }
 * cancel()                                        // gen and sq return
 * }</pre>
 */
public final class Pipeline implements Example {
    /** The example; {@link #run} runs it. */
    public Pipeline() {}

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String title() {
        return "pattern: a pipeline (stop early with cancel; a failing stage stops them all)";
    }

    @Override
    public void run(PrintStream out) throws InterruptedException {
        earlyStop(out);
        failingStage(out);
    }

    /** gen -> square -> consumer that takes five values and cancels. */
    private static void earlyStop(PrintStream out) throws InterruptedException {
        int before = Go.numGoroutine();
        List<Integer> taken = new ArrayList<>();
        ErrGroup g;
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            ErrGroups.GroupContext gc = ErrGroups.withContext(ctx);
            g = gc.group();
            RecvChan<Integer> numbers = generate(gc.context(), g);
            RecvChan<Integer> squares = stage(gc.context(), g, numbers, n -> n * n);
            for (int v : squares) {
                taken.add(v);
                if (taken.size() == 5) {
                    break; // the consumer has what it needs
                }
            }
        } // cancel(): the generator is infinite; only this stops it
        g.await(); // every stage has returned
        out.println("gen(1, 2, 3, ...) -> square -> take 5: " + taken);
        out.println("  then cancel(): the infinite generator and the squarer returned (await() came back; "
                + "goroutines still running: " + leftover(before) + ")");
    }

    /** gen(strings) -> parse -> sum, where one input does not parse. */
    private static void failingStage(PrintStream out) throws InterruptedException {
        int before = Go.numGoroutine();
        ErrGroups.GroupContext gc = ErrGroups.withContext(Context.background());
        ErrGroup g = gc.group();
        Context ctx = gc.context();
        Chan<String> words = Chan.make();
        g.go(() -> {
            try {
                for (int i = 1; ; i++) { // "1", "2", "x", "4", ...: endless, until canceled
                    if (!Chans.sendOrDone(ctx, words, i == 3 ? "x" : String.valueOf(i))) {
                        return null;
                    }
                }
            } finally {
                words.close();
            }
        });
        RecvChan<Integer> numbers = stage(ctx, g, words, Integer::parseInt); // throws on "x"
        long[] sum = {0};
        g.go(() -> {
            for (int n : numbers) {
                sum[0] += n;
            }
            return null;
        });
        try {
            g.await();
            out.println("no failure?!");
        } catch (NumberFormatException e) {
            out.println("gen(\"1\", \"2\", \"x\", ...) -> parse -> sum: await() threw NumberFormatException: "
                    + e.getMessage());
            out.println("  the failure canceled the group's context: the endless generator and the summer returned "
                    + "(goroutines still running: " + leftover(before) + "); cause: "
                    + Context.cause(ctx).getClass().getSimpleName());
        }
    }

    /** An endless source 1, 2, 3, ... in a goroutine of {@code g}, stopped only by {@code ctx}. */
    static RecvChan<Integer> generate(Context ctx, ErrGroup g) {
        Chan<Integer> out = Chan.make();
        g.go(() -> {
            try {
                for (int n = 1; ; n++) {
                    if (!Chans.sendOrDone(ctx, out, n)) {
                        return null;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    /** A stage: {@code f} applied to every value of {@code in}, in a goroutine of {@code g}. */
    static <A, B> RecvChan<B> stage(Context ctx, ErrGroup g, RecvChan<A> in, Function<A, B> f) {
        Chan<B> out = Chan.make();
        g.go(() -> {
            try {
                for (A a : in) {
                    if (!Chans.sendOrDone(ctx, out, f.apply(a))) {
                        return null;
                    }
                }
            } finally {
                out.close(); // downstream's range ends, whether we finished, stopped or failed
            }
            return null;
        });
        return out;
    }

    /** Goroutines above {@code before}, once those that already signalled their end have returned. */
    static int leftover(int before) throws InterruptedException {
        for (int i = 0; i < 1000 && Go.numGoroutine() > before; i++) {
            Thread.sleep(1);
        }
        return Math.max(0, Go.numGoroutine() - before);
    }
}
