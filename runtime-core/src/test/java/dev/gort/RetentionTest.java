package dev.gort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A finished goroutine must not stay reachable from the scheduler: its run task holds the goroutine's
 * whole object graph. (Stale run-queue slots once kept up to 256 per P alive; the chaos soak found a
 * test world of 100 MB held that way.)
 */
class RetentionTest {
    private int initialProcs;

    @BeforeEach
    void remember() {
        initialProcs = Go.maxProcs();
    }

    @AfterEach
    void restore() {
        Go.maxProcs(initialProcs);
    }

    @Test
    void finishedGoroutinesQueuedOnAPAreCollectable() throws InterruptedException {
        Go.maxProcs(1);
        int n = 200; // fits one P's ring: each spawn goes to runnext and pushes the previous one to the ring
        List<WeakReference<Object>> payloads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(n);
        CountDownLatch spawned = new CountDownLatch(1);
        Go.go(() -> {
            for (int i = 0; i < n; i++) {
                Object payload = new byte[1024];
                synchronized (payloads) {
                    payloads.add(new WeakReference<>(payload));
                }
                Go.go(() -> {
                    if (payload.hashCode() == 42) { // keeps payload captured; never true in practice
                        Thread.onSpinWait();
                    }
                    done.countDown();
                });
            }
            spawned.countDown();
        });
        spawned.await();
        done.await();
        assertEquals(n, payloads.size());
        // Bounded wait: the P clears its ring when it next finds it empty, just after the last run.
        long until = System.nanoTime() + 10_000_000_000L;
        int alive;
        do {
            System.gc();
            alive = 0;
            synchronized (payloads) {
                for (WeakReference<Object> w : payloads) {
                    if (w.get() != null) {
                        alive++;
                    }
                }
            }
            if (alive == 0) {
                break;
            }
            LockSupport.parkNanos(20_000_000);
        } while (System.nanoTime() - until < 0);
        assertTrue(alive == 0, alive + " of " + n + " finished goroutines' payloads still reachable");
    }
}
