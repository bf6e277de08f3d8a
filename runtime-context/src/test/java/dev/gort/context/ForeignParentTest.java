package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.chan.RecvChan;
import dev.gort.testing.Testing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ForeignParentTest {

    private static boolean watched(Context foreign) {
        return ForeignWatch.WATCHES.containsKey(new ForeignWatch.Identity(foreign));
    }

    @Test
    void foreignCancellationReachesEveryChildThroughOneWatcher() {
        ContextTesting.Foreign f = new ContextTesting.Foreign();
        int before = Go.numGoroutine();
        List<CancelableContext> kids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            kids.add(Context.withCancel(f));
        }
        Stoppable s = Context.afterFunc(f, () -> { });
        CancelableContext grandchild = Context.withCancel(kids.get(0));
        assertTrue(watched(f));
        assertTrue(Go.numGoroutine() - before <= 1, "one watcher goroutine, not one per child");
        assertEquals("foreign-value", kids.get(5).value(f.key));
        RuntimeException why = new RuntimeException("remote said stop");
        f.cancel(why);
        for (CancelableContext k : kids) {
            ContextTesting.awaitDone(k);
            assertSame(why, k.err(), "err is the parent's err");
        }
        ContextTesting.awaitDone(grandchild);
        assertSame(why, Context.cause(grandchild));
        Testing.eventually("watcher left the registry", () -> !watched(f));
        assertTrue(!s.stop(), "the afterFunc ran");
    }

    @Test
    void watcherRetiresWhenItsLastChildIsCanceled() {
        ContextTesting.Foreign f = new ContextTesting.Foreign();
        int before = Go.numGoroutine();
        CancelableContext a = Context.withCancel(f);
        CancelableContext b = Context.withCancel(Context.withValue(f, Context.Key.of("k"), 1));
        a.cancel();
        assertTrue(watched(f), "b still needs it");
        b.cancel();
        assertTrue(!watched(f), "retired with its last child");
        Testing.eventually("watcher goroutine exited", () -> Go.numGoroutine() <= before);
        // A later child gets a fresh watcher and still sees the cancellation.
        CancelableContext c = Context.withCancel(f);
        f.cancel(Context.CANCELED);
        ContextTesting.awaitDone(c);
        assertSame(Context.CANCELED, c.err());
    }

    @Test
    void alreadyDoneForeignParentCancelsAtOnce() {
        ContextTesting.Foreign f = new ContextTesting.Foreign();
        f.cancel(Context.DEADLINE_EXCEEDED);
        CancelableContext c = Context.withCancel(f);
        assertSame(Context.DEADLINE_EXCEEDED, c.err());
        assertTrue(!watched(f));
    }

    @Test
    void foreignThatCanNeverBeCanceledIsNotWatched() {
        Context f = new Context() {
            @Override public Optional<Instant> deadline() { return Optional.empty(); }
            @Override public RecvChan<Void> done() { return null; }
            @Override public Throwable err() { return null; }
            @Override public <T> T value(Key<T> key) { return null; }
        };
        CancelableContext c = Context.withCancel(f);
        assertTrue(!watched(f));
        c.cancel();
        assertSame(Context.CANCELED, c.err());
    }

    /** A user wrapper that delegates to a gort context: Go's parentCancelCtx case. */
    static class Wrapper implements Context {
        final Context inner;

        Wrapper(Context inner) {
            this.inner = inner;
        }

        @Override public Optional<Instant> deadline() { return inner.deadline(); }
        @Override public RecvChan<Void> done() { return inner.done(); }
        @Override public Throwable err() { return inner.err(); }
        @Override public <T> T value(Key<T> key) { return inner.value(key); }
    }

    @Test
    void wrapperOfAGortContextCostsNoWatcher() {
        CancelableContext inner = Context.withCancel(Context.background());
        Wrapper w = new Wrapper(inner);
        CancelableContext child = Context.withCancel(w);
        assertTrue(!watched(w));
        assertEquals(1, ((CancelCtx) inner).childCount(), "attached straight to the wrapped context");
        IllegalStateException why = new IllegalStateException("x");
        inner.cancel(why);
        assertSame(Context.CANCELED, child.err());
        assertSame(why, Context.cause(child));
        assertSame(why, Context.cause(w));
    }

    @Test
    void foreignDeadlineIsInherited() {
        Instant d = Instant.now().plusSeconds(30);
        Context f = new Wrapper(Context.background()) {
            @Override public Optional<Instant> deadline() { return Optional.of(d); }
        };
        assertEquals(d, Context.withCancel(f).deadline().orElseThrow());
        assertEquals(d, Context.withTimeout(f, java.time.Duration.ofHours(1)).deadline().orElseThrow());
    }

    @Test
    void concurrentChildrenOfForeignParentRacingItsCancel() {
        for (int round = 0; round < 50; round++) {
            ContextTesting.Foreign f = new ContextTesting.Foreign();
            int n = 100;
            List<CancelableContext> kids = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch end = new CountDownLatch(2);
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    CancelableContext c = Context.withCancel(f);
                    kids.add(c);
                    if (i % 3 == 0) {
                        c.cancel();
                    }
                }
                end.countDown();
            });
            Go.go(() -> {
                f.cancel(Context.CANCELED);
                end.countDown();
            });
            Testing.await(end);
            for (CancelableContext k : kids) {
                ContextTesting.awaitDone(k);
            }
            Testing.eventually("registry empty", () -> !watched(f));
        }
    }
}
