package dev.gort.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.testing.Testing;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OnceTest {

    @Test
    void thousandRacingGoroutinesRunItExactlyOnceAndAllSeeItsEffect() {
        for (int round = 0; round < 5; round++) {
            Once once = new Once();
            AtomicInteger calls = new AtomicInteger();
            int[] value = {0}; // plain: only Once's happens-before makes every caller see 42
            AtomicInteger sawValue = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            Testing.Crew crew = new Testing.Crew(1000);
            for (int i = 0; i < 1000; i++) {
                crew.goroutine(() -> {
                    Testing.await("the start signal", go);
                    once.run(() -> {
                        calls.incrementAndGet();
                        Thread.yield(); // widen the window for the others to pile up
                        value[0] = 42;
                    });
                    if (value[0] == 42) {
                        sawValue.incrementAndGet();
                    }
                });
            }
            go.countDown();
            crew.join();
            assertEquals(1, calls.get());
            assertEquals(1000, sawValue.get());
        }
    }

    @Test
    void aThrowingFunctionPropagatesAndTheOnceIsDone() {
        Once once = new Once();
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> once.run(() -> {
            throw boom;
        }));
        assertSame(boom, e);
        assertTrue(once.isDone());
        AtomicInteger calls = new AtomicInteger();
        once.run(calls::incrementAndGet);
        assertEquals(0, calls.get());
    }

    @Test
    void callersWaitingOnAThrowingFunctionReturnNormally() {
        Once once = new Once();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Testing.Crew runner = new Testing.Crew(1);
        runner.goroutine(() -> assertThrows(RuntimeException.class, () -> once.run(() -> {
            inside.countDown();
            Testing.await("the release", release);
            throw new RuntimeException("f failed");
        })));
        Testing.await("f to be running", inside);
        AtomicInteger otherCalls = new AtomicInteger();
        Testing.Crew others = new Testing.Crew(10);
        for (int i = 0; i < 10; i++) {
            others.goroutine(() -> once.run(otherCalls::incrementAndGet));
        }
        release.countDown();
        runner.join();
        others.join();
        assertEquals(0, otherCalls.get());
    }

    @Test
    void recursiveRunThrowsInsteadOfDeadlocking() {
        Once once = new Once();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> once.run(() -> once.run(() -> {})));
        assertEquals("sync: Once.run called from its own function", e.getMessage());
        assertTrue(once.isDone());
    }
}
