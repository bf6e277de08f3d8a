package dev.gort;

import static dev.gort.testing.Testing.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A million goroutines, started and joined, every one accounted for, at several GOMAXPROCS. */
class SpawnTest {
    private static int initialProcs;

    @BeforeAll
    static void remember() {
        assertTrue(Go.gmpScheduler(), "tests run with --add-opens: the G-M-P scheduler must be active");
        initialProcs = Go.maxProcs();
    }

    @AfterAll
    static void restore() {
        Go.maxProcs(initialProcs);
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void millionGoroutinesFromAPlatformThread(int procs) {
        Go.maxProcs(procs);
        int n = 1_000_000;
        CountDownLatch done = new CountDownLatch(n);
        AtomicLong sum = new AtomicLong();
        LongAdder virtualThreads = new LongAdder();
        for (int i = 0; i < n; i++) {
            int k = i;
            Go.go(() -> {
                if (Thread.currentThread().isVirtual()) {
                    virtualThreads.increment();
                }
                sum.addAndGet(k);
                done.countDown();
            });
        }
        join("a million goroutines", done);
        assertEquals((long) n * (n - 1) / 2, sum.get(), "every goroutine ran exactly once");
        assertEquals(n, virtualThreads.sum());
        assertEquals(procs, Go.stats().procs().size());
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}")
    @ValueSource(ints = {1, 2, 4})
    void millionGoroutinesFromAGoroutine(int procs) {
        Go.maxProcs(procs);
        int n = 1_000_000;
        CountDownLatch done = new CountDownLatch(n);
        LongAdder ran = new LongAdder();
        Go.go("spawner", () -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    ran.increment();
                    done.countDown();
                });
            }
        });
        join("a million goroutines", done);
        assertEquals(n, ran.sum());
    }
}
