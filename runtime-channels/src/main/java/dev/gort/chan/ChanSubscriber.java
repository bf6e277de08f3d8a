package dev.gort.chan;

import dev.gort.Go;
import dev.gort.internal.race.Race;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * A {@link Flow.Subscriber} that sends what it receives to a channel: made by
 * {@link Flows#subscriber(SendChan, int)}, which describes it.
 *
 * <p>Who does what: the publisher calls {@code onNext}, which only puts the item in {@link #buffer}
 * (never blocking: the subscriber requests no more than the buffer can hold); one goroutine, the
 * pump, moves items from the buffer to the target channel and requests one more after each send.
 * So items requested and not yet sent never exceed {@code prefetch}. {@code onComplete}/{@code onError}
 * close the buffer; the pump drains it, then closes the target. {@link #error} is written before
 * the buffer is closed, so whoever sees the target closed sees it.
 *
 * <p>Reactive Streams rule 1.3 makes the four signals serial, each ordered before the next: a
 * publisher may send them from different threads (a JDK {@code SubmissionPublisher} runs each
 * burst as a task of its executor), ordered by its own synchronisation. Each signal tells the race
 * detector so (an acquire on entry, a release on exit), or onNext's send into the buffer and
 * onComplete's close of it would look unordered.
 *
 * @param <T> the item type
 */
public final class ChanSubscriber<T> implements Flow.Subscriber<T> {
    private final SendChan<? super T> target;
    private final int prefetch;
    private final Chan<T> buffer;
    /** Closed by {@link #cancel()}: the pump stops waiting on a target nobody reads. */
    private final Chan<Void> canceled = Chan.make();
    private volatile Flow.Subscription subscription;
    private volatile Throwable error;
    private volatile boolean cancelRequested;

    ChanSubscriber(SendChan<? super T> target, int prefetch) {
        this.target = Objects.requireNonNull(target, "ch");
        Select.chan(target);
        if (prefetch < 1) {
            throw new IllegalArgumentException("Flows.subscriber: prefetch must be at least 1, got " + prefetch);
        }
        this.prefetch = prefetch;
        this.buffer = Chan.make(prefetch);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        signalBegins();
        try {
            synchronized (this) {
                if (subscription != null) {
                    s.cancel(); // rule 2.5: one subscription only
                    return;
                }
                subscription = s;
                if (cancelRequested) {
                    s.cancel();
                    return;
                }
            }
            Go.go("gort-flow-subscriber", this::pump);
            s.request(prefetch);
        } finally {
            signalEnds();
        }
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item"); // rule 2.13
        signalBegins();
        try {
            if (cancelRequested) {
                return; // rule 3.12 lets a few arrive after a cancel; they are dropped, as cancel() says
            }
            if (!buffer.trySend(item)) {
                // Only a publisher that sends more than was requested gets here (rule 1.1).
                error = new IllegalStateException("Flows.subscriber: the publisher sent more than the " + prefetch
                        + " items requested");
                subscription.cancel();
                closeBuffer();
            }
        } finally {
            signalEnds();
        }
    }

    @Override
    public void onError(Throwable t) {
        Objects.requireNonNull(t, "throwable");
        signalBegins();
        try {
            error = t;
            closeBuffer();
        } finally {
            signalEnds();
        }
    }

    @Override
    public void onComplete() {
        signalBegins();
        try {
            closeBuffer();
        } finally {
            signalEnds();
        }
    }

    /** A signal begins after the one before it ended (rule 1.3), as the race detector is told. */
    private void signalBegins() {
        if (Race.ENABLED) {
            Race.acquire(this);
        }
    }

    private void signalEnds() {
        if (Race.ENABLED) {
            Race.release(this);
        }
    }

    private void closeBuffer() {
        try {
            buffer.close();
        } catch (ChanClosedException already) {
            // a terminal signal after our own error (an over-sending publisher): ignored
        }
    }

    /** The publisher's {@code onError}, or null; read it once the target channel is closed. */
    public Throwable error() {
        return error;
    }

    /**
     * Cancels the subscription and stops sending: items buffered and not yet sent are dropped, and
     * the target is closed (a receiver ranging over it stops). Idempotent.
     */
    public void cancel() {
        Flow.Subscription s;
        synchronized (this) {
            if (cancelRequested) {
                return;
            }
            cancelRequested = true;
            s = subscription; // under the lock: onSubscribe after this starts no pump
        }
        canceled.close(); // the pump, if there is one, stops and closes the target
        if (s != null) {
            s.cancel();
        } else {
            closeTarget(); // never subscribed: no pump will ever close it
        }
    }

    private void closeTarget() {
        try {
            target.close();
        } catch (ChanClosedException e) {
            // closed by someone else meanwhile: nothing more to do
        }
    }

    /** The pump goroutine: buffer to target, until the buffer is closed and drained or a cancel. */
    private void pump() {
        @SuppressWarnings("unchecked")
        Received<T>[] got = new Received[1];
        Select.Case fromBuffer = Select.recv(buffer, (v, ok) -> got[0] = new Received<T>(v, ok));
        Select.Case stop = Select.recv(canceled);
        try {
            for (;;) {
                // A select picks at random among ready cases, so after a cancel it may still take
                // from the buffer: the flag, set before stop is closed, drops that item as cancel()
                // promises. Only an item already on offer when the cancel came can still go out.
                if (Select.select(fromBuffer, stop) == 1 || !got[0].ok() || cancelRequested) {
                    break;
                }
                if (Select.select(Select.send(target, got[0].value()), stop) == 1) {
                    break;
                }
                subscription.request(1);
            }
        } catch (ChanClosedException e) {
            // the target was closed by someone else: nobody can take more, so stop the publisher
            error = e;
            subscription.cancel();
            return;
        }
        closeTarget();
    }
}
