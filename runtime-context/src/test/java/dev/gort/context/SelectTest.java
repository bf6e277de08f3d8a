package dev.gort.context;

import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static dev.gort.chan.Select.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.testing.Testing;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SelectTest {

    @Test
    void workerConsumesJobsUntilCanceled() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Integer> jobs = Chan.make();
        AtomicInteger sum = new AtomicInteger();
        AtomicReference<Throwable> exitErr = new AtomicReference<>();
        CountDownLatch exited = new CountDownLatch(1);
        Go.go(() -> {
            boolean[] running = {true};
            while (running[0]) {
                select(
                        recv(jobs, v -> sum.addAndGet(v)),
                        recv(ctx.done(), v -> {
                            exitErr.set(ctx.err());
                            running[0] = false;
                        }));
            }
            exited.countDown();
        });
        for (int i = 1; i <= 100; i++) {
            jobs.send(i); // unbuffered: each send meets the worker's select
        }
        ctx.cancel();
        Testing.await(exited);
        assertEquals(5050, sum.get());
        assertSame(Context.CANCELED, exitErr.get());
    }

    @Test
    void doneIsChosenAmongReadyCasesFairly() {
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Chan<Integer> ready = Chan.make(1);
        int doneWins = 0;
        for (int i = 0; i < 1000; i++) {
            ready.trySend(i);
            int k = select(recv(ready), recv(ctx.done()));
            if (k == 1) {
                doneWins++;
            }
        }
        assertTrue(doneWins > 300 && doneWins < 700, "both ready: uniform choice, got done " + doneWins + "/1000");
    }

    @Test
    void nilDoneOfBackgroundIsNeverReady() {
        int k = select(recv(Context.background().done()), otherwise());
        assertEquals(1, k);
        Chan<String> c = Chan.make(1);
        c.send("x");
        assertEquals(0, select(recv(c), recv(Context.withoutCancel(Context.background()).done())));
    }

    @Test
    void selectOnDoneWakesOnDeadlineWhileASendIsBlocked() {
        Testing.inGoroutine(() -> {
            CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
            Chan<String> nobodyReads = Chan.make();
            int k = select(send(nobodyReads, "x"), recv(ctx.done()));
            assertEquals(1, k);
            assertSame(Context.DEADLINE_EXCEEDED, ctx.err());
            assertEquals(0, nobodyReads.len());
        });
    }

    @Test
    void thousandsOfSelectorsOnOneDoneAllExit() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Integer> never = Chan.make();
        int n = 10_000;
        CountDownLatch parked = new CountDownLatch(n);
        CountDownLatch exited = new CountDownLatch(n);
        AtomicInteger chose = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                parked.countDown();
                if (select(recv(never), recv(ctx.done())) == 1) {
                    chose.incrementAndGet();
                }
                exited.countDown();
            });
        }
        Testing.await(parked);
        ctx.cancel();
        Testing.await(exited);
        assertEquals(n, chose.get());
    }
}
