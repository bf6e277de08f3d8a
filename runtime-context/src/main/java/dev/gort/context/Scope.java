package dev.gort.context;

import dev.gort.sync.ErrGroup;
import dev.gort.sync.internal.SyncAccess;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Goroutines bound to a context: when it is canceled, they are <em>interrupted</em>, so a goroutine
 * blocked in a call that knows nothing of contexts returns: {@code Socket} and socket-channel I/O
 * (the socket is closed), {@code Thread.sleep}, {@code Object.wait}, {@code java.util.concurrent}
 * waits, {@code HttpClient.send}, JDBC drivers that honour interrupts, and gort's own blocking calls
 * ({@link dev.gort.GoInterruptedException}). Go's cooperative {@link Context} stays what it is; a
 * scope is the opt-in for code that cannot watch {@code ctx.done()}, in the manner of the JDK's
 * {@code StructuredTaskScope}.
 *
 * <pre>{@code
 * try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2));
 *      Scope scope = Scope.open(ctx)) {
 *     scope.go(() -> rows.addAll(jdbcQuery(sql)));      // interrupted at the deadline
 *     scope.go(() -> pages.add(http.send(req, ofString()).body()));
 *     scope.await();                                    // DeadlineExceededException if the deadline came first
 * }                                                     // close(): cancel, interrupt, wait for every goroutine
 * }</pre>
 *
 * <p>Semantics are {@code ErrGroups.withContext}'s, plus the interrupts:
 * <ul>
 *   <li>The scope's {@link #context()} is derived from the parent given to {@link #open}; it is
 *       canceled when the parent is, at its deadline, by {@link #cancel()}, by {@link #close()}, when
 *       {@link #await()} returns, and when a task fails (the failure is then its
 *       {@link Context#cause cause}).</li>
 *   <li>Once it is canceled, every goroutine of the scope still running its task is interrupted,
 *       once. A task started after that does not run.</li>
 *   <li>{@link #await()} waits for every task and rethrows the first failure as
 *       {@link ErrGroup#await()} does (unchecked as is, checked in an
 *       {@link dev.gort.sync.ErrGroupException}). A task that throws after the context was canceled
 *       from elsewhere (typically the {@code InterruptedException} or {@code SocketException} that
 *       the interrupt caused) counts as failing with {@code ctx.err()}: a canceled scope's
 *       {@code await} throws {@link CanceledException} or {@link DeadlineExceededException}, unless
 *       a task failed first on its own.</li>
 *   <li>{@link #close()} cancels, then waits for every goroutine; it never throws a task's failure
 *       ({@code await} does); a failure that {@code await} never reported is logged at WARN.</li>
 * </ul>
 *
 * <p>An interrupt reaches the goroutine's thread, so code a task calls must not swallow it (the
 * JDK's own blocking calls don't). The interrupt is the cancellation: a task that catches
 * {@code InterruptedException} should return.
 */
public final class Scope implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scope.class);

    private final CancelableContext ctx;
    private final ErrGroup group;
    private volatile boolean awaited;

    private Scope(Context parent) {
        this.ctx = Context.withCancelCause(parent);
        this.group = SyncAccess.get().newErrGroup(ctx::cancel);
    }

    /**
     * A new scope whose context is derived from {@code parent}.
     *
     * @throws NullPointerException {@code "cannot create context from nil parent"}
     */
    public static Scope open(Context parent) {
        return new Scope(parent);
    }

    /** The scope's context: pass it to the tasks, for the calls that do watch a context. */
    public Context context() {
        return ctx;
    }

    /**
     * Runs {@code task} in a new goroutine of this scope, interrupted when the scope's context is
     * canceled. If the context is already canceled the task does not run (the scope records
     * {@code ctx.err()}).
     *
     * @throws NullPointerException if {@code task} is null
     */
    public void go(Callable<?> task) {
        Objects.requireNonNull(task, "task");
        group.go(() -> runBound(task));
    }

    /** A goroutine's body: the task, with an interrupt registered on the context around it. */
    private Object runBound(Callable<?> task) throws Exception {
        if (ctx.err() != null) {
            throw Semaphores.failure(ctx);
        }
        Thread self = Thread.currentThread();
        // Runs inline on the canceling thread, outside every context lock. A goroutine's thread is
        // its own, so an interrupt that lands just after the task returned is harmless: the
        // goroutine only finishes its bookkeeping and ends.
        Stoppable binding = Contexts.onCancel(ctx, self::interrupt);
        try {
            return task.call();
        } catch (Exception | Error e) {
            if (ctx.err() != null) {
                log.debug("scope: a task ended by its cancellation with {}", e.toString());
                throw Semaphores.failure(ctx); // the interrupt, not the task, made it fail
            }
            throw e;
        } finally {
            binding.stop();
        }
    }

    /**
     * Waits for every task started so far; rethrows the first failure (see the class comment), then
     * leaves the context canceled.
     *
     * @throws dev.gort.GoInterruptedException if the caller is interrupted while waiting
     */
    public void await() {
        awaited = true;
        group.await();
    }

    /** Cancels the scope's context now (cause {@link Context#CANCELED}): its goroutines are interrupted. */
    public void cancel() {
        ctx.cancel();
    }

    /**
     * Cancels the context, then waits for every goroutine of the scope to end. Never throws a task's
     * failure.
     *
     * @throws dev.gort.GoInterruptedException if the caller is interrupted while waiting
     */
    @Override
    public void close() {
        ctx.cancel();
        try {
            group.await();
        } catch (dev.gort.GoInterruptedException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            if (!awaited && !(e instanceof CanceledException) && !(e instanceof DeadlineExceededException)) {
                log.warn("scope closed without await(); its first failure was", e);
            }
        }
    }
}
