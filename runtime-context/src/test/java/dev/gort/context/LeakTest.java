package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.testing.Testing;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeakTest {

    /** Collects until every reference is cleared, or fails; {@code System.gc()} is only a hint. */
    private static void assertAllCleared(List<WeakReference<Object>> refs) {
        assertEquals(0, Testing.awaitCollected(refs), "canceled children still reachable");
    }

    @Test
    void millionShortLivedChildrenOfALongLivedParentAreNotKept() {
        CancelableContext parent = Context.withCancel(Context.background());
        Context valued = Context.withValue(parent, Context.Key.of("k"), "v");
        List<WeakReference<Object>> sample = new ArrayList<>();
        for (int i = 0; i < 1_000_000; i++) {
            CancelableContext c = (i & 1) == 0 ? Context.withCancel(parent) : Context.withTimeout(valued, Duration.ofHours(1));
            if (i % 1000 == 0) {
                c.done(); // with a channel made, too
                sample.add(new WeakReference<>(c));
            }
            c.cancel();
        }
        assertEquals(0, ((CancelCtx) parent).childCount());
        assertAllCleared(sample);
        assertNull(parent.err());
        parent.cancel();
    }

    @Test
    void stoppedAfterFuncsAndFinishedSemaphoreWaitsAreNotKept() {
        CancelableContext parent = Context.withCancel(Context.background());
        List<WeakReference<Object>> sample = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            int k = i;
            Stoppable s = Context.afterFunc(parent, () -> assertTrue(k >= 0));
            if (i % 1000 == 0) {
                sample.add(new WeakReference<>(s));
            }
            assertTrue(s.stop());
        }
        dev.gort.sync.Semaphore sem = new dev.gort.sync.Semaphore(1);
        for (int i = 0; i < 1000; i++) {
            Semaphores.acquire(parent, sem, 1);
            sem.release(1);
        }
        assertEquals(0, ((CancelCtx) parent).childCount());
        assertAllCleared(sample);
        parent.cancel();
    }

    @Test
    void aCanceledParentDropsItsWholeSubtree() {
        CancelableContext parent = Context.withCancel(Context.background());
        List<WeakReference<Object>> sample = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            CancelableContext c = Context.withCancel(parent);
            if (i % 100 == 0) {
                sample.add(new WeakReference<>(c));
            }
        }
        parent.cancel();
        assertAllCleared(sample);
    }
}
