package dev.gort.sync;

/**
 * Thrown by {@link ErrGroup#await()} when the group's first failure was a checked exception, which
 * is its {@link #getCause() cause}. (Unchecked failures are rethrown as they are.)
 *
 * <pre>{@code
 * try {
 *     g.await();
 * } catch (ErrGroupException e) {
 *     if (e.getCause() instanceof IOException io) { ... }
 * }
 * }</pre>
 */
public class ErrGroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ErrGroupException(Throwable cause) {
        super("errgroup: " + cause, cause);
    }
}
