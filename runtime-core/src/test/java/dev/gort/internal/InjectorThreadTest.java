package dev.gort.internal;

import static dev.gort.testing.Testing.awaitParked;
import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.goroutine;
import static dev.gort.testing.Testing.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gort.Go;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Goroutines readied by an {@link InjectorThread} (the timer thread's kind) reach the scheduler a
 * burst at a time: none can run before {@link InjectorThread#inject()} (or before a full batch goes),
 * and every one runs after it.
 */
class InjectorThreadTest {
    /** Goroutines each parked until its flag is set and it is unparked; each counts its wake-up. */
    private static final class Sleepers {
        final AtomicInteger woke = new AtomicInteger();
        final List<Thread> threads = new ArrayList<>();
        final AtomicBoolean[] released;

        Sleepers(int n) {
            released = new AtomicBoolean[n];
            for (int i = 0; i < n; i++) {
                AtomicBoolean mine = released[i] = new AtomicBoolean();
                threads.add(goroutine(() -> {
                    while (!mine.get()) {
                        LockSupport.park(this);
                    }
                    woke.incrementAndGet();
                }));
            }
            threads.forEach(t -> awaitParked(t));
        }

        /** Lets goroutine {@code i} go and unparks it. */
        void release(int i) {
            released[i].set(true);
            LockSupport.unpark(threads.get(i));
        }
    }

    /** What the injector saw: held goroutines and wake-ups before its inject, held ones after. */
    private record Seen(int heldBefore, int wokeBefore, int heldAfter) {}

    private static Seen readyFromInjector(Sleepers s) throws InterruptedException {
        Seen[] seen = new Seen[1];
        InjectorThread injector = new InjectorThread(() -> {
            for (int i = 0; i < s.threads.size(); i++) {
                s.release(i); // runnable now, but queued only when the burst ends
            }
            int heldBefore = ((InjectorThread) Thread.currentThread()).held();
            int wokeBefore = s.woke.get();
            ((InjectorThread) Thread.currentThread()).inject();
            seen[0] = new Seen(heldBefore, wokeBefore, ((InjectorThread) Thread.currentThread()).held());
        }, "test-injector");
        injector.start();
        join(injector);
        return seen[0];
    }

    @Test
    void goroutinesReadiedInABurstRunOnlyOnceItIsInjected() throws InterruptedException {
        assumeTrue(Go.stats().gmp(), "needs gort's scheduler (--add-opens java.base/java.lang)");
        Sleepers s = new Sleepers(10);
        Seen seen = readyFromInjector(s);
        assertEquals(10, seen.heldBefore(), "every goroutine the burst readied is held");
        assertEquals(0, seen.wokeBefore(), "a held goroutine is queued nowhere, so none ran");
        assertEquals(0, seen.heldAfter(), "inject hands them all over");
        eventually("all 10 woken goroutines ran", () -> s.woke.get() == 10);
    }

    @Test
    void aBurstLargerThanOneBatchGoesOutAFullBatchAtATime() throws InterruptedException {
        assumeTrue(Go.stats().gmp(), "needs gort's scheduler (--add-opens java.base/java.lang)");
        int n = 3 * InjectorThread.CAPACITY + 7;
        Sleepers s = new Sleepers(n);
        Seen seen = readyFromInjector(s);
        assertEquals(7, seen.heldBefore(), "full batches went out as they filled; the rest waits for inject");
        assertTrue(seen.wokeBefore() <= n - 7, "only goroutines of full batches can have run: " + seen.wokeBefore());
        assertEquals(0, seen.heldAfter());
        eventually("all " + n + " woken goroutines ran", () -> s.woke.get() == n);
        assertEquals(n, s.woke.get(), "each ran once");
    }
}
