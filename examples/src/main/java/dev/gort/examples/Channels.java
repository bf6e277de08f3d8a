package dev.gort.examples;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Time;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Channels: an unbuffered channel is a meeting point — a send completes only when a receiver takes
 * the value, so it synchronises the two goroutines as well as carrying data. A buffered channel of
 * capacity 3 takes three sends without a receiver; the fourth blocks until somebody receives.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * done := make(chan int)              // unbuffered
 * go func() { result := work(); done <- result }()
 * fmt.Println(<-done)                 // waits for the worker; everything it wrote is visible now
 *
 * ch := make(chan int, 3)             // buffered
 * ch <- 1; ch <- 2; ch <- 3           // no receiver needed
 * select { case ch <- 4: default: fmt.Println("full") }
 * go func() { ch <- 4 }()             // blocks ...
 * <-ch                                // ... until this makes room
 * }</pre>
 *
 * <p>Every line here is deterministic: where the example says a send "is still blocked", it is
 * because no receive has happened yet, which no timing can change (the short sleeps only give a
 * wrong implementation the chance to show itself).
 */
public final class Channels implements Example {
    /** The example; {@link #run} runs it. */
    public Channels() {}

    @Override
    public String name() {
        return "channels";
    }

    @Override
    public String title() {
        return "unbuffered channels synchronise; a buffered channel blocks when full";
    }

    @Override
    public void run(PrintStream out) throws InterruptedException {
        unbuffered(out);
        out.println();
        buffered(out);
    }

    /** A plain field, written by the worker and read by main without any lock: the channel orders it. */
    private int result;

    private void unbuffered(PrintStream out) throws InterruptedException {
        out.println("unbuffered: make(chan) has no room for a value; sender and receiver meet");
        Chan<String> ch = Chan.make();
        out.println("trySend with no receiver waiting: " + ch.trySend("lost?") + " (nobody to meet, so no send)");

        // The sender blocks until the receiver arrives.
        Chan<Void> senderDone = Chan.make(1);
        Go.go("sender", () -> {
            ch.send("ping");
            senderDone.send(null);
        });
        Time.sleep(Duration.ofMillis(20));
        out.println("after 20 ms without a receiver, the sender's send has returned: " + (senderDone.tryRecv() != null));
        out.println("main receives: " + ch.recv());
        senderDone.recv();
        out.println("now the send has returned: true");

        // As synchronisation: the worker's write happens before main's receive returns.
        Chan<Void> done = Chan.make();
        Go.go("worker", () -> {
            result = 6 * 7;
            done.send(null);
        });
        done.recv();
        out.println("worker wrote a plain field, then sent on done; after <-done main reads it: " + result);
    }

    private static void buffered(PrintStream out) throws InterruptedException {
        Chan<Integer> ch = Chan.make(3);
        out.println("buffered: make(chan int, 3)");
        for (int i = 1; i <= 3; i++) {
            ch.send(i);
            out.printf("send %d without a receiver: ok (len %d, cap %d)%n", i, ch.len(), ch.cap());
        }
        out.println("trySend(4) on the full channel: " + ch.trySend(4) + " (a send would block)");

        Chan<Void> sent4 = Chan.make(1);
        Go.go("fourth sender", () -> {
            ch.send(4); // blocks: the buffer is full
            sent4.send(null);
        });
        Time.sleep(Duration.ofMillis(20));
        out.println("a goroutine sends 4; after 20 ms its send has returned: " + (sent4.tryRecv() != null)
                + " (len " + ch.len() + ")");
        out.println("main receives " + ch.recv() + ", which makes room");
        sent4.recv();
        out.println("the fourth send returns (len " + ch.len() + ")");
        StringBuilder rest = new StringBuilder();
        while (ch.len() > 0) {
            rest.append(rest.isEmpty() ? "" : " ").append(ch.recv());
        }
        out.println("the rest, in FIFO order: " + rest);
    }
}
