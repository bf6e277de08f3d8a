package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.sync.ErrGroup;
import dev.gort.sync.Semaphore;
import dev.gort.testing.Testing;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SyncFormsTest {

    @Test
    void acquireSucceedsWhenFreeAndLeavesNoRegistration() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Semaphore sem = new Semaphore(2);
        Semaphores.acquire(ctx, sem, 2);
        assertFalse(sem.tryAcquire(1));
        Go.go(() -> sem.release(2));
        Semaphores.acquire(ctx, sem, 1); // waits for the release, registered on ctx meanwhile
        Testing.eventually("registration withdrawn", () -> ((CancelCtx) ctx).childCount() == 0);
        sem.release(1);
        ctx.cancel();
    }

    @Test
    void blockedAcquireGivesUpOnCancelAndHoldsNothing() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch end = new CountDownLatch(1);
        Go.go(() -> {
            try {
                Semaphores.acquire(ctx, sem, 1);
            } catch (Throwable t) {
                thrown.set(t);
            }
            end.countDown();
        });
        Testing.eventually("acquirer queued", () -> sem.toString().contains("waiters=1"));
        ctx.cancel();
        Testing.await(end);
        assertSame(Context.CANCELED, thrown.get());
        sem.release(1);
        assertTrue(sem.tryAcquire(1), "the canceled waiter left nothing held and nothing queued");
    }

    @Test
    void blockedAcquireGivesUpOnDeadline() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        Testing.inGoroutine(() -> {
            CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
            assertSame(Context.DEADLINE_EXCEEDED,
                    assertThrows(DeadlineExceededException.class, () -> Semaphores.acquire(ctx, sem, 1)));
        });
    }

    @Test
    void doneContextFailsEvenWhenUnitsAreFree() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Semaphore sem = new Semaphore(5);
        assertThrows(CanceledException.class, () -> Semaphores.acquire(ctx, sem, 1));
        assertTrue(sem.tryAcquire(5));
    }

    @Test
    void oversizedRequestWaitsForTheContext() {
        Semaphore sem = new Semaphore(1);
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10));
        assertThrows(DeadlineExceededException.class, () -> Semaphores.acquire(ctx, sem, 2));
        assertTrue(sem.tryAcquire(1), "it never queued in front of others");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Semaphores.acquire(Context.background(), new Semaphore(1), 2));
        assertTrue(e.getMessage().startsWith("semaphore: acquire of 2 units exceeds the size 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Semaphores.acquire(Context.background(), new Semaphore(1), -1));
        assertEquals("semaphore: negative weight -1", e.getMessage());
    }

    @Test
    void errGroupContextIsCanceledByTheFirstFailure() {
        ErrGroups.GroupContext gc = ErrGroups.withContext(Context.background());
        ErrGroup g = gc.group();
        Context ctx = gc.context();
        AtomicInteger sawCancel = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            g.go(() -> {
                ctx.done().recv(); // each waits for the group's context
                if (ctx.err() == Context.CANCELED) {
                    sawCancel.incrementAndGet();
                }
                return null;
            });
        }
        IOException boom = new IOException("boom");
        g.go(() -> {
            throw boom;
        });
        Throwable t = assertThrows(RuntimeException.class, g::await);
        assertSame(boom, t.getCause());
        assertEquals(10, sawCancel.get());
        assertSame(boom, Context.cause(ctx));
    }

    @Test
    void errGroupContextIsCanceledWhenAwaitReturns() {
        CancelableContext parent = Context.withCancel(Context.background());
        ErrGroups.GroupContext gc = ErrGroups.withContext(parent);
        gc.group().go(() -> 42);
        assertNull(gc.context().err(), "a success does not cancel");
        gc.group().await();
        assertSame(Context.CANCELED, gc.context().err());
        assertSame(Context.CANCELED, Context.cause(gc.context()));
        assertNull(parent.err());
    }

    @Test
    void errGroupContextFollowsItsParent() {
        CancelableContext parent = Context.withCancel(Context.background());
        ErrGroups.GroupContext gc = ErrGroups.withContext(parent);
        gc.group().go(() -> {
            gc.context().done().recv();
            return null;
        });
        parent.cancel();
        gc.group().await();
        assertSame(Context.CANCELED, gc.context().err());
    }
}
