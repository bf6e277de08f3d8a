package dev.gort.chan;

import dev.gort.Go;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Channels as {@link java.util.concurrent.Flow} (Reactive Streams) publishers and subscribers, with
 * backpressure both ways: a channel's blocking send is Flow's demand.
 *
 * <pre>{@code
 * Flow.Publisher<Order> orders = Flows.publisher(orderChan);   // emits what the channel receives
 *
 * Chan<Event> events = Chan.make();
 * ChanSubscriber<Event> sub = Flows.subscriber(events, 16);    // at most 16 requested ahead
 * somePublisher.subscribe(sub);
 * for (Event e : events) handle(e);                            // closed when the publisher completes
 * if (sub.error() != null) throw new IllegalStateException(sub.error());
 * }</pre>
 */
public final class Flows {
    private Flows() {}

    /**
     * A publisher of the values received from {@code ch}. Each subscriber gets a goroutine that
     * receives from the channel only while the subscriber has unmet demand, so a slow subscriber
     * holds the channel's senders back (nothing is buffered beyond the channel itself). It calls
     * {@code onComplete} once the channel is closed and drained. Several subscribers share the
     * channel as several receivers do: each value goes to one of them.
     *
     * <p>Flow forbids null items: a {@code null} received from the channel ends the subscription
     * with {@code onError(NullPointerException)}. A {@code request(n)} with {@code n <= 0} ends it
     * with {@code onError(IllegalArgumentException)} (Reactive Streams rule 3.9). A {@code cancel}
     * stops the goroutine at its next wake-up; a value it already received is still delivered (rule
     * 3.12 allows it), never dropped. If {@code onNext} throws, the subscription is canceled and the
     * exception goes to the goroutine's uncaught-exception handler (logged).
     *
     * @throws NullPointerException if {@code ch} is null
     */
    public static <T> Flow.Publisher<T> publisher(RecvChan<? extends T> ch) {
        Objects.requireNonNull(ch, "ch");
        return subscriber -> {
            Objects.requireNonNull(subscriber, "subscriber"); // rule 1.9
            ChanSubscription<T> s = new ChanSubscription<>(ch, subscriber);
            Go.go("gort-flow-publisher", s::run);
        };
    }

    /**
     * A subscriber that sends every item it receives to {@code ch}, keeping at most
     * {@code prefetch} items requested from the publisher and not yet sent, and closes {@code ch}
     * when the publisher completes or fails. {@code onNext} never blocks the publisher: items wait
     * in a buffer of {@code prefetch} while a goroutine sends them on, requesting one more after
     * each send. A {@code ChanSubscriber} can be subscribed once.
     *
     * @throws NullPointerException if {@code ch} is null
     * @throws IllegalArgumentException if {@code prefetch < 1}
     */
    public static <T> ChanSubscriber<T> subscriber(SendChan<? super T> ch, int prefetch) {
        return new ChanSubscriber<>(ch, prefetch);
    }

    /**
     * One subscriber of {@link #publisher}: its demand, and the goroutine that serves it.
     *
     * <p>{@link #demand} is added to by {@code request} (any thread) and subtracted from by the
     * goroutine only; {@code Long.MAX_VALUE} means unbounded (rule 3.17) and is never subtracted
     * from. {@link #kick}, a channel of one slot, wakes the goroutine after a request or a cancel.
     */
    private static final class ChanSubscription<T> implements Flow.Subscription {
        private final RecvChan<? extends T> ch;
        private final Flow.Subscriber<? super T> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final Chan<Boolean> kick = Chan.make(1);
        private volatile boolean canceled;
        /** A bad request(n), to be signalled by the goroutine (rule 3.9). */
        private volatile Throwable pendingError;

        ChanSubscription(RecvChan<? extends T> ch, Flow.Subscriber<? super T> subscriber) {
            this.ch = ch;
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                pendingError = new IllegalArgumentException("Flow.Subscription.request: n must be positive, got " + n);
            } else {
                demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            }
            kick.trySend(Boolean.TRUE); // a kick already pending will do as well
        }

        @Override
        public void cancel() {
            canceled = true;
            kick.trySend(Boolean.TRUE);
        }

        /** The goroutine. */
        void run() {
            subscriber.onSubscribe(this);
            @SuppressWarnings("unchecked")
            Received<T>[] got = new Received[1];
            Select.Case fromChan = Select.recv(ch, (v, ok) -> got[0] = new Received<T>(v, ok));
            Select.Case kicked = Select.recv(kick);
            for (;;) {
                if (canceled) {
                    return;
                }
                Throwable bad = pendingError;
                if (bad != null) {
                    canceled = true;
                    subscriber.onError(bad);
                    return;
                }
                if (demand.get() == 0) {
                    kick.recv();
                    continue;
                }
                got[0] = null;
                if (Select.select(fromChan, kicked) == 1) {
                    continue; // a request or a cancel: look again
                }
                Received<T> r = got[0];
                if (!r.ok()) {
                    canceled = true;
                    subscriber.onComplete();
                    return;
                }
                if (r.value() == null) {
                    canceled = true;
                    subscriber.onError(new NullPointerException("Flows.publisher: the channel delivered null, which Flow forbids"));
                    return;
                }
                demand.getAndUpdate(d -> d == Long.MAX_VALUE ? d : d - 1);
                try {
                    subscriber.onNext(r.value());
                } catch (RuntimeException | Error e) {
                    canceled = true; // rule 2.13: the subscriber broke the contract; stop serving it
                    throw e;
                }
            }
        }
    }
}
