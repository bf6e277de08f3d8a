package dev.gort.context;

import dev.gort.chan.Received;
import dev.gort.chan.RecvChan;
import dev.gort.chan.Select;
import dev.gort.chan.SendChan;
import java.util.Objects;

/**
 * Context-aware channel operations: Go's
 * <pre>{@code
 * select {
 * case ch <- v:
 * case <-ctx.Done():
 *     return ctx.Err()
 * }
 * }</pre>
 * as one call. They live here, not on the channel, because channels cannot depend on contexts (as
 * {@link Semaphores} holds the context-aware semaphore acquire).
 *
 * <pre>{@code
 * for (Job j : jobs) {
 *     Chans.send(ctx, out, j);                 // CanceledException / DeadlineExceededException once ctx is done
 * }
 * for (Received<Result> r; (r = Chans.recvOrDone(ctx, results)) != null && r.ok(); ) {
 *     use(r.value());                          // stops at the close, or when ctx is done
 * }
 * }</pre>
 *
 * <p>Common rules. A context that is already done fails the call before the channel is looked at,
 * even if the channel is ready: once canceled, never send (a select picks at random among ready
 * cases; these calls do not). While waiting, whichever of the channel and {@code ctx.done()} is ready
 * first wins; if both become ready at once, one is picked at random, as in Go. A call that fails
 * because of the context communicated nothing: the channel is as if it had not been made. A context
 * that can never be canceled ({@code done() == null}) makes them plain channel operations.
 *
 * <p>Errors: {@link CanceledException} or {@link DeadlineExceededException} ({@code ctx.err()}, the
 * shared instances for gort's contexts) when the context is done first; {@link
 * dev.gort.chan.ChanClosedException} for a send on a closed channel; {@link
 * dev.gort.GoInterruptedException} if the thread is interrupted while it waits (nothing
 * communicated); {@link NullPointerException} for a null context or channel.
 */
public final class Chans {
    private Chans() {}

    /**
     * Sends {@code v} on {@code ch}, waiting until a receiver or buffer space takes it or until
     * {@code ctx} is done.
     *
     * @throws CanceledException if {@code ctx} was canceled first (nothing sent)
     * @throws DeadlineExceededException if its deadline passed first (nothing sent)
     */
    public static <T> void send(Context ctx, SendChan<T> ch, T v) {
        if (!sendOrDone(ctx, ch, v)) {
            throw Semaphores.failure(ctx);
        }
    }

    /**
     * {@link #send} that returns instead of throwing when {@code ctx} is done first.
     *
     * @return true if {@code v} was sent; false if {@code ctx} was done first ({@code ctx.err()}
     *     says why) and nothing was sent
     */
    public static <T> boolean sendOrDone(Context ctx, SendChan<T> ch, T v) {
        RecvChan<Void> done = doneOf(ctx, ch);
        if (ctx.err() != null) {
            return false;
        }
        if (done == null) {
            ch.send(v);
            return true;
        }
        return Select.select(Select.send(ch, v), Select.recv(done)) == 0;
    }

    /**
     * Receives from {@code ch}, waiting until a value is there or the channel is closed and drained
     * ({@code null}, as {@link RecvChan#recv()}), or until {@code ctx} is done.
     *
     * @throws CanceledException if {@code ctx} was canceled first (nothing received)
     * @throws DeadlineExceededException if its deadline passed first (nothing received)
     */
    public static <T> T recv(Context ctx, RecvChan<T> ch) {
        return recvOk(ctx, ch).value();
    }

    /**
     * Go's {@code v, ok := <-ch} with a context: {@code ok} is false once the channel is closed and
     * drained.
     *
     * @throws CanceledException if {@code ctx} was canceled first (nothing received)
     * @throws DeadlineExceededException if its deadline passed first (nothing received)
     */
    public static <T> Received<T> recvOk(Context ctx, RecvChan<T> ch) {
        Received<T> r = recvOrDone(ctx, ch);
        if (r == null) {
            throw Semaphores.failure(ctx);
        }
        return r;
    }

    /**
     * {@link #recvOk} that returns instead of throwing when {@code ctx} is done first.
     *
     * @return what was received ({@code ok} false: closed and drained), or {@code null} if
     *     {@code ctx} was done first ({@code ctx.err()} says why) and nothing was received
     */
    public static <T> Received<T> recvOrDone(Context ctx, RecvChan<T> ch) {
        RecvChan<Void> done = doneOf(ctx, ch);
        if (ctx.err() != null) {
            return null;
        }
        if (done == null) {
            return ch.recvOk();
        }
        @SuppressWarnings("unchecked")
        Received<T>[] got = new Received[1];
        int chosen = Select.select(
                Select.recv(ch, (v, ok) -> got[0] = ok ? new Received<>(v, true) : Received.closed()),
                Select.recv(done));
        return chosen == 0 ? got[0] : null;
    }

    /** Checks the arguments; returns {@code ctx.done()}. */
    private static RecvChan<Void> doneOf(Context ctx, Object ch) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(ch, "ch");
        return ctx.done();
    }
}
