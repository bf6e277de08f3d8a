package dev.gort.context;

import dev.gort.sync.ErrGroup;
import dev.gort.sync.internal.SyncAccess;

/**
 * Go's {@code errgroup.WithContext}: an {@link ErrGroup} plus a context derived from a parent that
 * is canceled as soon as a task of the group fails (with the failure as its
 * {@link Context#cause(Context) cause}), or when {@link ErrGroup#await()} first returns.
 *
 * <pre>{@code
 * ErrGroups.GroupContext gc = ErrGroups.withContext(parent);
 * for (String url : urls) {
 *     gc.group().go(() -> fetch(gc.context(), url));   // the others see gc.context() canceled
 * }                                                   // as soon as one fetch throws
 * gc.group().await();                                 // rethrows that first failure
 * }</pre>
 */
public final class ErrGroups {
    private ErrGroups() {}

    /**
     * A group and its context.
     *
     * @param group the group; its first failing task cancels {@code context}
     * @param context derived from the parent given to {@link #withContext}; done on the group's
     *     first failure, when {@code await} first returns, or when the parent is done
     */
    public record GroupContext(ErrGroup group, Context context) {}

    /**
     * {@link ErrGroup#await()} bounded by {@code ctx}: waits for every goroutine of {@code g}, then
     * rethrows its first failure (as {@code await} does); if {@code ctx} is done first, throws the
     * context's error and the goroutines go on (cancel them through the group's context). A context
     * already done fails the call at once.
     *
     * @throws CanceledException {@link Context#CANCELED} if {@code ctx} was canceled first
     * @throws DeadlineExceededException {@link Context#DEADLINE_EXCEEDED} if its deadline passed first
     * @throws NullPointerException if {@code ctx} or {@code g} is null
     * @throws dev.gort.GoInterruptedException if interrupted while waiting
     */
    public static void await(Context ctx, ErrGroup g) {
        java.util.Objects.requireNonNull(ctx, "ctx");
        java.util.Objects.requireNonNull(g, "g");
        if (ctx.err() != null || !SyncAccess.get().await(g, new Semaphores.Signal(ctx))) {
            throw Semaphores.failure(ctx);
        }
    }

    /**
     * A new group whose derived context is canceled on the first failure (cause: that failure) or
     * when {@link ErrGroup#await()} first returns (cause: {@link Context#CANCELED}).
     *
     * @throws NullPointerException {@code "cannot create context from nil parent"}
     */
    public static GroupContext withContext(Context parent) {
        CancelableContext ctx = Context.withCancelCause(parent);
        ErrGroup g = SyncAccess.get().newErrGroup(ctx::cancel);
        return new GroupContext(g, ctx);
    }
}
