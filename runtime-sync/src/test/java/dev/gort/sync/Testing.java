package dev.gort.sync;

import static org.junit.jupiter.api.Assertions.fail;

import dev.gort.Go;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** Small helpers: start goroutines or threads and wait for them with a bound, never with sleep. */
final class Testing {
    private Testing() {}

    /** A set of started goroutines/threads whose failures are collected and rethrown on join. */
    static final class Crew {
        private final CountDownLatch finished;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Crew(int n) {
            finished = new CountDownLatch(n);
        }

        private Runnable wrap(Runnable body) {
            return () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    finished.countDown();
                }
            };
        }

        void goroutine(Runnable body) {
            Go.go(wrap(body));
        }

        Thread platform(Runnable body) {
            Thread t = Thread.ofPlatform().daemon().start(wrap(body));
            return t;
        }

        void join() {
            try {
                if (!finished.await(30, TimeUnit.SECONDS)) {
                    fail("workers did not finish within 30 s: " + finished.getCount() + " left (deadlock?); "
                            + dumpThreads());
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            Throwable t = failure.get();
            if (t != null) {
                throw new AssertionError("a worker failed", t);
            }
        }
    }

    /** Every goroutine with its wait reason and stack, for a failure message. */
    static String dumpThreads() {
        return "goroutines:\n" + Go.dumpGoroutines();
    }

    /** Waits (yielding, not sleeping) until cond holds; fails after 10 s. */
    static void eventually(String what, BooleanSupplier cond) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Waits until thread t is parked or blocked (in a sync call); fails after 10 s. */
    static void parked(Thread t) {
        eventually(t + " parked", () -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING || s == Thread.State.BLOCKED;
        });
    }

    /** Starts a goroutine and returns its Thread (goroutines are virtual threads). */
    static Thread goroutine(Runnable body) {
        AtomicReference<Thread> self = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Go.go(() -> {
            self.set(Thread.currentThread());
            started.countDown();
            body.run();
        });
        try {
            started.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        return self.get();
    }
}
