package dev.gort.chan;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gort.Go;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Helpers: goroutines with a handle, and condition waits (never sleeps used as synchronisation). */
final class TestSupport {
    private TestSupport() {}

    /** A started goroutine (or thread): its Thread, and a future completed when its body ends. */
    static final class Handle {
        final CompletableFuture<Thread> thread = new CompletableFuture<>();
        final CompletableFuture<Object> done = new CompletableFuture<>();

        Thread thread() {
            return thread.join();
        }

        /** Waits for the body; rethrows what it threw (unwrapped). */
        Object join() throws Throwable {
            try {
                return done.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            } catch (TimeoutException e) {
                throw new AssertionError("goroutine did not finish in 30 s", e);
            }
        }

        /** Waits for the body and returns what it threw (fails if it returned normally). */
        Throwable failure() {
            try {
                done.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            throw new AssertionError("expected the goroutine to throw");
        }
    }

    interface Body {
        Object run() throws Throwable;
    }

    enum Kind { GOROUTINE, VIRTUAL, PLATFORM }

    static Handle go(Body body) {
        return start(Kind.GOROUTINE, body);
    }

    static Handle start(Kind kind, Body body) {
        Handle h = new Handle();
        Runnable r = () -> {
            h.thread.complete(Thread.currentThread());
            try {
                h.done.complete(body.run());
            } catch (Throwable t) {
                h.done.completeExceptionally(t);
            }
        };
        switch (kind) {
            case GOROUTINE -> Go.go(r);
            case VIRTUAL -> Thread.ofVirtual().start(r);
            case PLATFORM -> Thread.ofPlatform().daemon().start(r);
        }
        return h;
    }

    /** Waits (yielding) until {@code cond} holds; fails after 20 s. */
    static void await(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for: " + what);
            }
            Thread.yield();
        }
    }
}
