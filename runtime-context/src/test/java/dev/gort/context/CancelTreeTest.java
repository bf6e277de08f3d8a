package dev.gort.context;

import static dev.gort.context.ContextTesting.awaitDone;
import static dev.gort.context.ContextTesting.isClosed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.chan.RecvChan;
import dev.gort.testing.Testing;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class CancelTreeTest {

    @Test
    void withCancelStartsOpenAndCancelClosesDoneOnce() {
        CancelableContext ctx = Context.withCancel(Context.background());
        RecvChan<Void> d = ctx.done();
        assertSame(d, ctx.done(), "done() returns the same channel every call");
        assertNull(ctx.err());
        assertFalse(isClosed(d));
        ctx.cancel();
        assertTrue(isClosed(d));
        assertSame(Context.CANCELED, ctx.err());
        ctx.cancel(); // idempotent
        ctx.close();
        assertSame(Context.CANCELED, ctx.err());
        assertSame(d, ctx.done());
    }

    @Test
    void doneAskedOnlyAfterCancelIsClosed() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertTrue(isClosed(ctx.done()));
        assertSame(ctx.done(), ctx.done());
    }

    @Test
    void backgroundAndTodoAreNeverCanceled() {
        for (Context c : List.of(Context.background(), Context.todo())) {
            assertNull(c.done());
            assertNull(c.err());
            assertTrue(c.deadline().isEmpty());
        }
        assertEquals("context.Background", Context.background().toString());
    }

    @Test
    void depth100ChainCancelsEveryLevelExactlyOnce() {
        int depth = 100;
        CancelableContext root = Context.withCancel(Context.background());
        List<CancelableContext> chain = new ArrayList<>();
        AtomicIntegerArray hits = new AtomicIntegerArray(depth);
        Context p = root;
        for (int i = 0; i < depth; i++) {
            CancelableContext c = Context.withCancel(p);
            int k = i;
            Contexts.onCancel(c, () -> hits.incrementAndGet(k));
            chain.add(c);
            p = c;
        }
        RecvChan<Void> leafDone = chain.get(depth - 1).done();
        root.cancel();
        assertTrue(isClosed(leafDone), "propagation is synchronous: done before cancel() returns");
        for (int i = 0; i < depth; i++) {
            assertSame(Context.CANCELED, chain.get(i).err(), "level " + i);
            assertEquals(1, hits.get(i), "level " + i + " canceled exactly once");
        }
    }

    @Test
    void cancelingAMiddleLevelLeavesAncestorsAlone() {
        CancelableContext root = Context.withCancel(Context.background());
        CancelableContext mid = Context.withCancel(root);
        CancelableContext leaf = Context.withCancel(Context.withValue(mid, Context.Key.of("k"), 1));
        CancelableContext sibling = Context.withCancel(root);
        mid.cancel();
        assertSame(Context.CANCELED, leaf.err());
        assertNull(root.err());
        assertNull(sibling.err());
        assertEquals(1, ((CancelCtx) root).childCount(), "mid left root; sibling stays");
    }

    @Test
    void fanOut1000TimesTwoLevelsCancelsAll() {
        CancelableContext root = Context.withCancel(Context.background());
        List<CancelableContext> all = new ArrayList<>();
        AtomicInteger hits = new AtomicInteger();
        for (int i = 0; i < 1000; i++) {
            CancelableContext c = Context.withCancel(root);
            all.add(c);
            for (int j = 0; j < 10; j++) {
                CancelableContext g = Context.withCancel(c);
                Contexts.onCancel(g, hits::incrementAndGet);
                all.add(g);
            }
        }
        assertEquals(1000, ((CancelCtx) root).childCount());
        root.cancel(new IllegalStateException("stop"));
        for (CancelableContext c : all) {
            assertSame(Context.CANCELED, c.err());
            assertTrue(Context.cause(c) instanceof IllegalStateException);
            assertEquals(0, ((CancelCtx) c).childCount(), "a canceled context holds no children");
        }
        assertEquals(10_000, hits.get());
    }

    @Test
    void millionChildrenAndMillionDeepChainOnTheDefaultStack() {
        // Surefire runs with -Xss1m: a recursive walk would overflow on the deep chain.
        CancelableContext wide = Context.withCancel(Context.background());
        CancelableContext last = null;
        for (int i = 0; i < 1_000_000; i++) {
            last = Context.withCancel(wide);
        }
        RecvChan<Void> lastDone = last.done();
        wide.cancel();
        assertTrue(isClosed(lastDone));

        CancelableContext deep = Context.withCancel(Context.background());
        Context p = deep;
        for (int i = 0; i < 1_000_000; i++) {
            p = Context.withCancel(p);
        }
        RecvChan<Void> bottom = p.done();
        deep.cancel();
        assertTrue(isClosed(bottom));
        assertSame(Context.CANCELED, p.err());
    }

    @Test
    void goroutinesBlockedOnDoneAllWake() {
        CancelableContext ctx = Context.withCancel(Context.background());
        int n = 1000;
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch woke = new CountDownLatch(n);
        AtomicInteger sawErr = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            CancelableContext child = Context.withCancel(ctx);
            Go.go(() -> {
                started.countDown();
                child.done().recv();
                if (child.err() == Context.CANCELED) {
                    sawErr.incrementAndGet();
                }
                woke.countDown();
            });
        }
        Testing.await(started);
        ctx.cancel();
        Testing.await(woke);
        assertEquals(n, sawErr.get(), "err() is visible to whoever woke from done()");
    }

    @Test
    void childOfCanceledParentIsCanceledBeforeItIsReturned() {
        CancelableContext parent = Context.withCancel(Context.background());
        parent.cancel(new RuntimeException("why"));
        CancelableContext child = Context.withCancel(parent);
        assertSame(Context.CANCELED, child.err());
        assertEquals("why", Context.cause(child).getMessage());
        assertEquals(0, ((CancelCtx) parent).childCount());
    }

    @Test
    void concurrentCancelAndRegistrationCancelEachChildExactlyOnce() {
        for (int round = 0; round < 200; round++) {
            CancelableContext parent = Context.withCancel(Context.background());
            int n = 200;
            AtomicInteger hits = new AtomicInteger();
            List<CancelableContext> kids = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch end = new CountDownLatch(2);
            Go.go(() -> {
                Testing.await(go);
                for (int i = 0; i < n; i++) {
                    CancelableContext c = Context.withCancel(parent);
                    Contexts.onCancel(c, hits::incrementAndGet);
                    kids.add(c);
                }
                end.countDown();
            });
            Go.go(() -> {
                Testing.await(go);
                parent.cancel();
                end.countDown();
            });
            go.countDown();
            Testing.await(end);
            assertEquals(n, kids.size());
            for (CancelableContext c : kids) {
                assertSame(Context.CANCELED, c.err());
            }
            assertEquals(n, hits.get(), "round " + round);
        }
    }

    @Test
    void doneWorksFromPlatformThreadsToo() throws Exception {
        CancelableContext ctx = Context.withCancel(Context.background());
        Thread t = Thread.ofPlatform().start(() -> awaitDone(ctx));
        ctx.cancel();
        Testing.join(t);
        assertFalse(t.isAlive());
    }
}
