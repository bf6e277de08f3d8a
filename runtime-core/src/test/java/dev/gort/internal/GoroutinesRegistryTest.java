package dev.gort.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The registry of live goroutines on its own: records are unstarted threads, nothing runs. */
class GoroutinesRegistryTest {
    private static Goroutines.G record() {
        Goroutines.G g = new Goroutines.G(() -> {}, false);
        g.thread = Thread.ofVirtual().unstarted(g);
        return g;
    }

    @Test
    void countAndSnapshotFollowAddsAndRemovesInAnyOrder() {
        Goroutines reg = new Goroutines();
        SplittableRandom rnd = new SplittableRandom(42);
        List<Goroutines.G> live = new ArrayList<>();
        // Grow every stripe well past its first array, shrink, grow again: slots are reused.
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 5_000; i++) {
                Goroutines.G g = record();
                reg.add(g);
                live.add(g);
            }
            for (int i = 0; i < 4_000; i++) {
                reg.remove(live.remove(rnd.nextInt(live.size())));
            }
            assertEquals(live.size(), reg.count());
            assertEquals(new HashSet<>(live), new HashSet<>(reg.snapshot()));
            assertEquals(live.size(), reg.snapshot().size(), "each record once");
        }
        for (Goroutines.G g : live) {
            reg.remove(g);
        }
        assertEquals(0, reg.count());
        assertTrue(reg.snapshot().isEmpty());
    }

    @Test
    void concurrentAddsAndRemovesLoseNothing() throws InterruptedException {
        Goroutines reg = new Goroutines();
        int threads = 4;
        int perThread = 20_000;
        List<Goroutines.G> kept = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                List<Goroutines.G> mine = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    Goroutines.G g = record();
                    reg.add(g);
                    mine.add(g);
                    if (i % 3 != 0) {
                        reg.remove(mine.remove(mine.size() - 1 - (i % Math.min(mine.size(), 7))));
                    }
                }
                kept.addAll(mine);
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        Set<Goroutines.G> expected = new HashSet<>(kept);
        assertEquals(expected.size(), kept.size());
        assertEquals(kept.size(), reg.count());
        assertEquals(expected, new HashSet<>(reg.snapshot()));
    }
}
