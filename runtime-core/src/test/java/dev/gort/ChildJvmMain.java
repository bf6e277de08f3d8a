package dev.gort;

import dev.gort.testing.Testing;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a child JVM by {@link ChildJvmTest}: starts goroutines and prints, one per line, what the
 * parent checks. Prints to stdout because it is a test program, not library code.
 */
public final class ChildJvmMain {
    public static void main(String[] args) throws Exception {
        try {
            int n = 10_000;
            CountDownLatch done = new CountDownLatch(n);
            AtomicInteger virtual = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    if (Thread.currentThread().isVirtual()) {
                        virtual.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            boolean finished = done.await(Testing.JOIN.toNanos(), TimeUnit.NANOSECONDS);
            System.out.println("gmp=" + Go.gmpScheduler());
            System.out.println("maxprocs=" + Go.maxProcs());
            System.out.println("ran=" + (finished ? n : n - done.getCount()));
            System.out.println("virtual=" + virtual.get());
        } catch (IllegalArgumentException e) {
            System.out.println("error=" + e.getMessage());
        }
    }
}
