package dev.gort.examples;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;
import dev.gort.chan.Received;
import dev.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Closing a channel: the sender's way to say "no more values". Receivers drain what is buffered,
 * then get the zero value ({@code null}) with {@code ok == false}; {@code for (T v : ch)} is Go's
 * {@code for v := range ch} and ends there. A close wakes every blocked receiver at once, which makes
 * it a broadcast. Sending on, or closing, a closed channel is a bug, and throws where Go panics.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * ch := make(chan int)
 * go func() {
 *     for i := 1; i <= 5; i++ { ch <- i * i }
 *     close(ch)                    // only the sender closes
 * }()
 * for v := range ch { fmt.Println(v) }   // 1 4 9 16 25, then the loop ends
 *
 * v, ok := <-ch                    // 0 false: closed and drained
 * ch <- 1                          // panic: send on closed channel
 * }</pre>
 */
public final class CloseAndRange implements Example {
    /** The example; {@link #run} runs it. */
    public CloseAndRange() {}

    @Override
    public String name() {
        return "close";
    }

    @Override
    public String title() {
        return "close, v, ok := <-ch, and range over a channel";
    }

    @Override
    public void run(PrintStream out) {
        // range
        Chan<Integer> squares = Chan.make();
        Go.go("producer", () -> {
            for (int i = 1; i <= 5; i++) {
                squares.send(i * i);
            }
            squares.close();
        });
        StringBuilder got = new StringBuilder();
        for (Integer v : squares) { // for v := range squares
            got.append(v).append(' ');
        }
        out.println("range over a channel: " + got + "-> the loop ended when the producer closed it");

        // recvOk: buffered values survive the close; then (null, false)
        Chan<String> ch = Chan.make(2);
        ch.send("a");
        ch.send(null); // a nil pointer is a value like any other
        ch.close();
        out.println("buffered [a, null], then closed; v, ok := <-ch three times:");
        for (int i = 0; i < 3; i++) {
            Received<String> r = ch.recvOk();
            out.printf("  v=%s ok=%s%s%n", r.value(), r.ok(),
                    r.ok() ? (r.value() == null ? "   (a sent null: ok tells it from a close)" : "")
                           : "   (closed and drained)");
        }
        out.println("recv() on it again: " + ch.recv() + " (the zero value, at once, forever)");

        // close is a broadcast
        Chan<Void> quit = Chan.make();
        WaitGroup wg = new WaitGroup();
        ConcurrentLinkedQueue<Boolean> oks = new ConcurrentLinkedQueue<>();
        WaitGroup waiting = new WaitGroup();
        for (int i = 0; i < 3; i++) {
            waiting.add(1);
            wg.go(() -> {
                waiting.done();
                oks.add(quit.recvOk().ok()); // blocks until close
            });
        }
        waiting.await();
        quit.close();
        wg.await();
        out.println("three goroutines blocked on <-quit; close(quit) woke all " + oks.size() + ", each with ok="
                + (oks.stream().allMatch(ok -> !ok) ? "false" : "true?!"));

        // misuse
        try {
            quit.send(null);
        } catch (ChanClosedException e) {
            out.println("send on the closed channel: ChanClosedException(\"" + e.getMessage() + "\")");
        }
        try {
            quit.close();
        } catch (ChanClosedException e) {
            out.println("close it again: ChanClosedException(\"" + e.getMessage() + "\")");
        }
    }
}
