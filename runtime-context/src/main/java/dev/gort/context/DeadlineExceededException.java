package dev.gort.context;

/**
 * Go's {@code context.DeadlineExceeded}: the error a context reports once its deadline (or an
 * ancestor's) passed.
 *
 * <pre>{@code
 * try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(5))) {
 *     ctx.done().recv();                         // wakes when the deadline passes
 *     assert ctx.err() == Context.DEADLINE_EXCEEDED;
 * }
 * }</pre>
 *
 * <p>{@link Context#err()} returns the one shared instance {@link Context#DEADLINE_EXCEEDED}: no
 * stack trace, no suppressed exceptions, a fixed {@code null} cause. The public constructors make
 * ordinary exceptions. Unrelated to {@link CanceledException}: catching one never catches the other.
 */
public class DeadlineExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The shared, stackless instance behind {@link Context#DEADLINE_EXCEEDED}. */
    DeadlineExceededException(String message, boolean shared) {
        super(message, null, false, false);
    }

    /** An ordinary exception (with a stack trace) saying {@code message}. */
    public DeadlineExceededException(String message) {
        super(message);
    }

    /** An ordinary exception (with a stack trace) saying {@code message}, caused by {@code cause}. */
    public DeadlineExceededException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Always true, as Go's {@code DeadlineExceeded.Timeout()}: this error is a timeout. */
    public boolean timeout() {
        return true;
    }
}
