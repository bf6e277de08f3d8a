package dev.gort.context;

/**
 * Go's {@code context.Canceled}: the error a context reports once it was canceled by a call to
 * {@link CancelableContext#cancel()} (its own or an ancestor's).
 *
 * <pre>{@code
 * CancelableContext ctx = Context.withCancel(Context.background());
 * ctx.cancel();
 * assert ctx.err() == Context.CANCELED;
 * }</pre>
 *
 * <p>{@link Context#err()} returns the one shared instance {@link Context#CANCELED}, so
 * {@code err == Context.CANCELED} is Go's {@code err == context.Canceled}. That instance has no stack
 * trace, no suppressed exceptions and a fixed {@code null} cause (like Go's package variable it
 * carries no "where"; {@link Context#cause(Context)} carries the "why"). The public constructors make
 * ordinary exceptions, for code that wants to throw its own. Unrelated to
 * {@link DeadlineExceededException}: catching one never catches the other.
 */
public class CanceledException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The shared, stackless instance behind {@link Context#CANCELED}. */
    CanceledException(String message, boolean shared) {
        super(message, null, false, false);
    }

    /** An ordinary exception (with a stack trace) saying {@code message}. */
    public CanceledException(String message) {
        super(message);
    }

    /** An ordinary exception (with a stack trace) saying {@code message}, caused by {@code cause}. */
    public CanceledException(String message, Throwable cause) {
        super(message, cause);
    }
}
