package dev.gort.sync;

import static dev.gort.testing.Testing.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.sync.internal.SyncAccess;
import dev.gort.testing.Testing;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ErrGroupTest {

    @Test
    void awaitReturnsAfterAllSucceed() {
        ErrGroup g = new ErrGroup();
        AtomicInteger done = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            g.go(done::incrementAndGet);
        }
        g.await();
        assertEquals(100, done.get());
    }

    @Test
    void firstUncheckedFailureIsRethrownAsItIsAfterAllReturned() {
        ErrGroup g = new ErrGroup();
        IllegalStateException first = new IllegalStateException("first");
        CountDownLatch firstFailed = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        g.go(() -> {
            try {
                throw first;
            } finally {
                firstFailed.countDown();
            }
        });
        Testing.await("the first task to fail", firstFailed);
        eventually("first recorded", () -> g.toString().contains("failed"));
        g.go(() -> {
            throw new IllegalArgumentException("second");
        });
        for (int i = 0; i < 10; i++) {
            g.go(finished::incrementAndGet);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, g::await);
        assertSame(first, e);
        assertEquals(10, finished.get(), "await returns only after every goroutine returned");
        assertSame(first, assertThrows(IllegalStateException.class, g::await), "the failure stays");
    }

    @Test
    void checkedFailureIsWrapped() {
        ErrGroup g = new ErrGroup();
        IOException io = new IOException("disk");
        g.go(() -> {
            throw io;
        });
        ErrGroupException e = assertThrows(ErrGroupException.class, g::await);
        assertSame(io, e.getCause());
        assertEquals("errgroup: java.io.IOException: disk", e.getMessage());
    }

    @Test
    void errorsAreRethrownAsTheyAre() {
        ErrGroup g = new ErrGroup();
        AssertionError err = new AssertionError("bad");
        g.go(() -> {
            throw err;
        });
        assertSame(err, assertThrows(AssertionError.class, g::await));
    }

    @Test
    void setLimitBoundsConcurrency() {
        ErrGroup g = new ErrGroup();
        g.setLimit(3);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        for (int i = 0; i < 60; i++) {
            g.go(() -> {
                int now = inside.incrementAndGet();
                max.accumulateAndGet(now, Math::max);
                for (int k = 0; k < 20; k++) {
                    Thread.yield();
                }
                inside.decrementAndGet();
                return null;
            });
            assertTrue(g.active() <= 3);
        }
        g.await();
        assertTrue(max.get() <= 3, "max concurrent " + max.get());
        assertTrue(max.get() >= 1);
    }

    @Test
    void tryGoRespectsTheLimit() throws InterruptedException {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        CountDownLatch release = new CountDownLatch(1);
        assertTrue(g.tryGo(() -> {
            release.await();
            return null;
        }));
        assertFalse(g.tryGo(() -> null));
        release.countDown();
        g.await();
        assertTrue(g.tryGo(() -> null));
        g.await();
    }

    @Test
    void setLimitWhileActiveThrowsLikeGo() {
        ErrGroup g = new ErrGroup();
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            g.go(() -> {
                release.await();
                return null;
            });
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.setLimit(4));
        assertEquals("errgroup: modify limit while 2 goroutines in the group are still active", e.getMessage());
        release.countDown();
        g.await();
        g.setLimit(4);
        g.setLimit(-1);
        assertEquals("errgroup: limit 0 would block every go() forever; use a negative limit for none",
                assertThrows(IllegalArgumentException.class, () -> g.setLimit(0)).getMessage());
    }

    /** The hook ErrGroups.withContext builds on: called once, with the first failure or with null. */
    @Test
    void contextHookIsCalledOnceWithTheFirstFailure() {
        List<Throwable> calls = new CopyOnWriteArrayList<>();
        ErrGroup g = SyncAccess.get().newErrGroup(calls::add);
        RuntimeException boom = new RuntimeException("boom");
        g.go(() -> {
            throw boom;
        });
        assertThrows(RuntimeException.class, g::await);
        assertEquals(List.of(boom), calls);

        List<Throwable> calls2 = new CopyOnWriteArrayList<>();
        ErrGroup ok = SyncAccess.get().newErrGroup(calls2::add);
        ok.go(() -> null);
        ok.await();
        ok.await();
        assertEquals(1, calls2.size());
        assertNull(calls2.get(0));
    }
}
