package dev.gort.context;

import dev.gort.chan.RecvChan;
import dev.gort.sync.Semaphore;
import dev.gort.internal.park.CancelSignal;
import dev.gort.sync.internal.SyncAccess;
import java.util.Objects;

/**
 * The context-aware form of {@link Semaphore#acquire(long)}: Go's
 * {@code (*semaphore.Weighted).Acquire(ctx, n)}.
 *
 * <pre>{@code
 * Semaphore sem = new Semaphore(4);
 * try {
 *     Semaphores.acquire(ctx, sem, 1);       // waits for a unit or for ctx, whichever comes first
 * } catch (CanceledException | DeadlineExceededException e) {
 *     return;                                // nothing is held
 * }
 * try { work(); } finally { sem.release(1); }
 * }</pre>
 */
public final class Semaphores {
    private Semaphores() {}

    /**
     * Acquires {@code n} units of {@code sem}, blocking until they are granted (in FIFO order, as
     * {@link Semaphore#acquire(long)}) or until {@code ctx} is done. On failure nothing is held and
     * the semaphore is as if the call had not been made. As in Go, a context already done fails the
     * call even when the units are free, and a request larger than the semaphore waits for the
     * context instead of holding up smaller ones.
     *
     * @throws CanceledException {@link Context#CANCELED} (the shared instance, {@code ctx.err()})
     *     if {@code ctx} was canceled first
     * @throws DeadlineExceededException {@link Context#DEADLINE_EXCEEDED} if its deadline passed first
     * @throws IllegalArgumentException if {@code n < 0}, or if {@code n > sem.size()} and {@code ctx}
     *     can never be canceled (the call would block forever)
     * @throws NullPointerException if {@code ctx} or {@code sem} is null
     * @throws dev.gort.GoInterruptedException if interrupted while waiting (nothing is held)
     */
    public static void acquire(Context ctx, Semaphore sem, long n) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(sem, "sem");
        if (n > sem.size()) {
            RecvChan<Void> done = ctx.done();
            if (done != null) {
                done.recv(); // doomed: wait for the context without queueing (Go does the same)
                throw failure(ctx);
            }
        }
        if (!SyncAccess.get().acquire(sem, n, new Signal(ctx))) {
            throw failure(ctx);
        }
    }

    /** What a failed acquire throws: {@code ctx.err()} itself when it is unchecked, as Go returns it. */
    static RuntimeException failure(Context ctx) {
        Throwable e = ctx.err();
        if (e == null) {
            e = Context.CANCELED; // a foreign context whose done closed before its err was set
        }
        if (e instanceof RuntimeException r) {
            return r;
        }
        return new CanceledException("context: " + e, e);
    }

    /** Adapts a context to the runtime's cancel hook (every context-aware wait of the sync types). */
    static final class Signal implements CancelSignal {
        private final Context ctx;

        Signal(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public boolean isCanceled() {
            return ctx.err() != null;
        }

        @Override
        public Runnable onCancel(Runnable wakeup) {
            Stoppable s = Contexts.onCancel(ctx, wakeup);
            return s::stop;
        }
    }
}
