package dev.gort;

import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.awaitCollected;
import static dev.gort.testing.Testing.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.testing.RestoresMaxProcs;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A finished goroutine must not stay reachable from the scheduler: its run task holds the goroutine's
 * whole object graph. (Stale run-queue slots once kept up to 256 per P alive; the chaos soak found a
 * test world of 100 MB held that way.)
 */
@ExtendWith(RestoresMaxProcs.class)
class RetentionTest {
    @Test
    void finishedGoroutinesQueuedOnAPAreCollectable() {
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
        await("the spawner", spawned);
        join("200 goroutines", done);
        assertEquals(n, payloads.size());
        // Bounded wait: the P clears its ring when it next finds it empty, just after the last run.
        long alive = awaitCollected(payloads);
        assertTrue(alive == 0, alive + " of " + n + " finished goroutines' payloads still reachable");
    }
}
