package dev.gort;

import static dev.gort.testing.Testing.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Goroutines behind the JDK's own types: CompletableFuture, ExecutorService, ThreadFactory, HttpServer. */
class InteropTest {
    @AfterEach
    void noDecorator() {
        Go.setSpawnDecorator(null);
    }

    /** True on a goroutine of gort's G-M-P scheduler: a virtual thread mounted on a gort-m-N carrier. */
    static boolean onGortCarrier() {
        Thread t = Thread.currentThread();
        return t.isVirtual() && t.toString().contains("@gort-m-");
    }

    @Test
    void supplyAsyncOnGoExecutorRunsTheSupplierInAGoroutine() throws Exception {
        assertTrue(Go.gmpScheduler());
        try (ExecutorService ex = Go.executor()) {
            List<CompletableFuture<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int k = i;
                fs.add(CompletableFuture.supplyAsync(() -> onGortCarrier() ? k * k : -1, ex));
            }
            CompletableFuture<Integer> sum = fs.stream()
                    .reduce(CompletableFuture.completedFuture(0), (a, b) -> a.thenCombine(b, Integer::sum));
            int expected = 0;
            for (int i = 0; i < 100; i++) {
                expected += i * i;
            }
            assertEquals(expected, sum.get(30, TimeUnit.SECONDS), "every supplier ran on a gort carrier exactly once");
        }
    }

    @Test
    void closeWaitsForEveryTask() throws Exception {
        int n = 200;
        AtomicInteger started = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        ExecutorService ex = Go.executor();
        for (int i = 0; i < n; i++) {
            ex.execute(() -> {
                if (started.incrementAndGet() == n) {
                    gate.countDown(); // the last one in opens the gate for all
                }
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                finished.incrementAndGet();
            });
        }
        ex.close();
        assertEquals(n, finished.get(), "close() returned before every task had finished");
        assertTrue(ex.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> ex.execute(() -> { }));
    }

    @Test
    void shutdownNowInterruptsRunningTasksAndAwaitTerminationSeesThemEnd() throws Exception {
        ExecutorService ex = Go.executor();
        CountDownLatch sleeping = new CountDownLatch(3);
        AtomicInteger interrupted = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            ex.submit(() -> {
                sleeping.countDown();
                try {
                    Thread.sleep(TimeUnit.DAYS.toMillis(1));
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                }
            });
        }
        assertTrue(sleeping.await(10, TimeUnit.SECONDS));
        ex.shutdown();
        assertTrue(ex.isShutdown());
        assertFalse(ex.awaitTermination(0, TimeUnit.MILLISECONDS), "shutdown() does not stop running tasks");
        assertEquals(0, interrupted.get());
        assertThrows(RejectedExecutionException.class, () -> ex.submit(() -> 1));
        List<Runnable> never = ex.shutdownNow();
        assertTrue(never.isEmpty(), "a thread-per-task executor queues nothing");
        assertTrue(ex.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(3, interrupted.get());
    }

    @Test
    void threadFactoryMakesUnstartedGoroutinesRegisteredOnceTheyRun() throws Exception {
        ThreadFactory f = Go.threadFactory();
        assertSame(f, Go.threadFactory());
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<String> where = new AtomicReference<>();
        Thread t = f.newThread(() -> {
            where.set(onGortCarrier() ? "gort" : Thread.currentThread().toString());
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        try {
            assertEquals(Thread.State.NEW, t.getState());
            assertTrue(t.isVirtual());
            // Other tests' goroutines may still be ending, so the total count proves nothing here:
            // look for this thread in the registry (what numGoroutine counts and the dump lists).
            assertFalse(listed(t), "a thread not yet started is not a goroutine yet");
            t.start();
            assertTrue(running.await(10, TimeUnit.SECONDS));
            assertEquals("gort", where.get());
            assertTrue(listed(t), "a running factory thread is a goroutine");
        } finally {
            release.countDown();
        }
        t.join();
        eventually("the ended goroutine leaves the registry", () -> !listed(t));
    }

    private static boolean listed(Thread t) {
        return Go.dumpGoroutines().contains("goroutine " + t.threadId() + " ");
    }

    @Test
    void submitCompletesWithTheValueOrTheFailure() throws Exception {
        CompletableFuture<String> ok = Go.submit("submit-ok", () -> Thread.currentThread().getName());
        assertEquals("submit-ok", ok.get(10, TimeUnit.SECONDS));
        CompletableFuture<Object> bad = Go.submit(() -> {
            throw new IOException("disk on fire");
        });
        ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals("disk on fire", e.getCause().getMessage());
        CompletableFuture<Integer> chained = Go.submit(() -> 20).thenApply(x -> x + 1).thenCombine(Go.submit(() -> 21), Integer::sum);
        assertEquals(42, chained.get(10, TimeUnit.SECONDS));
        assertThrows(NullPointerException.class, () -> Go.submit(null));
        assertThrows(NullPointerException.class, () -> Go.submit(null, () -> 1));
    }

    @Test
    void cancelTrueInterruptsTheGoroutine() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Future<String> f = Go.submit(() -> {
            sleeping.countDown();
            try {
                Thread.sleep(TimeUnit.DAYS.toMillis(1));
                interrupted.complete(false);
            } catch (InterruptedException e) {
                interrupted.complete(true);
            }
            return "late";
        });
        assertTrue(sleeping.await(10, TimeUnit.SECONDS));
        assertTrue(f.cancel(true));
        assertTrue(interrupted.get(10, TimeUnit.SECONDS), "the sleeping task was interrupted");
        assertTrue(f.isCancelled());
        assertThrows(CancellationException.class, f::get);
        assertTrue(f.cancel(true), "as CompletableFuture's: true once canceled");
    }

    @Test
    void cancelFalseLeavesTheGoroutineRunning() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> sawInterrupt = new CompletableFuture<>();
        CompletableFuture<Integer> f = Go.submit(() -> {
            running.countDown();
            release.await();
            sawInterrupt.complete(Thread.currentThread().isInterrupted());
            return 1;
        });
        assertTrue(running.await(10, TimeUnit.SECONDS));
        assertTrue(f.cancel(false));
        release.countDown();
        assertFalse(sawInterrupt.get(10, TimeUnit.SECONDS));
        assertTrue(f.isCancelled(), "the task's late value does not replace the cancellation");
    }

    private static final ThreadLocal<String> REQUEST = new ThreadLocal<>(); // not inheritable

    /** Captures REQUEST on the spawning thread and installs it in the goroutine. */
    private static final UnaryOperator<Runnable> PROPAGATE = body -> {
        String captured = REQUEST.get();
        return () -> {
            REQUEST.set(captured);
            try {
                body.run();
            } finally {
                REQUEST.remove();
            }
        };
    };

    @Test
    void spawnDecoratorCarriesTheSpawnersContextIntoEveryKindOfGoroutine() throws Exception {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        REQUEST.set("r-1");
        try {
            // without a decorator a plain ThreadLocal stays behind: the test can fail
            CompletableFuture<String> plain = Go.submit(REQUEST::get);
            assertNull(plain.get(10, TimeUnit.SECONDS));

            assertNull(Go.setSpawnDecorator(PROPAGATE));
            CountDownLatch done = new CountDownLatch(1);
            Go.go(() -> {
                seen.add("go:" + REQUEST.get());
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            seen.add("submit:" + Go.submit(REQUEST::get).get(10, TimeUnit.SECONDS));
            try (ExecutorService ex = Go.executor()) {
                seen.add("executor:" + ex.submit(REQUEST::get).get(10, TimeUnit.SECONDS));
                REQUEST.set("r-2"); // captured per task, on the submitting thread
                seen.add("supplyAsync:" + CompletableFuture.supplyAsync(REQUEST::get, ex).get(10, TimeUnit.SECONDS));
            }
            Thread t = Go.threadFactory().newThread(() -> seen.add("factory:" + REQUEST.get()));
            REQUEST.set("r-3"); // captured at newThread, not at start
            t.start();
            t.join();
            assertEquals(Set.of("go:r-1", "submit:r-1", "executor:r-1", "supplyAsync:r-2", "factory:r-2"), seen);
            assertSame(PROPAGATE, Go.setSpawnDecorator(null), "the previous decorator is returned");
        } finally {
            REQUEST.remove();
        }
    }

    @Test
    void aFailingDecoratorFailsTheSpawnAndLeavesNoGoroutineCounted() throws Exception {
        int before = Go.numGoroutine();
        Go.setSpawnDecorator(body -> {
            throw new IllegalStateException("no tracing context");
        });
        assertEquals("no tracing context",
                assertThrows(IllegalStateException.class, () -> Go.go(() -> { })).getMessage());
        Go.setSpawnDecorator(body -> null);
        assertEquals("the spawn decorator returned null", assertThrows(NullPointerException.class, () -> Go.go(() -> { })).getMessage());
        Go.setSpawnDecorator(null);
        assertTrue(Go.numGoroutine() <= before, "a refused spawn is not counted");
    }

    @Test
    void httpServerServesRealRequestsWithHandlersOnGoroutines() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService ex = Go.executor();
        server.setExecutor(ex);
        AtomicInteger onGort = new AtomicInteger();
        server.createContext("/square", exchange -> {
            if (onGortCarrier()) {
                onGort.incrementAndGet();
            }
            int n = Integer.parseInt(exchange.getRequestURI().getQuery().substring(2));
            byte[] body = Integer.toString(n * n).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/square?n=");
            List<CompletableFuture<HttpResponse<String>>> rs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                rs.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + Integer.toString(i))).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < 50; i++) {
                HttpResponse<String> r = rs.get(i).get(30, TimeUnit.SECONDS);
                assertEquals(200, r.statusCode());
                assertEquals(Integer.toString(i * i), r.body());
            }
        } finally {
            server.stop(0);
            ex.close();
        }
        assertEquals(50, onGort.get(), "every handler ran on a goroutine");
    }
}
