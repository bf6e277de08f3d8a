package dev.gort.benchmarks.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * W13's socket code against servers that answer wrong: a wrong echo is counted as wrong (so the
 * cell's check fails), a server that drops connections fails the run, and the server serves
 * repetition after repetition.
 */
@Timeout(60)
class NetEchoTest {

    @Test
    void everyEchoIsCheckedOnGortAndTheJdk() {
        for (NetEcho.Goroutines g : new NetEcho.Goroutines[] {GortWorkloads.GOROUTINES, JdkWorkloads.GOROUTINES}) {
            try (NetEcho server = NetEcho.start(g)) {
                assertTrue(Double.isNaN(server.finishSpreadPercent()), "no clients yet");
                for (int rep = 0; rep < 3; rep++) {
                    assertEquals(40L * 7, server.clients(40, 7));
                    double spread = server.finishSpreadPercent();
                    assertTrue(spread >= 0 && spread <= 100, "finish spread " + spread);
                }
            }
        }
    }

    @Test
    void theFinishSpreadIsTheShareOfTheRunFromTheFirstTenthToTheLast() {
        assertEquals(0.0, NetEcho.spreadPercent(new long[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100}));
        assertEquals(0.0, NetEcho.spreadPercent(new long[0]));
        // sorted 10 .. 100: the first tenth (one of ten) is done at 10, the last at 100
        assertEquals(90.0, NetEcho.spreadPercent(new long[] {100, 30, 20, 10, 90, 40, 80, 50, 70, 60}), 1e-9);
    }

    @Test
    void aWrongEchoIsNotCounted() {
        // Every echo of the int 123 (client 17's fourth with 7 round trips each) comes back plus two.
        try (NetEcho server = NetEcho.start(JdkWorkloads.GOROUTINES, v -> v == 123 ? v + 2 : v + 1)) {
            assertEquals(40L * 7 - 1, server.clients(40, 7));
        }
    }

    @Test
    void aServerThatDropsAConnectionFailsTheRun() {
        AtomicInteger calls = new AtomicInteger();
        try (NetEcho server = NetEcho.start(JdkWorkloads.GOROUTINES, v -> {
            if (calls.incrementAndGet() == 50) {
                throw new IllegalStateException("server bug");
            }
            return v + 1;
        })) {
            // The first failure is the one reported (the server's; its client then saw an EOF).
            RuntimeException e = assertThrows(RuntimeException.class, () -> server.clients(40, 7));
            assertTrue(e.getMessage().startsWith("W13: a socket failed"), e.getMessage());
            assertEquals("server bug", e.getCause().getMessage());
            // The failure was reported once; the next repetition runs clean again.
            assertEquals(40L * 7, server.clients(40, 7));
        }
    }
}
