package dev.gort.context;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gort.Go;
import dev.gort.chan.RecvChan;
import dev.gort.chan.Time;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Bounded waits for tests: on channels, latches and conditions; never a sleep that must be long enough. */
final class Support {
    private Support() {}

    static final Duration LONG = Duration.ofSeconds(10);

    /** Waits until {@code ctx} is done (fails the test after {@link #LONG}). */
    static void awaitDone(Context ctx) {
        RecvChan<Void> d = ctx.done();
        assertNotNull(d, "done() of " + ctx);
        if (select(recv(d), recv(Time.after(LONG))) != 0) {
            fail(ctx + " not done within " + LONG);
        }
        assertNotNull(ctx.err(), "err() after done() closed");
    }

    /** Whether {@code ctx.done()} is closed right now (never blocks). */
    static boolean isClosed(RecvChan<Void> d) {
        var r = d.tryRecv();
        return r != null && !r.ok();
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                fail("latch still at " + latch.getCount() + " after " + LONG);
            }
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Polls {@code cond}, yielding between polls, until true or {@link #LONG} passed. */
    static void eventually(String what, BooleanSupplier cond) {
        long end = System.nanoTime() + LONG.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                fail("not true within " + LONG + ": " + what);
            }
            Thread.yield();
        }
    }

    /** Runs {@code body} in a goroutine and waits for it, rethrowing what it threw. */
    static void inGoroutine(Runnable body) {
        CountDownLatch end = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Go.go(() -> {
            try {
                body.run();
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                end.countDown();
            }
        });
        await(end);
        Throwable t = failure.get();
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        assertEquals(null, t);
    }

    /** A user-implemented context with its own done channel, canceled by {@link #cancel}. */
    static final class Foreign implements Context {
        final dev.gort.chan.Chan<Void> done = dev.gort.chan.Chan.make();
        final Context.Key<String> key = Context.Key.of("foreign");
        volatile Throwable err;

        void cancel(Throwable e) {
            err = e;
            done.close();
        }

        @Override
        public java.util.Optional<java.time.Instant> deadline() {
            return java.util.Optional.empty();
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
