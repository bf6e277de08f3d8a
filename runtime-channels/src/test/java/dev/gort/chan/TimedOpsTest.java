package dev.gort.chan;

import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.GoInterruptedException;
import dev.gort.testing.Testing.Handle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** recv(Duration) and trySend(v, Duration): a wait that ends at a deadline leaves the channel as it was. */
@Timeout(60)
class TimedOpsTest {
    private static final Duration SHORT = Duration.ofMillis(20);
    private static final Duration LONG = Duration.ofSeconds(20);

    @Test
    void recvTimesOutWithNothingTakenAndNoWaiterLeft() {
        Chan<Integer> c = Chan.make();
        assertNull(c.recv(SHORT));
        assertEquals(0, c.waitingReceivers());
        assertFalse(c.trySend(1), "no receiver may be left behind to take a value");
        Chan<Integer> b = Chan.make(1);
        assertNull(b.recv(Duration.ZERO), "a non-positive timeout is a tryRecv");
        b.send(7);
        assertEquals(new Received<>(7, true), b.recv(Duration.ofNanos(-1)));
    }

    @Test
    void recvGetsAValueSentWhileItWaits() throws Throwable {
        Chan<String> c = Chan.make();
        Handle r = go(() -> c.recv(LONG));
        eventually("receiver parked", () -> c.waitingReceivers() == 1);
        c.send("hello");
        assertEquals(new Received<>("hello", true), r.join());
    }

    @Test
    void recvOnAClosedChannelReturnsAtOnce() throws Throwable {
        Chan<String> c = Chan.make();
        Handle r = go(() -> c.recv(LONG));
        eventually("receiver parked", () -> c.waitingReceivers() == 1);
        c.close();
        assertEquals(Received.closed(), r.join());
        assertEquals(Received.closed(), c.recv(LONG));
    }

    @Test
    void trySendTimesOutWithNothingSent() {
        Chan<Integer> c = Chan.make();
        assertFalse(c.trySend(1, SHORT));
        assertEquals(0, c.waitingSenders());
        assertNull(c.tryRecv(), "the timed-out value must not be receivable");
        Chan<Integer> full = Chan.make(1);
        full.send(0);
        assertFalse(full.trySend(1, SHORT));
        assertEquals(new Received<>(0, true), full.tryRecv());
        assertNull(full.tryRecv());
    }

    @Test
    void trySendDeliversToAReceiverThatComesInTime() throws Throwable {
        Chan<Integer> c = Chan.make();
        Handle s = go(() -> c.trySend(42, LONG));
        eventually("sender parked", () -> c.waitingSenders() == 1);
        assertEquals(42, c.recv());
        assertEquals(true, s.join());
    }

    // Racy on purpose (tag "racy": the race-detector run leaves it out): it closes a channel a
    // sender is parked on, to see the send throw; Go's race detector reports that close and send.
    @Tag("racy")
    @Test
    void trySendOnAChannelClosedWhileItWaitsThrows() {
        Chan<Integer> c = Chan.make();
        Handle s = go(() -> c.trySend(1, LONG));
        eventually("sender parked", () -> c.waitingSenders() == 1);
        c.close();
        assertInstanceOf(ChanClosedException.class, s.failure());
    }

    @Test
    void timedWaitsAreInterruptible() {
        Chan<Integer> c = Chan.make();
        Handle r = go(() -> c.recv(LONG));
        eventually("receiver parked", () -> c.waitingReceivers() == 1);
        r.thread().interrupt();
        assertInstanceOf(GoInterruptedException.class, r.failure());
        assertEquals(0, c.waitingReceivers());
        Handle s = go(() -> c.trySend(1, LONG));
        eventually("sender parked", () -> c.waitingSenders() == 1);
        s.thread().interrupt();
        assertInstanceOf(GoInterruptedException.class, s.failure());
        assertEquals(0, c.waitingSenders());
    }

    @Test
    void aNullTimeoutIsRefused() {
        Chan<Integer> c = Chan.make();
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> c.recv((Duration) null)).getMessage());
        assertEquals("timeout", assertThrows(NullPointerException.class, () -> c.trySend(1, null)).getMessage());
    }

    /**
     * Deadlines racing handoffs: a sender and a receiver with random short timeouts on an unbuffered
     * channel. Every value whose trySend returned true is received exactly once, and nothing else is.
     */
    @Test
    void timeoutsRacingHandoffsLoseAndDuplicateNothing() throws Throwable {
        Chan<Integer> c = Chan.make();
        int n = 20_000;
        Handle sender = go(() -> {
            List<Integer> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (c.trySend(i, Duration.ofNanos(ThreadLocalRandom.current().nextInt(50_000)))) {
                    sent.add(i);
                }
            }
            c.close();
            return sent;
        });
        Handle receiver = go(() -> {
            List<Integer> got = new ArrayList<>();
            for (;;) {
                Received<Integer> r = c.recv(Duration.ofNanos(ThreadLocalRandom.current().nextInt(50_000)));
                if (r == null) {
                    continue;
                }
                if (!r.ok()) {
                    return got;
                }
                got.add(r.value());
            }
        });
        @SuppressWarnings("unchecked")
        List<Integer> sent = (List<Integer>) sender.join();
        assertEquals(sent, receiver.join(), "received exactly what was sent, in order");
        assertTrue(sent.size() > 0, "some handoffs happened");
    }
}
