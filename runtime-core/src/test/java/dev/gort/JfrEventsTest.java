package dev.gort;

import static dev.gort.testing.Testing.awaitParked;
import static dev.gort.testing.Testing.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.internal.jfr.GoEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/** gort's JFR events, recorded with jdk.jfr.Recording and read back with RecordingFile. */
class JfrEventsTest {
    @Test
    void aRecordingHoldsGortsEvents() throws Exception {
        assertTrue(GoEvents.AVAILABLE);
        int procs = Go.maxProcs();
        Path file = Files.createTempFile("gort", ".jfr");
        Map<String, Long> ends = new HashMap<>();
        long testThread = Thread.currentThread().threadId();
        List<RecordedEvent> events;
        try (Recording r = new Recording()) {
            r.enable(GoEvents.PREFIX + "GoroutineStart");
            r.enable(GoEvents.PREFIX + "GoroutineEnd");
            r.enable(GoEvents.PREFIX + "Gomaxprocs");
            r.enable(GoEvents.PREFIX + "SysmonHandoff");
            r.enable(GoEvents.PREFIX + "GoroutineBlock").withThreshold(Duration.ZERO);
            r.start();

            // 1. ten named goroutines, one of which throws (its uncaught exception is logged)
            int n = 10;
            CountDownLatch done = new CountDownLatch(n);
            Map<String, Thread> threads = new java.util.concurrent.ConcurrentHashMap<>();
            for (int i = 0; i < n; i++) {
                String name = "jfr-probe-" + i;
                boolean fail = i == 7;
                Go.go(name, () -> {
                    threads.put(name, Thread.currentThread());
                    done.countDown();
                    if (fail) {
                        throw new IllegalStateException("probe 7 fails on purpose");
                    }
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            for (Thread t : threads.values()) {
                t.join();
                ends.put(t.getName(), t.threadId());
            }

            // 2. a GOMAXPROCS change
            Go.maxProcs(1);

            // 3. a handoff: at GOMAXPROCS=1 a goroutine spins until a second one runs, which only a
            //    handoff of the stuck P makes possible
            AtomicBoolean otherRan = new AtomicBoolean();
            CountDownLatch hogDone = new CountDownLatch(1);
            CountDownLatch hogStarted = new CountDownLatch(1);
            Go.go("jfr-hog", () -> {
                hogStarted.countDown();
                Go.go("jfr-other", () -> otherRan.set(true)); // queued behind the hog on its P
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!otherRan.get() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                hogDone.countDown();
            });
            assertTrue(hogStarted.await(10, TimeUnit.SECONDS));
            assertTrue(hogDone.await(40, TimeUnit.SECONDS));
            assertTrue(otherRan.get(), "sysmon handed the stuck P off");
            Go.maxProcs(procs);

            // 4. the block event, committed by the park layer: a timed wait of the layer, seen
            //    parked before an interrupt gives it up (a wait decided before it parks records no
            //    event, which a short timeout could not rule out on a loaded machine)
            CountDownLatch blocked = new CountDownLatch(1);
            AtomicReference<Thread> blockedThread = new AtomicReference<>();
            Object blocker = new Object();
            Go.go("jfr-blocked", () -> {
                blockedThread.set(Thread.currentThread());
                int s = dev.gort.internal.park.Park.park(
                        new dev.gort.internal.park.WaitNode(dev.gort.internal.park.WaitReason.CHAN_RECEIVE, blocker),
                        dev.gort.internal.time.TimerHeap.deadline(TimeUnit.SECONDS.toNanos(60)), null);
                if (s == dev.gort.internal.park.WaitNode.INTERRUPTED) {
                    blocked.countDown();
                }
            });
            eventually("jfr-blocked started", () -> blockedThread.get() != null);
            awaitParked(blockedThread.get());
            blockedThread.get().interrupt();
            assertTrue(blocked.await(10, TimeUnit.SECONDS));

            r.stop();
            r.dump(file);
            events = RecordingFile.readAllEvents(file);
        } finally {
            Files.deleteIfExists(file);
        }

        Map<String, List<RecordedEvent>> byType = events.stream()
                .filter(e -> e.getEventType().getName().startsWith(GoEvents.PREFIX))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName().substring(GoEvents.PREFIX.length())));

        // starts: one per probe, on the goroutine itself, naming it and its parent
        Set<String> started = new HashSet<>();
        for (RecordedEvent e : byType.get("GoroutineStart")) {
            String name = e.getString("name");
            if (name != null && name.startsWith("jfr-probe-")) {
                assertEquals(ends.get(name), e.getThread().getJavaThreadId(), "event thread is the goroutine");
                assertEquals(testThread, e.getLong("parentId"));
                assertTrue(started.add(name), "one start per goroutine");
            }
        }
        assertEquals(10, started.size());
        // ends: one per probe, the failing one with its exception class
        Set<Long> probeIds = new HashSet<>(ends.values());
        int endCount = 0;
        for (RecordedEvent e : byType.get("GoroutineEnd")) {
            long tid = e.getThread().getJavaThreadId();
            if (probeIds.contains(tid)) {
                endCount++;
                Object uncaught = e.getValue("uncaught");
                if (tid == ends.get("jfr-probe-7")) {
                    assertNotNull(uncaught);
                    assertEquals(IllegalStateException.class.getName(), e.getClass("uncaught").getName());
                } else {
                    assertNull(uncaught);
                }
            }
        }
        assertEquals(10, endCount);

        RecordedEvent gomaxprocs = byType.get("Gomaxprocs").get(0);
        assertEquals(procs, gomaxprocs.getInt("oldProcs"));
        assertEquals(1, gomaxprocs.getInt("newProcs"));
        if (procs != 1) {
            assertEquals(2, byType.get("Gomaxprocs").size(), "there and back");
        }

        RecordedEvent handoff = byType.get("SysmonHandoff").get(0);
        assertEquals(0, handoff.getInt("proc"));
        assertTrue(handoff.getDuration("stuckFor").toMillis() >= 10, handoff.toString());
        assertEquals("gort-sysmon", handoff.getThread().getJavaName());

        RecordedEvent block = byType.get("GoroutineBlock").stream()
                .filter(e -> "jfr-blocked".equals(e.getThread().getJavaName())).findFirst().orElseThrow();
        assertEquals("chan receive", block.getString("waitReason"));
        assertEquals(Object.class.getName(), block.getClass("blockerClass").getName());
        assertTrue(block.getDuration().toNanos() > 0);
    }

    @Test
    void noRecordingNoBlockToken() {
        assertNull(GoEvents.beginBlock(), "nothing is allocated when the block event is not recorded");
        GoEvents.endBlock(null, "select", this); // a no-op
    }
}
