package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.testing.Testing;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AfterFuncTest {

    @Test
    void runsInItsOwnGoroutineOnCancel() {
        CancelableContext ctx = Context.withCancel(Context.background());
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> where = new AtomicReference<>();
        Stoppable s = Context.afterFunc(ctx, () -> {
            where.set(Thread.currentThread());
            ran.countDown();
        });
        ctx.cancel();
        Testing.await(ran);
        assertNotSame(Thread.currentThread(), where.get());
        assertTrue(where.get().isVirtual(), "f runs in a goroutine");
        assertFalse(s.stop(), "already started");
    }

    @Test
    void runsAtOnceWhenAlreadyDone() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        CountDownLatch ran = new CountDownLatch(1);
        Stoppable s = Context.afterFunc(ctx, ran::countDown);
        Testing.await(ran);
        assertFalse(s.stop());
    }

    @Test
    void stopBeforeCancelPreventsTheRunAndLeavesTheContext() {
        CancelableContext ctx = Context.withCancel(Context.background());
        AtomicInteger runs = new AtomicInteger();
        Stoppable s = Context.afterFunc(ctx, runs::incrementAndGet);
        assertEquals(1, ((CancelCtx) ctx).childCount());
        assertTrue(s.stop());
        assertFalse(s.stop(), "second stop");
        assertEquals(0, ((CancelCtx) ctx).childCount(), "stop removed the registration");
        // A marker registered after it proves the cancel walk ran past where f would have been.
        CountDownLatch marker = new CountDownLatch(1);
        Context.afterFunc(ctx, marker::countDown);
        ctx.cancel();
        Testing.await(marker);
        assertEquals(0, runs.get());
    }

    @Test
    void neverCanceledContextNeverRunsAndStopSaysSo() {
        AtomicInteger runs = new AtomicInteger();
        Stoppable s = Context.afterFunc(Context.background(), runs::incrementAndGet);
        assertTrue(s.stop());
        assertEquals(0, runs.get());
    }

    @Test
    void stopRacingCancelHasExactlyOneWinner() throws Exception {
        int rounds = 2000;
        AtomicIntegerArray ran = new AtomicIntegerArray(rounds);
        boolean[] stopped = new boolean[rounds];
        AtomicInteger totalRuns = new AtomicInteger();
        CyclicBarrier barrier = new CyclicBarrier(2);
        CancelableContext[] ctxs = new CancelableContext[rounds];
        Stoppable[] stops = new Stoppable[rounds];
        for (int i = 0; i < rounds; i++) {
            ctxs[i] = Context.withCancel(Context.background());
            int k = i;
            stops[i] = Context.afterFunc(ctxs[i], () -> {
                ran.incrementAndGet(k);
                totalRuns.incrementAndGet();
            });
        }
        Thread canceller = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < rounds; i++) {
                try {
                    barrier.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                ctxs[i].cancel();
            }
        });
        int expectedRuns = 0;
        for (int i = 0; i < rounds; i++) {
            barrier.await();
            stopped[i] = stops[i].stop();
            if (!stopped[i]) {
                expectedRuns++;
            }
        }
        Testing.join(canceller);
        int want = expectedRuns;
        Testing.eventually("every unstopped f ran", () -> totalRuns.get() >= want);
        int stoppedCount = 0;
        for (int i = 0; i < rounds; i++) {
            assertEquals(stopped[i] ? 0 : 1, ran.get(i), "round " + i + ": exactly one of stopped / ran");
            if (stopped[i]) {
                stoppedCount++;
            }
        }
        assertEquals(want, totalRuns.get());
        assertEquals(rounds, stoppedCount + want);
    }

    @Test
    void manyAfterFuncsOnOneContextAllRun() {
        CancelableContext ctx = Context.withCancel(Context.background());
        int n = 10_000;
        CountDownLatch ran = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Context.afterFunc(ctx, ran::countDown);
        }
        Go.go(ctx::cancel);
        Testing.await(ran);
    }
}
