package dev.gort.context;

/**
 * A context its creator can cancel: Go's {@code ctx, cancel := context.WithCancel(parent)} with the
 * {@code cancel} function as a method.
 *
 * <pre>{@code
 * try (CancelableContext ctx = Context.withTimeout(parent, Duration.ofSeconds(2))) {
 *     return fetch(ctx, url);            // close() cancels: Go's `defer cancel()`
 * }
 * }</pre>
 *
 * <p>Canceling releases the resources the context holds (its timer, its place in the parent), so
 * call it as soon as the work is done, even if the context was canceled or timed out already:
 * extra calls do nothing. Canceling closes {@link #done()}, sets {@link #err()} to
 * {@link Context#CANCELED}, and cancels every context derived from this one, exactly once each.
 */
public interface CancelableContext extends Context, AutoCloseable {
    /**
     * Cancels this context and its descendants with {@link Context#CANCELED} (and that as the cause);
     * does nothing if it is already done.
     */
    void cancel();

    /**
     * Cancels this context and its descendants with {@link Context#CANCELED} as {@link #err()} and
     * {@code cause} as {@link Context#cause(Context)} (Go's {@code CancelCauseFunc}); {@code null}
     * means no particular cause ({@code CANCELED}). Does nothing if already done: the first cause
     * given stays.
     */
    void cancel(Throwable cause);

    /** Same as {@link #cancel()}, for try-with-resources (Go's {@code defer cancel()}). */
    @Override
    default void close() {
        cancel();
    }
}
