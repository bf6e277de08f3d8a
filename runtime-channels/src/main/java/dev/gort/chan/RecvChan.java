package dev.gort.chan;

import java.time.Duration;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The receiving side of a channel (Go's {@code <-chan T}). Iterating over it is Go's
 * {@code for v := range ch}: it receives until the channel is closed and drained.
 *
 * @param <T> the element type; {@code null} elements are allowed
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan {
    /**
     * Receives a value, blocking until one is available. Returns {@code null} (Go's zero value)
     * once the channel is closed and drained; use {@link #recvOk()} to tell that from a sent
     * {@code null}.
     *
     * @throws dev.gort.GoInterruptedException if interrupted while it has to wait; the interrupt
     *     status stays set and no value was taken
     */
    T recv();

    /**
     * Receives a value and whether it was sent (Go's {@code v, ok := <-ch}); {@code ok} is false
     * once the channel is closed and drained.
     *
     * @throws dev.gort.GoInterruptedException as {@link #recv()}
     */
    Received<T> recvOk();

    /**
     * Receives a value, waiting at most {@code timeout} for one (Go's {@code select} with a receive
     * case and a {@code time.After} case).
     *
     * @return the value received; {@code Received(null, false)} if the channel is closed and
     *     drained; {@code null} if nothing came within {@code timeout} (then nothing was taken)
     * @throws dev.gort.GoInterruptedException as {@link #recv()}
     * @throws NullPointerException if {@code timeout} is null
     */
    Received<T> recv(Duration timeout);

    /**
     * Receives only if that needs no waiting.
     *
     * @return the value received; {@code Received(null, false)} if the channel is closed and
     *     drained; {@code null} if nothing is ready
     */
    Received<T> tryRecv();

    /** Number of values in the buffer now (a snapshot). */
    int len();

    /** The buffer capacity (0 for an unbuffered channel). */
    int cap();

    /**
     * A sequential {@link Stream} of the values received from this channel, in the order received;
     * it ends when the channel is closed and drained (so on an open channel a terminal operation
     * that needs every element blocks until the close). Each element is received only when the
     * stream pulls it: {@code ch.stream().limit(3).toList()} takes three values and leaves the rest
     * in the channel. Null elements are allowed. A blocked pull is interruptible as {@link #recv()} is
     * ({@link dev.gort.GoInterruptedException}).
     *
     * <pre>{@code
     * int total = results.stream().mapToInt(Result::size).sum();   // after the producers close it
     * }</pre>
     */
    default Stream<T> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED), false);
    }
}
