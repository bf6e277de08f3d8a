package dev.gort.internal.park;

/**
 * Something besides its own condition that can end a wait: a context, for the context-aware forms
 * of gort's blocking calls ({@code Semaphores.acquire(ctx, sem, n)}). The context module adapts a
 * {@code Context} to it; {@link Park#park(WaitNode, long, CancelSignal)} waits on it.
 */
public interface CancelSignal {
    /** Whether cancellation has happened; once true, stays true. */
    boolean isCanceled();

    /**
     * Arranges for {@code wakeup} to run once when cancellation happens (at once if it already has).
     * {@code wakeup} never blocks and may run on any thread.
     *
     * @return a handle whose {@code run()} withdraws the registration; it may be called after
     *     {@code wakeup} has run, and more than once
     */
    Runnable onCancel(Runnable wakeup);
}
