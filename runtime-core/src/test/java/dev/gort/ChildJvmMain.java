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
        if (args.length > 0 && args[0].equals("return-with-goroutines-alive")) {
            returnWithGoroutinesAlive();
            return;
        }
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

    /**
     * Leaves goroutines of every kind alive (parked forever, asleep, spinning on a carrier) and
     * returns from main: the JVM must exit, since gort's carriers and sysmon are daemon threads.
     */
    static void returnWithGoroutinesAlive() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1002);
        for (int i = 0; i < 1000; i++) {
            Go.go(() -> {
                started.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Go.go(() -> {
            started.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Go.go(() -> {
            started.countDown();
            while (never.getCount() > 0) {
                Thread.onSpinWait(); // holds a carrier for ever
            }
        });
        started.await();
        System.out.println("goroutines=" + Go.numGoroutine());
        System.out.println("main returns");
    }
}
