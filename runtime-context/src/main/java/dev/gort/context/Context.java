package dev.gort.context;

import dev.gort.chan.RecvChan;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Go's {@code context.Context}: a deadline, a cancellation signal and request-scoped values that
 * travel together down a call tree and across goroutines.
 *
 * <pre>{@code
 * import static dev.gort.chan.Select.*;
 *
 * try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(1))) {
 *     Go.go(() -> producer(ctx, jobs));
 *     select(
 *         recv(results, r -> use(r)),
 *         recv(ctx.done(), v -> log.info("gave up: {}", Context.cause(ctx))));
 * }
 * }</pre>
 *
 * <p>Contexts form a tree: every {@code with*} factory derives a child from a parent. Canceling a
 * context (explicitly, or when its deadline passes) cancels every descendant, exactly once each,
 * whatever the tree's depth or width; the canceled context then leaves its parent, so a long-lived
 * parent does not keep its finished children. A context is safe to use from any number of
 * goroutines and threads at once.
 *
 * <p><b>Implementing Context.</b> Users may implement this interface (for example to wrap another
 * context) and pass their implementation as a parent. Follow Go's contract: {@link #done()} returns
 * the same channel on every call (or {@code null} if it can never be canceled) and that channel is
 * closed, never sent on, when the context is canceled; it must be a gort {@link dev.gort.chan.Chan}
 * (a select waits on nothing else), else deriving from the context, {@link #afterFunc} and
 * {@code Semaphores.acquire} throw {@link IllegalArgumentException}; {@link #err()} is {@code null} until then and
 * non-null after; {@link #deadline()} never changes; {@link #value} answers for its own keys and
 * otherwise asks its parent. A derived context watches such a parent with one goroutine per foreign
 * parent, however many children it has; a wrapper whose {@code done()} and {@code value} delegate
 * to a gort context is recognised and costs no goroutine at all.
 *
 * <p>Misuse fails fast: a {@code null} parent is {@code NullPointerException("cannot create context
 * from nil parent")}, a {@code null} key {@code NullPointerException("nil key")}, as Go panics.
 */
public interface Context {
    /** Go's {@code context.Canceled}: {@link #err()} of a context canceled by a cancel call. */
    CanceledException CANCELED = new CanceledException("context canceled", true);

    /** Go's {@code context.DeadlineExceeded}: {@link #err()} of a context whose deadline passed. */
    DeadlineExceededException DEADLINE_EXCEEDED =
            new DeadlineExceededException("context deadline exceeded", true);

    /**
     * When work done on behalf of this context should be canceled; empty if there is no deadline.
     * Successive calls return the same result.
     */
    Optional<Instant> deadline();

    /**
     * A channel closed when this context is canceled, to use in a {@code select} or receive from;
     * {@code null} (Go's nil channel: never ready in a select) if this context can never be
     * canceled. Successive calls return the same channel. Never send on it or close it.
     */
    RecvChan<Void> done();

    /**
     * {@code null} while {@link #done()} is open; afterwards {@link #CANCELED} or
     * {@link #DEADLINE_EXCEEDED}, and the same value on every later call.
     */
    Throwable err();

    /**
     * The value bound to {@code key} in this context or its nearest ancestor that binds it, or
     * {@code null}.
     *
     * @throws NullPointerException {@code "nil key"} if {@code key} is null
     */
    <T> T value(Key<T> key);

    // ------------------------------------------------------------------------------ factories

    /**
     * The root of every context tree (Go's {@code context.Background()}): never canceled, no
     * deadline, no values. One shared instance.
     */
    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    /**
     * Go's {@code context.TODO()}: like {@link #background()}, for code not yet sure which context
     * to use.
     */
    static Context todo() {
        return EmptyCtx.TODO;
    }

    /**
     * A child of {@code parent} that is canceled when its {@link CancelableContext#cancel()} is
     * called or when {@code parent} is, whichever happens first.
     *
     * <pre>{@code
     * CancelableContext ctx = Context.withCancel(parent);
     * Go.go(() -> worker(ctx));
     * ...
     * ctx.cancel();   // the worker sees ctx.done() closed
     * }</pre>
     *
     * @throws NullPointerException {@code "cannot create context from nil parent"}
     */
    static CancelableContext withCancel(Context parent) {
        return Contexts.withCancel(parent);
    }

    /**
     * Like {@link #withCancel}, for callers that will pass a cause to
     * {@link CancelableContext#cancel(Throwable)} (Go's {@code WithCancelCause}; here every
     * cancelable context accepts a cause, so the two differ only in name).
     *
     * <pre>{@code
     * CancelableContext ctx = Context.withCancelCause(parent);
     * ctx.cancel(new IOException("peer went away"));
     * Context.cause(ctx);   // the IOException; ctx.err() is Context.CANCELED
     * }</pre>
     */
    static CancelableContext withCancelCause(Context parent) {
        return Contexts.withCancel(parent);
    }

    /**
     * A child of {@code parent} canceled with {@link #DEADLINE_EXCEEDED} at {@code deadline}, or
     * earlier by cancel or by its parent. If the parent's deadline is earlier, the child simply
     * keeps the parent's (a child never extends its parent's deadline). A deadline already past
     * cancels the child before this method returns. The timer is one entry in the runtime's timer
     * heap, released by cancel.
     *
     * <pre>{@code
     * try (CancelableContext ctx = Context.withDeadline(parent, Instant.now().plusSeconds(5))) {
     *     call(ctx);
     * }
     * }</pre>
     *
     * @throws NullPointerException if {@code parent} or {@code deadline} is null
     */
    static CancelableContext withDeadline(Context parent, Instant deadline) {
        return Contexts.withDeadline(parent, Objects.requireNonNull(deadline, "deadline"), null);
    }

    /**
     * Like {@link #withDeadline}; when the deadline passes, {@link #cause(Context)} is {@code cause}
     * (null means {@link #DEADLINE_EXCEEDED}).
     */
    static CancelableContext withDeadlineCause(Context parent, Instant deadline, Throwable cause) {
        return Contexts.withDeadline(parent, Objects.requireNonNull(deadline, "deadline"), cause);
    }

    /**
     * {@code withDeadline(parent, now + timeout)}; a timeout that is zero or negative cancels the
     * child before this method returns.
     *
     * <pre>{@code
     * try (CancelableContext ctx = Context.withTimeout(parent, Duration.ofMillis(100))) {
     *     return slowOperation(ctx);
     * }
     * }</pre>
     *
     * @throws NullPointerException if {@code parent} or {@code timeout} is null
     */
    static CancelableContext withTimeout(Context parent, Duration timeout) {
        return Contexts.withTimeout(parent, timeout, null);
    }

    /** Like {@link #withTimeout}, with {@code cause} as the cause when the timeout passes. */
    static CancelableContext withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
        return Contexts.withTimeout(parent, timeout, cause);
    }

    /**
     * A child of {@code parent} that binds {@code key} to {@code value} (which may be null) and
     * otherwise behaves as its parent. Lookups walk up the chain without recursion.
     *
     * <pre>{@code
     * static final Context.Key<String> REQUEST_ID = Context.Key.of("requestId");
     * Context ctx = Context.withValue(parent, REQUEST_ID, "r-42");
     * ctx.value(REQUEST_ID);   // "r-42"
     * }</pre>
     *
     * @throws NullPointerException {@code "cannot create context from nil parent"} or {@code "nil key"}
     */
    static <T> Context withValue(Context parent, Key<T> key, T value) {
        return Contexts.withValue(parent, key, value);
    }

    /**
     * A child of {@code parent} that keeps its values but is never canceled and has no deadline
     * (Go's {@code WithoutCancel}): for work that must outlive the request that started it.
     *
     * <pre>{@code
     * Context bg = Context.withoutCancel(requestCtx);   // same values, done() == null
     * Go.go(() -> auditLog(bg));
     * }</pre>
     */
    static Context withoutCancel(Context parent) {
        return Contexts.withoutCancel(parent);
    }

    /**
     * Arranges for {@code f} to run in its own goroutine once {@code ctx} is done; at once if it
     * already is. {@code f} runs at most once; {@link Stoppable#stop()} prevents it if called first.
     *
     * <pre>{@code
     * Stoppable stop = Context.afterFunc(ctx, () -> socket.close());
     * try { return read(socket); } finally { stop.stop(); }
     * }</pre>
     *
     * @throws NullPointerException if {@code ctx} or {@code f} is null
     */
    static Stoppable afterFunc(Context ctx, Runnable f) {
        return Contexts.afterFunc(ctx, f);
    }

    /**
     * Why {@code ctx} was canceled (Go's {@code context.Cause}): the first cause given to a cancel
     * of it or of the ancestor whose cancellation reached it, or the deadline cause; when no cause
     * was given, {@link #err()}. {@code null} while {@code ctx} is not done.
     *
     * @throws NullPointerException if {@code ctx} is null
     */
    static Throwable cause(Context ctx) {
        return Contexts.cause(ctx);
    }

    /**
     * A key for {@link Context#withValue}. Keys compare by identity: two keys made with the same
     * name are different keys, so a package's keys cannot collide with another's. Keep keys in
     * {@code static final} fields.
     *
     * <pre>{@code
     * static final Context.Key<User> USER = Context.Key.of("user");
     * }</pre>
     *
     * @param <T> the type of the values bound to this key
     */
    final class Key<T> {
        private final String name;

        private Key(String name) {
            this.name = name;
        }

        /**
         * A new key, distinct from every other; {@code name} is for {@link #toString()} only.
         *
         * @throws NullPointerException if {@code name} is null
         */
        public static <T> Key<T> of(String name) {
            return new Key<>(Objects.requireNonNull(name, "name"));
        }

        /** The name given to {@link #of}. */
        public String name() {
            return name;
        }

        @Override
        public String toString() {
            return "Key(" + name + ")";
        }
    }
}
