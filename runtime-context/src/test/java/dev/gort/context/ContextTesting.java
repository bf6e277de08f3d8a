package dev.gort.context;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.gort.chan.Chan;
import dev.gort.chan.RecvChan;
import dev.gort.chan.Time;
import dev.gort.testing.Testing;
import java.time.Instant;
import java.util.Optional;

/**
 * What only context tests need, on top of the shared helper {@link Testing} (whose bounds these
 * waits use): waiting for a context to be done, and a context implemented by a user.
 */
final class ContextTesting {
    private ContextTesting() {}

    /**
     * Waits, in a select on {@code ctx.done()} (so the wakeup of a receiver is what is tested), until
     * {@code ctx} is done; fails after {@link Testing#WAIT}.
     */
    static void awaitDone(Context ctx) {
        RecvChan<Void> d = ctx.done();
        assertNotNull(d, "done() of " + ctx);
        if (select(recv(d), recv(Time.after(Testing.WAIT))) != 0) {
            throw Testing.timedOut(ctx + " to be done", Testing.WAIT);
        }
        assertNotNull(ctx.err(), "err() after done() closed");
    }

    /** Whether {@code ctx.done()} is closed right now (never blocks). */
    static boolean isClosed(RecvChan<Void> d) {
        var r = d.tryRecv();
        return r != null && !r.ok();
    }

    /** A user-implemented context with its own done channel, canceled by {@link #cancel}. */
    static final class Foreign implements Context {
        final Chan<Void> done = Chan.make();
        final Context.Key<String> key = Context.Key.of("foreign");
        volatile Throwable err;

        void cancel(Throwable e) {
            err = e;
            done.close();
        }

        @Override
        public Optional<Instant> deadline() {
            return Optional.empty();
        }

        @Override
        public RecvChan<Void> done() {
            return done;
        }

        @Override
        public Throwable err() {
            return err;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T value(Context.Key<T> k) {
            return k == key ? (T) "foreign-value" : null;
        }
    }
}
