package dev.gort.chan;

import java.time.Duration;

/**
 * The sending side of a channel (Go's {@code chan<- T}). {@link Chan} implements it; hand out a
 * {@code SendChan} to code that must only send.
 *
 * @param <T> the element type; {@code null} elements are allowed
 */
public sealed interface SendChan<T> permits Chan {
    /**
     * Sends {@code v}, blocking until a receiver takes it (unbuffered) or there is room in the
     * buffer. Any thread may call it; a goroutine parks, a platform thread blocks.
     *
     * @throws ChanClosedException if the channel is closed, or is closed while this send waits
     * @throws dev.gort.GoInterruptedException if the thread is interrupted while it has to wait;
     *     the interrupt status stays set and the value was not sent
     */
    void send(T v);

    /**
     * Sends {@code v} only if that needs no waiting (Go's {@code select} with a send case and a
     * {@code default}).
     *
     * @return true if the value was handed to a receiver or buffered
     * @throws ChanClosedException if the channel is closed
     */
    boolean trySend(T v);

    /**
     * Sends {@code v}, waiting at most {@code timeout} for a receiver or for room in the buffer (Go's
     * {@code select} with a send case and a {@code time.After} case).
     *
     * @return true if the value was sent; false if {@code timeout} passed first (it was not sent)
     * @throws ChanClosedException if the channel is closed, or is closed while this send waits
     * @throws dev.gort.GoInterruptedException as {@link #send}
     * @throws NullPointerException if {@code timeout} is null
     */
    boolean trySend(T v, Duration timeout);

    /**
     * Closes the channel: no more values may be sent. Every blocked receiver wakes with
     * {@code (null, false)}, every blocked sender wakes and throws {@link ChanClosedException};
     * buffered values can still be received.
     *
     * @throws ChanClosedException if the channel is already closed
     */
    void close();

    /** Number of values in the buffer now (a snapshot; 0 for an unbuffered channel). */
    int len();

    /** The buffer capacity (0 for an unbuffered channel). */
    int cap();
}
