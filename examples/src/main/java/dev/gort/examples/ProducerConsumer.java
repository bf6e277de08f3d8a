package dev.gort.examples;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Received;
import dev.gort.context.Chans;
import dev.gort.context.Context;
import dev.gort.context.ErrGroups;
import dev.gort.sync.ErrGroup;
import dev.gort.sync.WaitGroup;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pattern: producers and consumers around a bounded buffer — a buffered channel. Producers block
 * when the buffer is full (backpressure: they can never run ahead by more than its capacity);
 * consumers block when it is empty. With several producers, none of them may close the channel on
 * its own: the last one to finish must, so a {@link WaitGroup} counts them and a goroutine closes the
 * buffer when it reaches zero; the consumers' range then ends once it is drained. Done right: the
 * producers and consumers are one {@link ErrGroup} with a context, so a consumer that fails (a
 * poisoned item) stops the producers, which are blocked on a full buffer nobody drains any more,
 * through {@code ctx.done()}.
 *
 * <p>The Go it mirrors:
 * <pre>{@code
 * g, ctx := errgroup.WithContext(ctx)
 * buf := make(chan int, 5)
 * var producers sync.WaitGroup
 * for p := 0; p < 2; p++ {
 *     producers.Add(1)
 *     g.Go(func() error {
 *         defer producers.Done()
 *         for i := 0; i < 50; i++ {
 *             select {
 *             case buf <- item(p, i):
 *             case <-ctx.Done(): return nil
 *             }
 *         }
 *         return nil
 *     })
 * }
 * go func() { producers.Wait(); close(buf) }()   // the last producer out closes the buffer
 * for c := 0; c < 3; c++ {
 *     g.Go(func() error {
 *         for v := range buf { if err := consume(v); err != nil { return err } }
 *         return nil
 *     })
 * }
 * err := g.Wait()
 * }</pre>
 */
public final class ProducerConsumer implements Example {
    /** The example; {@link #run} runs it. */
    public ProducerConsumer() {}

    static final int PRODUCERS = 2;
    static final int PER_PRODUCER = 50;
    static final int CONSUMERS = 3;
    static final int CAPACITY = 5;

    @Override
    public String name() {
        return "prodcons";
    }

    @Override
    public String title() {
        return "pattern: producers and consumers on a bounded buffer (backpressure; the last producer closes)";
    }

    @Override
    public void run(PrintStream out) throws InterruptedException {
        int before = Go.numGoroutine();
        Run ok = run(-1);
        out.printf("%d producers x %d items, %d consumers, buffer capacity %d%n",
                PRODUCERS, PER_PRODUCER, CONSUMERS, CAPACITY);
        out.printf("produced %d, consumed %d, checksum %s; the buffer never held more than %d (its capacity)%n",
                ok.produced, ok.consumed, ok.sum == expectedSum() ? "matches" : "WRONG", ok.maxLen);

        Run poisoned = run(PER_PRODUCER / 2);
        out.printf("item %d is poisoned: await() threw %s: %s%n", PER_PRODUCER / 2,
                poisoned.failure.getClass().getSimpleName(), poisoned.failure.getMessage());
        if (poisoned.produced < PRODUCERS * PER_PRODUCER) {
            out.printf("  producers stopped through ctx.done(): produced %d of %d; goroutines still running: %d%n",
                    poisoned.produced, PRODUCERS * PER_PRODUCER, Pipeline.leftover(before));
        } else {
            // The consumer holding the poisoned item can wait in a run queue while the others
            // drain the buffer (as in Go): then the producers finish before the failure is seen.
            out.printf("  producers finished all %d before the failure was seen (the consumer holding item %d ran late);"
                    + " goroutines still running: %d%n", PRODUCERS * PER_PRODUCER, PER_PRODUCER / 2, Pipeline.leftover(before));
        }
    }

    record Run(int produced, int consumed, long sum, int maxLen, RuntimeException failure) {}

    /** Producer p's item i is {@code p * 1000 + i}. */
    static long expectedSum() {
        long s = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            for (int i = 0; i < PER_PRODUCER; i++) {
                s += p * 1000L + i;
            }
        }
        return s;
    }

    /** One run; an item whose index is {@code poison} makes its consumer fail (-1: none). */
    static Run run(int poison) {
        ErrGroups.GroupContext gc = ErrGroups.withContext(Context.background());
        ErrGroup g = gc.group();
        Context ctx = gc.context();
        Chan<Integer> buffer = Chan.make(CAPACITY);
        AtomicInteger produced = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        AtomicLong sum = new AtomicLong();
        AtomicInteger maxLen = new AtomicInteger();

        WaitGroup producers = new WaitGroup();
        for (int p = 0; p < PRODUCERS; p++) {
            int id = p;
            producers.add(1);
            g.go(() -> {
                try {
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        if (!Chans.sendOrDone(ctx, buffer, id * 1000 + i)) {
                            return null; // the consumers failed: stop producing
                        }
                        produced.incrementAndGet();
                        maxLen.accumulateAndGet(buffer.len(), Math::max);
                    }
                    return null;
                } finally {
                    producers.done();
                }
            });
        }
        Go.go("closer", () -> {
            producers.await();
            buffer.close(); // every producer is done: now, and only now, it may be closed
        });
        for (int c = 0; c < CONSUMERS; c++) {
            g.go(() -> {
                // Not a plain range over the buffer: once the group's context is canceled (another
                // consumer failed) the remaining consumers stop too, so the producers are left with
                // a full buffer nobody drains and stop through ctx.done().
                for (Received<Integer> r; (r = Chans.recvOrDone(ctx, buffer)) != null && r.ok(); ) {
                    int v = r.value();
                    if (v == poison) { // producer 0's item
                        throw new IllegalStateException("poisoned item " + v);
                    }
                    sum.addAndGet(v);
                    consumed.incrementAndGet();
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
        return new Run(produced.get(), consumed.get(), sum.get(), maxLen.get(), failure);
    }
}
