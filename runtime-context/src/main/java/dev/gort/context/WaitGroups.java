package dev.gort.context;

import dev.gort.sync.WaitGroup;
import dev.gort.sync.internal.SyncAccess;
import java.util.Objects;

/**
 * The context-aware form of {@link WaitGroup#await()}: wait for a group of goroutines, or for a
 * context, whichever comes first.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (Task t : tasks) wg.go(() -> t.run(ctx));
 * WaitGroups.await(ctx, wg);   // returns when all are done, throws ctx.err() if ctx is done first
 * }</pre>
 */
public final class WaitGroups {
    private WaitGroups() {}

    /**
     * Blocks until the counter of {@code wg} is zero or {@code ctx} is done. As in Go (a select on
     * the group's completion and {@code ctx.Done()}), a context already done fails the call even if
     * the counter is zero. The group is left as it was either way; its goroutines go on.
     *
     * @throws CanceledException {@link Context#CANCELED} if {@code ctx} was canceled first
     * @throws DeadlineExceededException {@link Context#DEADLINE_EXCEEDED} if its deadline passed first
     * @throws NullPointerException if {@code ctx} or {@code wg} is null
     * @throws dev.gort.GoInterruptedException if interrupted while waiting
     */
    public static void await(Context ctx, WaitGroup wg) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(wg, "wg");
        if (ctx.err() != null || SyncAccess.get().await(wg, new Semaphores.Signal(ctx)) != 0) {
            throw Semaphores.failure(ctx);
        }
    }
}
