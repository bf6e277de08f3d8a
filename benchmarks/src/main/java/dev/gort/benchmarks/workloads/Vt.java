package dev.gort.benchmarks.workloads;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Virtual-thread helpers for the JDK and Jox workloads: run a body as the "main goroutine", and
 * j.u.c calls with the checked InterruptedException turned unchecked (nothing interrupts a
 * benchmark; if something does, the cell fails).
 */
final class Vt {
    private Vt() {}

    /** Runs {@code body} in a fresh virtual thread and returns its result to the calling thread. */
    static long main(Supplier<Long> body) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(body.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.join();
    }

    static Thread start(Runnable r) {
        return Thread.ofVirtual().start(r);
    }

    static <T> T take(BlockingQueue<T> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> void put(BlockingQueue<T> q, T v) {
        try {
            q.put(v);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
