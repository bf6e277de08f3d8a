package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.gort.sync.ErrGroupException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Scope: goroutines interrupted when their context is canceled, so blocking JDK calls return. */
class ScopeTest {
    /** Starts a goroutine in {@code scope} that records its thread and then runs {@code body}. */
    static AtomicReference<Thread> goTracked(Scope scope, java.util.concurrent.Callable<?> body) {
        AtomicReference<Thread> t = new AtomicReference<>();
        scope.go(() -> {
            t.set(Thread.currentThread());
            return body.call();
        });
        return t;
    }

    static void awaitBlocked(AtomicReference<Thread> t) {
        dev.gort.testing.Testing.eventually("the goroutine blocks", () -> t.get() != null
                && (t.get().getState() == Thread.State.WAITING || t.get().getState() == Thread.State.TIMED_WAITING));
    }

    @Test
    void cancelInterruptsAGoroutineBlockedInSocketRead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) { // connected; the server side never writes
            CancelableContext parent = Context.withCancel(Context.background());
            AtomicReference<Throwable> readFailed = new AtomicReference<>();
            try (Scope scope = Scope.open(parent)) {
                AtomicReference<Thread> reader = goTracked(scope, () -> {
                    InputStream in = client.getInputStream();
                    try {
                        return in.read(); // blocks: no byte will ever come
                    } catch (IOException e) {
                        readFailed.set(e);
                        throw e;
                    }
                });
                awaitBlocked(reader);
                parent.cancel(); // the parent's cancel reaches the scope, then the read
                CanceledException e = assertThrows(CanceledException.class, scope::await);
                assertSame(Context.CANCELED, e);
            }
            assertInstanceOf(SocketException.class, readFailed.get(), "the blocked read returned by an exception");
            assertTrue(client.isClosed(), "an interrupted socket read closes the socket (the JDK's rule)");
        }
    }

    @Test
    void aDeadlineInterruptsThreadSleep() {
        AtomicInteger interrupted = new AtomicInteger();
        long start = System.nanoTime();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));
             Scope scope = Scope.open(ctx)) {
            for (int i = 0; i < 3; i++) {
                scope.go(() -> {
                    try {
                        Thread.sleep(TimeUnit.DAYS.toMillis(1));
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        throw e;
                    }
                    return null;
                });
            }
            assertSame(Context.DEADLINE_EXCEEDED, assertThrows(DeadlineExceededException.class, scope::await));
        }
        assertEquals(3, interrupted.get());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
    }

    @Test
    void cancelInterruptsHttpClientSend() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CountDownLatch requestArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService serverThreads = java.util.concurrent.Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/slow", exchange -> {
            requestArrived.countDown();
            try {
                release.await(); // never answers until the test is over
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
        AtomicReference<Throwable> sendFailed = new AtomicReference<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            Scope scope = Scope.open(Context.background());
            scope.go(() -> {
                try {
                    return client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/slow")).build(),
                            HttpResponse.BodyHandlers.ofString());
                } catch (InterruptedException e) {
                    sendFailed.set(e);
                    throw e;
                }
            });
            dev.gort.testing.Testing.await(requestArrived);
            scope.cancel();
            assertThrows(CanceledException.class, scope::await);
            assertInstanceOf(InterruptedException.class, sendFailed.get());
        } finally {
            release.countDown();
            server.stop(0);
            serverThreads.shutdown();
        }
    }

    @Test
    void theFirstFailureInterruptsTheOthersAndIsWhatAwaitThrows() {
        IOException boom = new IOException("disk full");
        Set<String> interrupted = ConcurrentHashMap.newKeySet();
        Scope scope = Scope.open(Context.background());
        CountDownLatch sleeping = new CountDownLatch(2);
        for (String name : new String[] {"a", "b"}) {
            scope.go(() -> {
                sleeping.countDown();
                try {
                    Thread.sleep(TimeUnit.DAYS.toMillis(1));
                } catch (InterruptedException e) {
                    interrupted.add(name);
                    throw e;
                }
                return null;
            });
        }
        dev.gort.testing.Testing.await(sleeping);
        scope.go(() -> {
            throw boom;
        });
        ErrGroupException e = assertThrows(ErrGroupException.class, scope::await);
        assertSame(boom, e.getCause(), "the failure, not the interrupts it caused");
        assertEquals(Set.of("a", "b"), interrupted);
        assertSame(boom, Context.cause(scope.context()));
        scope.close();
    }

    @Test
    void aTaskStartedAfterTheCancelDoesNotRun() {
        AtomicInteger ran = new AtomicInteger();
        Scope scope = Scope.open(Context.background());
        scope.cancel();
        scope.go(() -> ran.incrementAndGet());
        assertThrows(CanceledException.class, scope::await);
        assertEquals(0, ran.get());
    }

    @Test
    void closeCancelsAndWaitsForEveryGoroutine() {
        int n = 50;
        AtomicInteger ended = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(n);
        Scope scope = Scope.open(Context.background());
        for (int i = 0; i < n; i++) {
            scope.go(() -> {
                started.countDown();
                try {
                    Thread.sleep(TimeUnit.DAYS.toMillis(1));
                } finally {
                    ended.incrementAndGet();
                }
                return null;
            });
        }
        dev.gort.testing.Testing.await(started);
        scope.close();
        assertEquals(n, ended.get(), "close() returned before every goroutine had ended");
        assertTrue(scope.context().err() != null);
    }

    @Test
    void tasksThatFinishLeaveNoInterruptAndAwaitReturns() {
        Scope scope = Scope.open(Context.background());
        AtomicInteger sum = new AtomicInteger();
        for (int i = 1; i <= 100; i++) {
            int k = i;
            scope.go(() -> sum.addAndGet(k));
        }
        scope.await();
        assertEquals(5050, sum.get());
        assertFalse(Thread.currentThread().isInterrupted());
        scope.close();
    }
}
