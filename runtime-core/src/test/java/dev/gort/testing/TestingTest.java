package dev.gort.testing;

import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.awaitParked;
import static dev.gort.testing.Testing.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.testing.Testing.Crew;
import dev.gort.testing.Testing.Handle;
import dev.gort.testing.Testing.Kind;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shared helper itself: what its handles, crews and failure messages promise the other tests. */
@Timeout(60)
class TestingTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aHandleRunsOnItsKindAndGivesBackWhatTheBodyReturnedOrThrew(Kind kind) throws Throwable {
        Handle ok = Testing.start(kind, () -> 42);
        assertEquals(42, ok.join());
        assertTrue(ok.isDone());
        assertEquals(kind != Kind.PLATFORM, ok.thread().isVirtual(), kind + " ran on " + ok.thread());

        IllegalStateException boom = new IllegalStateException("boom");
        Handle bad = Testing.start(kind, () -> {
            throw boom;
        });
        assertSame(boom, bad.failure());
        assertSame(boom, assertThrows(IllegalStateException.class, bad::join), "join rethrows it unwrapped");

        AssertionError e = assertThrows(AssertionError.class, ok::failure);
        assertTrue(e.getMessage().contains("returned 42"), e.getMessage());
    }

    @Test
    void goroutineReturnsTheThreadOfARunningGoroutineAndAwaitParkedSeesItBlock() {
        CountDownLatch release = new CountDownLatch(1);
        Thread g = Testing.goroutine(() -> Testing.await("release", release));
        assertTrue(g.isVirtual());
        awaitParked(g);
        assertTrue(g.isAlive(), "parked, not ended");
        release.countDown();
        Testing.join(g);
        assertFalse(g.isAlive());
    }

    @Test
    void inGoroutineRethrowsWhatTheBodyThrew() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        assertSame(boom, assertThrows(IllegalArgumentException.class, () -> Testing.inGoroutine(() -> {
            throw boom;
        })));
        AtomicInteger ran = new AtomicInteger();
        Testing.inGoroutine(ran::incrementAndGet);
        assertEquals(1, ran.get(), "returns after the body ran");
    }

    @Test
    void crewJoinWaitsForEveryWorkerAndRethrowsTheFirstFailure() {
        Crew crew = new Crew(3);
        IllegalStateException first = new IllegalStateException("first");
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Handle h1 = crew.goroutine(() -> {
            throw first;
        });
        crew.platform(() -> {
            eventually("the first worker to fail", h1::isDone);
            throw new IllegalStateException("second");
        });
        crew.virtual(() -> {
            Testing.await("release", release);
            finished.incrementAndGet();
        });
        release.countDown();
        AssertionError e = assertThrows(AssertionError.class, crew::join);
        assertSame(first, e.getCause(), "the first failure, not the last");
        assertEquals(1, finished.get(), "join returned only after the worker that did not fail ended");
    }

    @Test
    void aCrewMustStartExactlyItsSize() {
        Crew one = new Crew(1);
        one.goroutine(() -> {});
        assertThrows(IllegalStateException.class, () -> one.goroutine(() -> {}));
        one.join();
        Crew two = new Crew(2);
        two.goroutine(() -> {});
        AssertionError e = assertThrows(AssertionError.class, two::join);
        assertEquals("a crew of 2 started 1 workers", e.getMessage());
    }

    @Test
    void aTimeoutNamesTheWaitAndCarriesTheGoroutineDump() {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Go.go("stuck-for-the-dump", () -> {
            started.countDown();
            Testing.await("release", release);
        });
        try {
            await("the goroutine to start", started);
            eventually("the goroutine to park", () -> Go.dumpGoroutines().contains("\"stuck-for-the-dump\" ["));
            AssertionError e = Testing.timedOut("something that never happens", Testing.WAIT);
            assertTrue(e.getMessage().startsWith("timed out after " + Testing.WAIT.toSeconds()
                    + " s waiting for: something that never happens\ngoroutines ("), e.getMessage());
            assertTrue(e.getMessage().contains("\"stuck-for-the-dump\" ["), e.getMessage());
        } finally {
            release.countDown();
        }
    }

    @Test
    void awaitCollectedReturnsOnceUnreachableObjectsAreCollected() {
        List<WeakReference<Object>> refs = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            refs.add(new WeakReference<>(new byte[1024]));
        }
        Object kept = new byte[1024];
        refs.add(new WeakReference<>(kept));
        assertEquals(0, Testing.awaitCollected(refs.subList(0, 100)));
        assertSame(kept, refs.get(100).get(), "a reachable object stays");
    }
}
