package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;
import dev.gort.chan.Received;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Chans: send and receive with a context. */
class ChansTest {
    /** Runs {@code body} in a goroutine; returns its outcome and, once it is parked, its thread. */
    static CompletableFuture<Object> parked(java.util.concurrent.Callable<Object> body) {
        CompletableFuture<Object> out = new CompletableFuture<>();
        AtomicReference<Thread> t = new AtomicReference<>();
        Go.go(() -> {
            t.set(Thread.currentThread());
            try {
                out.complete(body.call());
            } catch (Throwable e) {
                out.completeExceptionally(e);
            }
        });
        dev.gort.testing.Testing.eventually("the goroutine parks", () -> t.get() != null && t.get().getState() == Thread.State.WAITING);
        return out;
    }

    static Throwable failure(CompletableFuture<Object> f) throws Exception {
        try {
            f.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void sendAndReceiveWithALiveContextAreChannelOperations() throws Exception {
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            Chan<String> ch = Chan.make();
            CompletableFuture<Object> r = parked(() -> Chans.recv(ctx, ch));
            Chans.send(ctx, ch, "hello");
            assertEquals("hello", r.get(10, TimeUnit.SECONDS));
            Chan<Integer> buf = Chan.make(2);
            assertTrue(Chans.sendOrDone(ctx, buf, 1));
            Chans.send(ctx, buf, null);
            buf.close();
            assertEquals(new Received<>(1, true), Chans.recvOk(ctx, buf));
            assertEquals(new Received<>(null, true), Chans.recvOrDone(ctx, buf), "a sent null");
            assertSame(Received.closed(), Chans.recvOk(ctx, buf), "closed and drained");
            assertNull(Chans.recv(ctx, buf));
            assertThrows(ChanClosedException.class, () -> Chans.send(ctx, buf, 3));
        }
    }

    @Test
    void aBlockedSendGivesUpOnCancelAndSendsNothing() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<String> ch = Chan.make();
        CompletableFuture<Object> s = parked(() -> {
            Chans.send(ctx, ch, "never");
            return "sent";
        });
        ctx.cancel();
        assertSame(Context.CANCELED, failure(s));
        assertNull(ch.tryRecv(), "no sender left waiting: nothing was sent");
        CompletableFuture<Object> s2 = parked(() -> Chans.sendOrDone(Context.withCancel(Context.background()), ch, "x"));
        assertEquals("x", ch.recv(), "the channel works on for others");
        assertEquals(true, s2.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aBlockedReceiveGivesUpAtTheDeadlineAndTakesNothing() throws Exception {
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30));
        Chan<String> ch = Chan.make(1);
        CompletableFuture<Object> r = parked(() -> Chans.recv(ctx, ch));
        assertSame(Context.DEADLINE_EXCEEDED, failure(r));
        assertTrue(ch.trySend("kept"), "no receiver left waiting");
        assertEquals("kept", ch.recv());
        assertNull(Chans.recvOrDone(ctx, ch));
        ctx.cancel();
    }

    @Test
    void aContextAlreadyDoneFailsEvenWhenTheChannelIsReady() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Chan<Integer> ch = Chan.make(1000);
        for (int i = 0; i < 500; i++) {
            ch.send(i);
        }
        for (int i = 0; i < 200; i++) { // a select would pick the ready channel half the time
            assertFalse(Chans.sendOrDone(ctx, ch, -1));
            assertNull(Chans.recvOrDone(ctx, ch));
            assertThrows(CanceledException.class, () -> Chans.send(ctx, ch, -1));
            assertThrows(CanceledException.class, () -> Chans.recv(ctx, ch));
        }
        assertEquals(500, ch.len(), "nothing sent, nothing taken");
    }

    @Test
    void aNeverCanceledContextMeansPlainOperations() {
        Chan<String> ch = Chan.make(1);
        Chans.send(Context.background(), ch, "v");
        assertEquals("v", Chans.recv(Context.withoutCancel(Context.background()), ch));
    }

    @Test
    void interruptedWhileWaitingThrowsAndCommunicatesNothing() throws Exception {
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            Chan<String> ch = Chan.make();
            AtomicReference<Thread> t = new AtomicReference<>();
            CompletableFuture<Object> r = new CompletableFuture<>();
            Go.go(() -> {
                t.set(Thread.currentThread());
                try {
                    r.complete(Chans.recv(ctx, ch));
                } catch (Throwable e) {
                    r.completeExceptionally(e);
                }
            });
            dev.gort.testing.Testing.eventually("parked", () -> t.get() != null && t.get().getState() == Thread.State.WAITING);
            t.get().interrupt();
            assertTrue(failure(r) instanceof dev.gort.GoInterruptedException);
            assertFalse(ch.trySend("x"), "no receiver left waiting");
        }
    }

    @Test
    void badArgumentsAreNamed() {
        Chan<String> ch = Chan.make();
        assertEquals("ctx", assertThrows(NullPointerException.class, () -> Chans.send(null, ch, "v")).getMessage());
        assertEquals("ch", assertThrows(NullPointerException.class, () -> Chans.recv(Context.background(), null)).getMessage());
    }
}
