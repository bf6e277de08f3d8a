package dev.gort.internal;

import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.inGoroutine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gort.Go;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitReason;
import dev.gort.testing.RestoresMaxProcs;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When a wait may spin before it parks ({@link Carriers#beginPark}), and what a spin leaves behind. */
@ExtendWith(RestoresMaxProcs.class)
class SpinBeforeParkTest {
    @Test
    void neverWithOneP() {
        Go.maxProcs(1);
        AtomicReference<Boolean> canSpin = new AtomicReference<>();
        inGoroutine(() -> canSpin.set(canSpin()));
        assertFalse(canSpin.get());
    }

    @Test
    void neverOffOurCarriers() {
        assertFalse(canSpin(), "a platform thread");
        AtomicReference<Boolean> canSpin = new AtomicReference<>();
        Thread t = Thread.ofVirtual().unstarted(() -> canSpin.set(canSpin())); // the JDK's scheduler
        t.start();
        join(t);
        assertFalse(canSpin.get(), "a virtual thread of the JDK's scheduler");
    }

    @Test
    void onlyWhileItsPHasNothingQueuedAndAnotherPRuns() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "spinning needs a second CPU");
        Go.maxProcs(2);
        AtomicBoolean busyRuns = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> failure = new AtomicReference<>();
        inGoroutine(() -> {
            CountDownLatch busyEnded = new CountDownLatch(1);
            Go.go("busy", () -> {
                busyRuns.set(true);
                while (!stop.get()) {
                    Thread.onSpinWait(); // holds the other P without parking
                }
                busyEnded.countDown();
            });
            try {
                // The busy goroutine starts in this P's runnext; the M woken for the start steals it.
                eventually("the busy goroutine to run on the other P, leaving this one idle behind us",
                        () -> busyRuns.get() && canSpin());
                CountDownLatch queuedRan = new CountDownLatch(1);
                Go.go("queued", queuedRan::countDown); // into this P's runnext: no idle P takes it
                if (canSpin()) {
                    failure.set("spinning allowed with a goroutine queued on this P");
                }
                if (!awaitLatch(queuedRan)) {
                    failure.set("the queued goroutine did not run");
                }
            } finally {
                stop.set(true);
                awaitLatch(busyEnded);
            }
        });
        assertEquals(null, failure.get());
    }

    @Test
    void aWaitCompletedWhileSpinningLeavesOnlyASpuriousWakeUpBehind() {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "spinning needs a second CPU");
        Go.maxProcs(2);
        int rounds = 20_000;
        AtomicReference<WaitNode> slot = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        int[] completed = new int[1];
        AtomicReference<Integer> late = new AtomicReference<>();
        inGoroutine(() -> {
            // A peer on the other P completes each wait as soon as it is published, as a channel's
            // sender would: wins the node, then readies its owner (often still spinning).
            CountDownLatch peerEnded = new CountDownLatch(1);
            Go.go("peer", () -> {
                while (!stop.get()) {
                    WaitNode w = slot.getAndSet(null);
                    if (w != null) {
                        w.elem = 1;
                        if (w.win()) { // nobody else ends these waits
                            Park.ready(w);
                        }
                    } else {
                        Thread.onSpinWait();
                    }
                }
                peerEnded.countDown();
            });
            try {
                for (int i = 0; i < rounds; i++) {
                    WaitNode w = new WaitNode(WaitReason.CHAN_RECEIVE, slot);
                    w.spin = true;
                    slot.set(w);
                    int s = Park.park(w);
                    if (s == 0 && w.elem != null) {
                        completed[0]++;
                    }
                }
                // Readies that reached a spinning waiter left park permits: the next wait must still
                // wait for its own outcome (here, its deadline) and not return on a stale permit.
                WaitNode last = new WaitNode(WaitReason.CHAN_RECEIVE, this);
                long t0 = System.nanoTime();
                late.set(Park.park(last, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20), null));
                if (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(20)) {
                    late.set(Integer.MIN_VALUE);
                }
            } finally {
                stop.set(true);
                awaitLatch(peerEnded);
            }
        });
        assertEquals(rounds, completed[0], "every wait ended with its peer's value");
        assertEquals(WaitNode.TIMED_OUT, late.get(), "a wait after the spins ended before its deadline");
    }

    /** What {@link Park#park} would be told now about spinning, without leaving the park mark set. */
    private static boolean canSpin() {
        boolean may = Carriers.beginPark(true);
        Carriers.endPark();
        return may;
    }

    private static boolean awaitLatch(CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void join(Thread t) {
        try {
            assertTrue(t.join(java.time.Duration.ofSeconds(30)), t + " did not end");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
