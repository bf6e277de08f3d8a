package dev.gort.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Channels as Flow publishers and subscribers, and as Streams. */
class FlowTest {
    static final int N = 300;

    /** Sends 0..n-1 on {@code ch} from a goroutine, counting each send once it completed, then closes it. */
    static void produce(Chan<Integer> ch, int n, AtomicInteger produced) {
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                ch.send(i);
                produced.incrementAndGet();
            }
            ch.close();
        });
    }

    /**
     * A slow JDK-side subscriber: requests one item at a time, after "working" on the previous one,
     * and records how far the producer ran ahead of it and whether an item ever came unrequested.
     */
    static final class SlowSubscriber implements Flow.Subscriber<Integer> {
        final List<Integer> got = new ArrayList<>();
        final CompletableFuture<Throwable> end = new CompletableFuture<>();
        final AtomicInteger produced;
        int maxAhead;
        long outstanding;
        boolean unrequested;
        Flow.Subscription s;

        SlowSubscriber(AtomicInteger produced) {
            this.produced = produced;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.s = s;
            outstanding = 1;
            s.request(1);
        }

        @Override
        public void onNext(Integer item) {
            if (--outstanding < 0) {
                unrequested = true;
            }
            got.add(item);
            maxAhead = Math.max(maxAhead, produced.get() - got.size());
            Thread.onSpinWait();
            try {
                Thread.sleep(0, 200_000); // slow work, not synchronisation
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            outstanding++;
            s.request(1);
        }

        @Override
        public void onError(Throwable t) {
            end.complete(t);
        }

        @Override
        public void onComplete() {
            end.complete(null);
        }
    }

    @Test
    void publisherHoldsTheProducerBackToTheSubscribersDemand() throws Exception {
        Chan<Integer> src = Chan.make(2);
        AtomicInteger produced = new AtomicInteger();
        SlowSubscriber sub = new SlowSubscriber(produced);
        Flows.publisher(src).subscribe(sub);
        produce(src, N, produced);
        assertNull(sub.end.get(30, TimeUnit.SECONDS), "completed, no error");
        assertEquals(IntStream.range(0, N).boxed().toList(), sub.got, "every value once, in order");
        assertTrue(!sub.unrequested, "no item beyond demand");
        // ahead of the subscriber: at most the channel's buffer (2) plus the one the publisher took
        assertTrue(sub.maxAhead <= src.cap() + 1, "producer ran " + sub.maxAhead + " ahead");
    }

    @Test
    void subscriberBoundsWhatIsInFlightBetweenAJdkPublisherAndAChannel() throws Exception {
        int prefetch = 4;
        int jdkBuffer = 8;
        Chan<Integer> dst = Chan.make(); // unbuffered: the consumer's pace is the pace
        ChanSubscriber<Integer> sub = Flows.subscriber(dst, prefetch);
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        try (ExecutorService ex = Go.executor();
             SubmissionPublisher<Integer> pub = new SubmissionPublisher<>(ex, jdkBuffer)) {
            pub.subscribe(sub);
            Go.go(() -> {
                for (int i = 0; i < N; i++) {
                    pub.submit(i); // blocks while the subscriber's JDK buffer is full
                    submitted.incrementAndGet();
                }
                pub.close();
            });
            List<Integer> got = new ArrayList<>();
            for (int v : dst) {
                got.add(v);
                maxInFlight.accumulateAndGet(submitted.get() - got.size(), Math::max);
                Thread.sleep(0, 200_000); // a slow consumer
            }
            assertEquals(IntStream.range(0, N).boxed().toList(), got);
            assertNull(sub.error());
        }
        // between the producer and the consumer: the JDK publisher's buffer, our prefetch, the pump's one
        int bound = jdkBuffer + prefetch + 2;
        assertTrue(maxInFlight.get() <= bound, "in flight " + maxInFlight.get() + " > " + bound);
    }

    @Test
    void aChannelPipelineThroughFlowKeepsEveryValueAndItsOrder() throws Exception {
        Chan<Integer> src = Chan.make(3);
        Chan<Integer> dst = Chan.make(1);
        AtomicInteger produced = new AtomicInteger();
        Flows.publisher(src).subscribe(Flows.subscriber(dst, 2));
        produce(src, N, produced);
        long inFlightMax = 0;
        List<Integer> got = new ArrayList<>();
        for (int v : dst) {
            got.add(v);
            inFlightMax = Math.max(inFlightMax, produced.get() - got.size());
        }
        assertEquals(IntStream.range(0, N).boxed().toList(), got);
        // src buffer 3 + the publisher's one + prefetch 2 + the pump's one + dst buffer 1
        assertTrue(inFlightMax <= 3 + 1 + 2 + 1 + 1, "in flight " + inFlightMax);
    }

    @Test
    void aPublisherErrorClosesTheChannelAndIsKept() throws Exception {
        Chan<String> dst = Chan.make();
        ChanSubscriber<String> sub = Flows.subscriber(dst, 8);
        IllegalStateException boom = new IllegalStateException("upstream failed");
        try (SubmissionPublisher<String> pub = new SubmissionPublisher<>(Go.executor(), 8)) {
            pub.subscribe(sub);
            pub.submit("a");
            pub.submit("b");
            assertEquals(List.of("a", "b"), dst.stream().limit(2).toList());
            pub.closeExceptionally(boom); // SubmissionPublisher signals an error ahead of buffered items
            assertEquals(List.of(), dst.stream().toList(), "the error closed the channel");
        }
        assertSame(boom, sub.error());
    }

    @Test
    void badRequestsAndNullsEndTheSubscriptionWithOnError() throws Exception {
        Chan<Integer> src = Chan.make(1);
        CompletableFuture<Throwable> err = new CompletableFuture<>();
        Flows.publisher(src).subscribe(new Flow.Subscriber<Integer>() {
            @Override public void onSubscribe(Flow.Subscription s) { s.request(0); }
            @Override public void onNext(Integer item) { err.completeExceptionally(new AssertionError("onNext " + item)); }
            @Override public void onError(Throwable t) { err.complete(t); }
            @Override public void onComplete() { err.completeExceptionally(new AssertionError("onComplete")); }
        });
        assertInstanceOf(IllegalArgumentException.class, err.get(10, TimeUnit.SECONDS));

        Chan<Integer> withNull = Chan.make(1);
        withNull.send(null);
        CompletableFuture<Throwable> err2 = new CompletableFuture<>();
        Flows.publisher(withNull).subscribe(new Flow.Subscriber<Integer>() {
            @Override public void onSubscribe(Flow.Subscription s) { s.request(Long.MAX_VALUE); }
            @Override public void onNext(Integer item) { err2.completeExceptionally(new AssertionError("onNext " + item)); }
            @Override public void onError(Throwable t) { err2.complete(t); }
            @Override public void onComplete() { err2.completeExceptionally(new AssertionError("onComplete")); }
        });
        assertInstanceOf(NullPointerException.class, err2.get(10, TimeUnit.SECONDS));

        assertThrows(NullPointerException.class, () -> Flows.publisher(src).subscribe(null));
        assertThrows(IllegalArgumentException.class, () -> Flows.subscriber(Chan.make(), 0));
        assertThrows(NullPointerException.class, () -> Flows.subscriber(null, 1));
    }

    @Test
    void cancelStopsThePublisherAndLeavesTheRestInTheChannel() throws Exception {
        Chan<Integer> src = Chan.make(100);
        for (int i = 0; i < 100; i++) {
            src.send(i);
        }
        CompletableFuture<List<Integer>> got = new CompletableFuture<>();
        Flows.publisher(src).subscribe(new Flow.Subscriber<Integer>() {
            final List<Integer> items = new ArrayList<>();
            Flow.Subscription s;
            @Override public void onSubscribe(Flow.Subscription s) { this.s = s; s.request(Long.MAX_VALUE); }
            @Override public void onNext(Integer item) {
                items.add(item);
                if (items.size() == 10) {
                    s.cancel();
                    got.complete(List.copyOf(items));
                }
            }
            @Override public void onError(Throwable t) { got.completeExceptionally(t); }
            @Override public void onComplete() { got.completeExceptionally(new AssertionError("onComplete")); }
        });
        assertEquals(IntStream.range(0, 10).boxed().toList(), got.get(10, TimeUnit.SECONDS));
        src.close();
        // the publisher saw the cancel (from inside onNext) before receiving again: nothing lost
        assertEquals(IntStream.range(10, 100).boxed().toList(), src.stream().toList());
    }

    // Racy on purpose (tag "racy": the race-detector run leaves it out): it closes a channel a
    // sender is parked on, to see the send throw; Go's race detector reports that close and send.
    @Tag("racy")
    @Test
    void subscriberCancelClosesTheTargetAndStopsThePublisher() throws Exception {
        // Rounds, because what is delivered after the cancel depends on where the pump is.
        for (int round = 0; round < 100; round++) {
            Chan<Integer> src = Chan.make();
            Chan<Integer> dst = Chan.make();
            ChanSubscriber<Integer> sub = Flows.subscriber(dst, 4);
            Flows.publisher(src).subscribe(sub);
            Go.go(() -> {
                for (int i = 0; ; i++) {
                    try {
                        src.send(i);
                    } catch (ChanClosedException e) {
                        return;
                    }
                }
            });
            assertEquals(List.of(0, 1, 2), dst.stream().limit(3).toList());
            sub.cancel();
            sub.cancel(); // idempotent
            List<Integer> rest = dst.stream().toList(); // ends: the target is closed
            assertTrue(rest.size() <= 1, "round " + round + ": at most the one the pump was offering: " + rest);
            src.close(); // the producer stops
        }
    }

    @Test
    void aSubscriberCanceledBeforeItIsSubscribedClosesItsTargetAndRefusesTheSubscription() throws Exception {
        Chan<Integer> dst = Chan.make();
        ChanSubscriber<Integer> sub = Flows.subscriber(dst, 4);
        sub.cancel();
        assertEquals(List.of(), dst.stream().toList(), "the target is closed");
        CompletableFuture<Boolean> canceled = new CompletableFuture<>();
        sub.onSubscribe(new Flow.Subscription() {
            @Override public void request(long n) { canceled.complete(false); }
            @Override public void cancel() { canceled.complete(true); }
        });
        assertTrue(canceled.get(10, TimeUnit.SECONDS), "the late subscription is canceled, nothing requested");
    }

    @Test
    void streamReceivesUntilClosedAndDrained() {
        Chan<String> ch = Chan.make(10);
        Go.go(() -> {
            for (String s : "go is fun on the jvm".split(" ")) {
                ch.send(s);
            }
            ch.close();
        });
        assertEquals("go-is-fun-on-the-jvm", ch.stream().collect(Collectors.joining("-")));
        assertEquals(0, ch.stream().count(), "closed and drained: an empty stream");
    }

    @Test
    void aShortCircuitingStreamTakesOnlyWhatItNeeds() {
        Chan<Integer> ch = Chan.make(10);
        for (int i = 0; i < 10; i++) {
            ch.send(i == 4 ? null : i);
        }
        ch.close();
        assertEquals(Arrays.asList(0, 1, 2), ch.stream().limit(3).toList());
        assertEquals(Arrays.asList(3, null, 5), ch.stream().limit(3).toList(), "nulls pass; nothing skipped");
        assertEquals(4, ch.len());
        AtomicLong sum = new AtomicLong();
        ch.stream().forEach(sum::addAndGet);
        assertEquals(6 + 7 + 8 + 9, sum.get());
    }
}
