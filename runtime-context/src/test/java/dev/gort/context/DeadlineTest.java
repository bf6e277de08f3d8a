package dev.gort.context;

import static dev.gort.context.ContextTesting.awaitDone;
import static dev.gort.context.ContextTesting.isClosed;
import static dev.gort.testing.Testing.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.time.TimerHeap;
import dev.gort.testing.Testing;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;

class DeadlineTest {

    @Test
    void pastDeadlineCancelsBeforeReturning() {
        CancelableContext a = Context.withDeadline(Context.background(), Instant.now().minusSeconds(1));
        assertSame(Context.DEADLINE_EXCEEDED, a.err());
        assertTrue(isClosed(a.done()));
        CancelableContext b = Context.withTimeout(Context.background(), Duration.ZERO);
        assertSame(Context.DEADLINE_EXCEEDED, b.err());
        CancelableContext c = Context.withTimeout(Context.background(), Duration.ofSeconds(-5));
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
        CancelableContext d = Context.withDeadline(Context.background(), Instant.MIN);
        assertSame(Context.DEADLINE_EXCEEDED, d.err());
    }

    @Test
    void timeoutFiresWithDeadlineExceededNeverEarly() {
        Instant before = Instant.now();
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30));
        Instant dl = ctx.deadline().orElseThrow();
        assertFalse(dl.isBefore(before.plusMillis(30)));
        awaitDone(ctx);
        assertFalse(Instant.now().isBefore(dl), "done no earlier than the deadline");
        assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
        assertSame(Context.DEADLINE_EXCEEDED, Context.cause(ctx));
        ctx.cancel(); // after expiry: no change
        assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
    }

    @Test
    void deadlinesFireInOrderAndNeverBeforeTheirTime() {
        int n = 8;
        long t0 = System.nanoTime();
        AtomicLongArray firedAt = new AtomicLongArray(n);
        CountDownLatch allFired = new CountDownLatch(n);
        List<CancelableContext> ctxs = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) { // created in reverse order on purpose
            CancelableContext c = Context.withTimeout(Context.background(), Duration.ofMillis(20L * (i + 1)));
            int k = i;
            Contexts.onCancel(c, () -> {
                firedAt.set(k, System.nanoTime());
                allFired.countDown();
            });
            ctxs.add(0, c);
        }
        CancelableContext far = Context.withTimeout(Context.background(), Duration.ofHours(1));
        for (CancelableContext c : ctxs) {
            awaitDone(c);
            assertSame(Context.DEADLINE_EXCEEDED, c.err());
        }
        // onCancel runs its function after the done channel is closed (on the canceling thread), so
        // a context can look done a moment before its function has recorded the time.
        Testing.await("every onCancel function to run", allFired);
        for (int i = 0; i < n; i++) {
            long early = Duration.ofMillis(20L * (i + 1)).toNanos() - (firedAt.get(i) - t0);
            assertTrue(early <= 0, "context " + i + " fired " + early + " ns early");
        }
        assertNull(far.err(), "a later deadline has not fired");
        far.cancel();
        assertSame(Context.CANCELED, far.err());
    }

    @Test
    void childNeverExtendsParentDeadline() {
        Instant pd = Instant.now().plusMillis(40);
        CancelableContext parent = Context.withDeadline(Context.background(), pd);
        CancelableContext later = Context.withDeadline(parent, pd.plusSeconds(3600));
        CancelableContext viaValue = Context.withTimeout(Context.withValue(parent, Context.Key.of("k"), 1), Duration.ofHours(2));
        CancelableContext plain = Context.withCancel(parent);
        assertEquals(pd, later.deadline().orElseThrow());
        assertEquals(pd, viaValue.deadline().orElseThrow());
        assertEquals(pd, plain.deadline().orElseThrow());
        Instant earlier = pd.minusMillis(20);
        CancelableContext sooner = Context.withDeadline(parent, earlier);
        assertEquals(earlier, sooner.deadline().orElseThrow());
        awaitDone(later);
        assertSame(Context.DEADLINE_EXCEEDED, later.err(), "the parent's deadline reached the child");
        assertSame(Context.DEADLINE_EXCEEDED, plain.err());
        assertSame(Context.DEADLINE_EXCEEDED, viaValue.err());
        assertSame(Context.DEADLINE_EXCEEDED, sooner.err());
    }

    @Test
    void earlierChildDeadlineFiresWithoutTheParent() {
        CancelableContext parent = Context.withTimeout(Context.background(), Duration.ofHours(1));
        CancelableContext child = Context.withTimeout(parent, Duration.ofMillis(10));
        awaitDone(child);
        assertNull(parent.err());
        // The timer's cancel closes done() first and leaves the parent just after (as Go's
        // cancelCtx.cancel does), so the detach is observed, not assumed, after done.
        eventually("the expired child left its parent", () -> ((CancelCtx) parent).childCount() == 0);
        parent.cancel();
    }

    @Test
    void cancelBeforeDeadlineReleasesTheTimer() {
        TimerHeap heap = TimerHeap.get();
        int base = heap.size();
        List<CancelableContext> ctxs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ctxs.add(Context.withTimeout(Context.background(), Duration.ofHours(1)));
        }
        assertTrue(heap.size() >= base + 1000, "one heap entry per deadline");
        for (CancelableContext c : ctxs) {
            c.cancel();
            assertSame(Context.CANCELED, c.err());
        }
        assertTrue(heap.size() <= base, "cancel removed every timer: " + heap.size() + " > " + base);
    }

    @Test
    void parentCancelReleasesChildTimers() {
        TimerHeap heap = TimerHeap.get();
        int base = heap.size();
        CancelableContext parent = Context.withCancel(Context.background());
        for (int i = 0; i < 100; i++) {
            Context.withTimeout(parent, Duration.ofHours(1));
        }
        parent.cancel();
        assertTrue(heap.size() <= base);
    }

    @Test
    void deadlineCauses() {
        IllegalStateException why = new IllegalStateException("too slow");
        CancelableContext a = Context.withTimeoutCause(Context.background(), Duration.ofMillis(5), why);
        awaitDone(a);
        assertSame(Context.DEADLINE_EXCEEDED, a.err());
        assertSame(why, Context.cause(a));
        CancelableContext b = Context.withDeadlineCause(Context.background(), Instant.now().minusMillis(1), why);
        assertSame(why, Context.cause(b));
        CancelableContext c = Context.withDeadlineCause(Context.background(), Instant.now().plusSeconds(60), why);
        c.cancel();
        assertSame(Context.CANCELED, Context.cause(c), "canceled first: the deadline cause does not apply");
        CancelableContext d = Context.withTimeoutCause(Context.background(), Duration.ofMillis(1), null);
        awaitDone(d);
        assertSame(Context.DEADLINE_EXCEEDED, Context.cause(d));
    }

    @Test
    void hugeTimeoutSaturates() {
        CancelableContext c = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
        assertEquals(Instant.MAX, c.deadline().orElseThrow());
        assertNull(c.err());
        c.cancel();
    }
}
