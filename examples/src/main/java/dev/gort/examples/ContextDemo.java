package dev.gort.examples;

import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Select;
import dev.gort.chan.Time;
import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import dev.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * Context: how a request's deadline and cancellation reach every goroutine working on it. A worker
 * stops when its context is canceled; a slow call gives up when its timeout passes; and a request
 * tree — a request, the calls it makes, the queries those make — is canceled from the top, every
 * node exactly once, while canceling one branch leaves the rest running. Values (a request id) flow
 * down the same tree.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * ctx, cancel := context.WithCancel(context.Background())
 * go func() {
 *     for {
 *         select {
 *         case <-ctx.Done(): return                 // ctx.Err() == context.Canceled
 *         default:          work()
 *         }
 *     }
 * }()
 * cancel()
 *
 * ctx, cancel := context.WithTimeout(parent, 50*time.Millisecond)
 * defer cancel()
 * select {
 * case r := <-slowCall(ctx): use(r)
 * case <-ctx.Done():          return ctx.Err()     // context.DeadlineExceeded
 * }
 *
 * req, cancelReq := context.WithCancelCause(context.WithValue(bg, requestID, "r-42"))
 * db, _ := context.WithTimeout(req, 10*time.Second)
 * q1, _ := context.WithCancel(db)                  // ... a tree
 * cancelReq(errors.New("client went away"))        // every descendant is done
 * }</pre>
 *
 * <p>In gort a {@link CancelableContext} is {@link AutoCloseable}: try-with-resources is Go's
 * {@code defer cancel()}. {@link Context#done()} is a channel, so it goes into a {@code select} like
 * any other; {@link Context#err()} says why ({@link Context#CANCELED} or
 * {@link Context#DEADLINE_EXCEEDED}) and {@link Context#cause(Context)} gives the cause passed to
 * {@code cancel}.
 */
public final class ContextDemo implements Example {
    /** The example; {@link #run} runs it. */
    public ContextDemo() {}

    static final Context.Key<String> REQUEST_ID = Context.Key.of("requestId");

    @Override
    public String name() {
        return "context";
    }

    @Override
    public String title() {
        return "context: cancellation, timeout, a request tree canceled from the top";
    }

    @Override
    public void run(PrintStream out) {
        cancellation(out);
        timeout(out);
        tree(out);
    }

    private static void cancellation(PrintStream out) {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Integer> progress = Chan.make();
        Chan<Throwable> stopped = Chan.make(1);
        Go.go("worker", () -> {
            int units = 0;
            for (;;) {
                if (select(recv(ctx.done()), otherwise()) == 0) { // done? else go on at once
                    stopped.send(ctx.err());
                    return;
                }
                Time.sleep(Duration.ofMillis(1)); // a unit of work
                units++;
                if (units <= 3) {
                    progress.send(units);
                }
            }
        });
        for (int i = 0; i < 3; i++) {
            progress.recv();
        }
        ctx.cancel();
        Throwable err = stopped.recv();
        out.println("1. cancellation: a worker loops until ctx.done() is closed; after 3 units main calls cancel()");
        out.println("   the worker stopped, ctx.err(): " + err.getMessage()
                + " (== Context.CANCELED: " + (err == Context.CANCELED) + ")");
    }

    private static void timeout(PrintStream out) {
        long start = System.nanoTime();
        String outcome;
        Chan<Void> callReturned = Chan.make(1);
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50))) {
            Chan<String> result = Chan.make(1); // buffered: the call can always deliver and return
            Go.go("slow call", () -> {
                // The call itself honours ctx: it gives up too instead of running on for nothing.
                select(
                        recv(Time.after(Duration.ofSeconds(10)), t -> result.send("result")),
                        recv(ctx.done()));
                callReturned.send(null);
            });
            outcome = Select.<String>returning()
                    .recv(result, r -> "got " + r)
                    .recv(ctx.done(), v -> "gave up: " + ctx.err().getMessage()
                            + " (== Context.DEADLINE_EXCEEDED: " + (ctx.err() == Context.DEADLINE_EXCEEDED) + ")")
                    .select();
        } // close() = cancel(): Go's defer cancel()
        callReturned.recv();
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println("2. timeout: a 10 s call under a 50 ms context.withTimeout");
        out.println("   " + outcome);
        out.println("   after at least 50 ms: " + (ms >= 50) + "; the call saw ctx.done() and returned too");
    }

    private static void tree(PrintStream out) {
        out.println("3. a request tree: request -> {db -> {query1, query2}, cache}, request id in a value");
        CancelableContext request = Context.withCancelCause(
                Context.withValue(Context.background(), REQUEST_ID, "r-42"));
        CancelableContext db = Context.withTimeout(request, Duration.ofSeconds(10));
        CancelableContext query1 = Context.withCancel(db);
        CancelableContext query2 = Context.withCancel(db);
        CancelableContext cache = Context.withCancel(request);
        Map<String, Context> nodes = new TreeMap<>(Map.of(
                "request", request, "db", db, "db/query1", query1, "db/query2", query2, "cache", cache));

        // One goroutine per node, each waiting for its context to be done.
        Map<String, String> seen = new TreeMap<>();
        WaitGroup all = new WaitGroup();
        WaitGroup cacheDone = new WaitGroup();
        cacheDone.add(1);
        nodes.forEach((name, ctx) -> all.go(() -> {
            ctx.done().recv();
            synchronized (seen) {
                seen.put(name, ctx.err().getMessage() + ", cause: " + Context.cause(ctx).getMessage()
                        + ", requestId " + ctx.value(REQUEST_ID));
            }
            if (name.equals("cache")) {
                cacheDone.done();
            }
        }));

        cache.cancel(); // one branch only
        cacheDone.await();
        out.println("   cache.cancel(): cache done; request.err() = " + request.err() + ", db.err() = " + db.err()
                + " (a child's cancel never reaches its parent)");

        request.cancel(new IllegalStateException("client went away")); // the top
        all.await();
        out.println("   request.cancel(cause) reached every node, once each:");
        seen.forEach((name, how) -> out.println("     " + name + ": " + how));
        db.cancel(); // release the timer at once (cancel after done does nothing else)
    }
}
