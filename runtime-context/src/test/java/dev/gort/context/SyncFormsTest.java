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

    @Test
    void waitGroupAwaitWithAContextReturnsWhenTheGroupIsDone() throws Throwable {
        CancelableContext ctx = Context.withCancel(Context.background());
        dev.gort.sync.WaitGroup wg = new dev.gort.sync.WaitGroup();
        wg.add(1);
        CountDownLatch release = new CountDownLatch(1);
        Go.go(() -> {
            Testing.await(release);
            wg.done();
        });
        Testing.Handle waiter = Testing.go(() -> {
            WaitGroups.await(ctx, wg);
            return "returned";
        });
        Testing.eventually("registered on ctx", () -> ((CancelCtx) ctx).childCount() == 1);
        release.countDown();
        assertEquals("returned", waiter.join());
        Testing.eventually("registration withdrawn", () -> ((CancelCtx) ctx).childCount() == 0);
        ctx.cancel();
    }

    @Test
    void waitGroupAwaitWithAContextGivesUpOnCancelAndLeavesTheGroupAsItWas() {
        dev.gort.sync.WaitGroup wg = new dev.gort.sync.WaitGroup();
        wg.add(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        Testing.Handle waiter = Testing.go(() -> {
            WaitGroups.await(ctx, wg);
            return "returned";
        });
        Testing.eventually("registered on ctx", () -> ((CancelCtx) ctx).childCount() == 1);
        ctx.cancel();
        assertSame(Context.CANCELED, waiter.failure());
        // a deadline gives up the same way, with its own error
        CancelableContext soon = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertSame(Context.DEADLINE_EXCEEDED, assertThrows(DeadlineExceededException.class, () -> WaitGroups.await(soon, wg)));
        // a context already done fails at once, even with nothing to wait for (Go's select would too)
        dev.gort.sync.WaitGroup zero = new dev.gort.sync.WaitGroup();
        assertSame(Context.CANCELED, assertThrows(CanceledException.class, () -> WaitGroups.await(ctx, zero)));
        // the group is unchanged and still works
        wg.done();
        wg.await();
        WaitGroups.await(Context.background(), wg);
        assertThrows(NullPointerException.class, () -> WaitGroups.await(null, wg));
        assertThrows(NullPointerException.class, () -> WaitGroups.await(ctx, null));
    }

    @Test
    void errGroupAwaitWithAContext() {
        // the group finishes first: the first failure is rethrown, as ErrGroup.await does
        ErrGroup g = new ErrGroup();
        g.go(() -> {
            throw new IllegalStateException("boom");
        });
        assertEquals("boom", assertThrows(IllegalStateException.class,
                () -> ErrGroups.await(Context.background(), g)).getMessage());
        // the context is done first: its error, and the goroutines go on
        ErrGroup slow = new ErrGroup();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        slow.go(() -> {
            Testing.await(release);
            finished.incrementAndGet();
            return null;
        });
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
        assertSame(Context.DEADLINE_EXCEEDED, assertThrows(DeadlineExceededException.class, () -> ErrGroups.await(ctx, slow)));
        assertEquals(0, finished.get());
        release.countDown();
        slow.await();
        assertEquals(1, finished.get());
    }
}
