package dev.gort.chan;

/**
 * The result of a receive that tells a value from a close: Go's {@code v, ok := <-ch}.
 *
 * @param value the value received; {@code null} (Go's zero value) when {@code ok} is false — and
 *     also when a {@code null} element was sent, which is why {@code ok} exists
 * @param ok    true if a sent value was received, false if the channel is closed and drained
 * @param <T>   the element type
 */
public record Received<T>(T value, boolean ok) {
    private static final Received<?> CLOSED = new Received<>(null, false);

    /** The shared {@code (null, false)} result of a receive on a closed, drained channel. */
    @SuppressWarnings("unchecked")
    public static <T> Received<T> closed() {
        return (Received<T>) CLOSED;
    }
}
