package dev.gort.examples;

import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.RecvChan;
import dev.gort.chan.Select;
import dev.gort.chan.Ticker;
import dev.gort.chan.Time;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code select}: wait on several channel operations and do whichever can go first. Shown here:
 * multiplexing two producers onto one loop, turning off a finished producer's case by setting its
 * channel to {@code null} (Go's nil channel, never ready), {@code default} ({@code otherwise}) for a
 * non-blocking attempt, a timeout with {@link Time#after}, a {@link Ticker}, and the random choice
 * among ready cases that keeps a select fair.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * for a != nil || b != nil {
 *     select {
 *     case v, ok := <-a:
 *         if !ok { a = nil; continue }   // a nil channel's case is never chosen again
 *         fmt.Println(v)
 *     case v, ok := <-b:
 *         if !ok { b = nil; continue }
 *         fmt.Println(v)
 *     }
 * }
 *
 * select {
 * case v := <-ch: use(v)
 * default:        fmt.Println("nothing ready")
 * }
 *
 * select {
 * case v := <-never: use(v)
 * case <-time.After(50 * time.Millisecond): fmt.Println("timeout")
 * }
 * }</pre>
 *
 * <p>In gort, {@code select(...)} takes its cases as arguments ({@code recv}, {@code send},
 * {@code otherwise}), runs the chosen case's handler and returns its index;
 * {@link Select#returning()} is the expression form whose handlers return a value.
 */
public final class SelectDemo implements Example {
    /** The example; {@link #run} runs it. */
    public SelectDemo() {}

    static final int FAIRNESS_ROUNDS = 1_000;

    @Override
    public String name() {
        return "select";
    }

    @Override
    public String title() {
        return "select: multiplexing, nil channels, default, timeout, ticker, fairness";
    }

    @Override
    public void run(PrintStream out) {
        multiplex(out);
        nonBlocking(out);
        timeout(out);
        ticker(out);
        fairness(out);
    }

    private static Chan<String> producer(String name, int n) {
        Chan<String> ch = Chan.make();
        Go.go("producer " + name, () -> {
            for (int i = 0; i < n; i++) {
                ch.send(name + i);
            }
            ch.close();
        });
        return ch;
    }

    private static void multiplex(PrintStream out) {
        RecvChan<String> a = producer("a", 3);
        RecvChan<String> b = producer("b", 3);
        List<String> got = new ArrayList<>();
        String[] value = new String[1];
        boolean[] ok = new boolean[1];
        while (a != null || b != null) {
            int i = select(
                    recv(a, (v, isOpen) -> { value[0] = v; ok[0] = isOpen; }),
                    recv(b, (v, isOpen) -> { value[0] = v; ok[0] = isOpen; }));
            if (!ok[0]) {
                got.add(i == 0 ? "(a closed: a = null)" : "(b closed: b = null)");
                if (i == 0) {
                    a = null; // its case is never ready again
                } else {
                    b = null;
                }
            } else {
                got.add(value[0]);
            }
        }
        out.println("multiplexing two producers: " + String.join(" ", got));
        out.println("  both channels nil: the loop ends (each producer's values in its own order; the mix varies)");
    }

    private static void nonBlocking(PrintStream out) {
        Chan<Integer> empty = Chan.make(1);
        int i = select(
                recv(empty, v -> out.println("received " + v)),
                otherwise(() -> out.println("default: nothing ready on the empty channel, select did not block")));
        Chan<Integer> full = Chan.make(1);
        full.send(1);
        int j = select(
                Select.send(full, 2, () -> out.println("sent 2")),
                otherwise(() -> out.println("default: the full channel would block the send")));
        int k = select(recv(null), otherwise());
        out.printf("  chosen cases: %d, %d; a select on only a nil channel with a default: case %d (default)%n", i, j, k);
    }

    private static void timeout(PrintStream out) {
        Chan<String> never = Chan.make();
        long start = System.nanoTime();
        String r = Select.<String>returning()
                .recv(never, v -> "got " + v)
                .recv(Time.after(Duration.ofMillis(50)), t -> "timeout")
                .select();
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.println("receive with time.After(50 ms) as the other case: " + r
                + " (waited at least 50 ms: " + (ms >= 50) + ")");
    }

    private static void ticker(PrintStream out) {
        long start = System.nanoTime();
        Ticker ticker = Time.ticker(Duration.ofMillis(10));
        RecvChan<?> giveUp = Time.after(Duration.ofSeconds(5));
        int ticks = 0;
        try {
            while (ticks < 5) {
                int i = select(recv(ticker.c()), recv(giveUp));
                if (i == 1) {
                    break;
                }
                ticks++;
            }
        } finally {
            ticker.stop(); // a ticker runs until stopped
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        out.printf("a 10 ms ticker: %d ticks received, then stopped (in %d ms)%n", ticks, ms);
    }

    private static void fairness(PrintStream out) {
        Chan<Integer> x = Chan.make(FAIRNESS_ROUNDS);
        Chan<Integer> y = Chan.make(FAIRNESS_ROUNDS);
        for (int i = 0; i < FAIRNESS_ROUNDS; i++) {
            x.send(i);
            y.send(i);
        }
        int[] chosen = new int[2];
        for (int i = 0; i < FAIRNESS_ROUNDS; i++) {
            chosen[select(recv(x), recv(y))]++;
        }
        out.printf("both cases ready %,d times: first chosen %d, second %d (uniformly at random, as in Go)%n",
                FAIRNESS_ROUNDS, chosen[0], chosen[1]);
    }
}
