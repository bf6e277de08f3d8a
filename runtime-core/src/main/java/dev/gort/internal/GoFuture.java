package dev.gort.internal;

import dev.gort.internal.race.Race;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * What {@code Go.submit} returns: completed by the goroutine that runs the task, and, unlike a plain
 * {@link CompletableFuture}, {@code cancel(true)} interrupts that goroutine (as {@code FutureTask}
 * does), so a task blocked in I/O or a sleep returns. Dependent stages are plain
 * {@code CompletableFuture}s.
 *
 * <p>{@link #runner} is written by the running goroutine only (set before it re-checks for a cancel,
 * cleared after the task); {@link #cancel} reads it after its own state change. Both are volatile,
 * so either the goroutine sees the cancel and never runs the task, or the canceller sees the runner
 * and interrupts it.
 */
final class GoFuture<T> extends CompletableFuture<T> {
    private volatile Thread runner;

    /** The goroutine's body. */
    void run(Callable<? extends T> task) {
        if (isDone()) {
            return; // canceled before it started: the task never runs
        }
        runner = Thread.currentThread();
        try {
            if (isDone()) {
                return;
            }
            T v = task.call();
            if (Race.ENABLED) {
                Race.releaseMerge(this); // the task happens before get() and dependent stages see it
            }
            complete(v);
        } catch (Throwable t) {
            if (Race.ENABLED) {
                Race.releaseMerge(this);
            }
            completeExceptionally(t);
        } finally {
            runner = null;
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean wasDone = isDone();
        boolean canceled = super.cancel(mayInterruptIfRunning);
        if (canceled && !wasDone && mayInterruptIfRunning) {
            Thread t = runner;
            if (t != null) {
                t.interrupt(); // a goroutine's thread is its own: an interrupt after the task ends is harmless
            }
        }
        return canceled;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
