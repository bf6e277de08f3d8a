package dev.gort.context;

/**
 * What {@link Context#afterFunc(Context, Runnable)} returns: Go's {@code stop func() bool}.
 *
 * <pre>{@code
 * Stoppable s = Context.afterFunc(ctx, () -> conn.close());
 * ...
 * if (s.stop()) {
 *     // the close will never run: the context was not done yet, or stop won the race
 * } else {
 *     // the close was started (or an earlier stop() already stopped it)
 * }
 * }</pre>
 */
@FunctionalInterface
public interface Stoppable {
    /**
     * Stops the association of the function with its context.
     *
     * @return true if this call stopped the function from being run; false if the function has
     *     already been started in its goroutine, or was already stopped
     */
    boolean stop();
}
