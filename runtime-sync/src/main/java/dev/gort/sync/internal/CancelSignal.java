package dev.gort.sync.internal;

/**
 * A cancellation signal a blocking sync call can wait on besides its own condition: the hook the
 * context module builds {@code Semaphores.acquire(ctx, sem, n)} on (a {@code Context} adapts to it:
 * {@code isCancelled()} is {@code ctx.err() != null}, {@code onCancel} is {@code Context.afterFunc}).
 *
 * <p>Not for users: {@code internal} packages carry no compatibility promise.
 */
public interface CancelSignal {
    /** Whether cancellation has happened; once true, stays true. */
    boolean isCancelled();

    /**
     * Arranges for {@code wakeup} to run once when cancellation happens (at once, or soon, if it
     * already has). {@code wakeup} only unparks a thread: it never blocks and may run on any thread.
     *
     * @return a handle whose {@code run()} withdraws the registration; it may be called after
     *     {@code wakeup} has run, and more than once
     */
    Runnable onCancel(Runnable wakeup);
}
