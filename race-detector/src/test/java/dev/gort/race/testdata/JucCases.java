package dev.gort.race.testdata;

import static dev.gort.race.testdata.G.go;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * java.util.concurrent beyond locks and atomics: executors and futures (submission happens before
 * the task, the task before {@code get}), CompletableFuture chains, concurrent maps and queues,
 * CountDownLatch, Semaphore, CyclicBarrier, virtual threads. Lines that race end with RACE.
 */
final class JucCases {
    private JucCases() {}

    static final class Box {
        int x;
        int y;
        int[] parts = new int[8];
    }

    static void testNoRaceExecutorSubmitGet() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            Box b = new Box();
            b.x = 1;
            Future<?> f = ex.submit(() -> {
                b.x++;
            });
            f.get();
            b.x++;
            Future<Integer> g = ex.submit(() -> b.x * 2);
            b.y = g.get();
        } finally {
            ex.shutdown();
        }
    }

    static void testRaceExecutorNoGet() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            Box b = new Box();
            CountDownLatch started = new CountDownLatch(1);
            Future<?> f = ex.submit(() -> {
                started.countDown();
                b.x = 1; // RACE
            });
            started.await();
            b.x = 2; // RACE
            f.get();
        } finally {
            ex.shutdown();
        }
    }

    static void testRaceExecutorWriteAfterSubmit() throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Box b = new Box();
            Future<Integer> f = ex.submit(() -> b.y); // RACE
            b.y = 5; // RACE
            f.get();
        } finally {
            ex.shutdown();
        }
    }

    static void testNoRaceAwaitTermination() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        Box b = new Box();
        for (int i = 0; i < 4; i++) {
            int k = i;
            ex.execute(() -> b.parts[k] = k + 1);
        }
        ex.shutdown();
        if (!ex.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pool did not stop");
        }
        b.x = b.parts[0] + b.parts[3];
    }

    static void testNoRaceInvokeAll() throws Exception {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            Box b = new Box();
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                int k = i;
                tasks.add(() -> {
                    b.parts[k] = 10;
                    return k;
                });
            }
            ex.invokeAll(tasks);
            b.x = b.parts[0] + b.parts[1] + b.parts[2];
        } finally {
            ex.shutdown();
        }
    }

    static void testNoRaceVirtualThreadExecutorClose() {
        Box b = new Box();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                int k = i;
                ex.submit(() -> b.parts[k] = 1);
            }
        }
        b.x = b.parts[0] + b.parts[1] + b.parts[2] + b.parts[3];
    }

    static void testRaceVirtualThreads() throws InterruptedException {
        Box b = new Box();
        Thread t1 = Thread.ofVirtual().start(() -> b.x++); // RACE
        Thread t2 = Thread.startVirtualThread(() -> b.x++); // RACE
        t1.join();
        t2.join();
    }

    static void testNoRaceVirtualThreadJoin() throws InterruptedException {
        Box b = new Box();
        b.y = 1;
        Thread t = Thread.ofVirtual().start(() -> b.x = b.y + 1);
        t.join();
        b.y = b.x;
    }

    static void testNoRaceCompletableFutureChain() {
        Box b = new Box();
        CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
            b.x = 3;
            return 1;
        }).thenApplyAsync(i -> {
            b.x += i;
            return b.x;
        }).thenApply(i -> {
            b.y = i;
            return i;
        });
        f.join();
        b.x = b.x + b.y;
    }

    static void testRaceCompletableFutureNotJoined() {
        Box b = new Box();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
            started.countDown();
            b.x = 1; // RACE
        });
        try {
            started.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        b.x = 2; // RACE
        f.join();
    }

    static void testNoRaceCompletableFutureComplete() throws Exception {
        Box b = new Box();
        CompletableFuture<String> f = new CompletableFuture<>();
        go(() -> {
            b.x = 8;
            f.complete("done");
        });
        f.get();
        b.x++;
    }

    static void testNoRaceCompletableFutureAllOf() {
        Box b = new Box();
        CompletableFuture<?>[] fs = new CompletableFuture<?>[3];
        for (int i = 0; i < fs.length; i++) {
            int k = i;
            fs[i] = CompletableFuture.runAsync(() -> b.parts[k] = k);
        }
        CompletableFuture.allOf(fs).join();
        b.x = b.parts[0] + b.parts[1] + b.parts[2];
    }

    static void testNoRaceConcurrentHashMapPublishes() {
        Map<String, Box> m = new ConcurrentHashMap<>();
        Thread t = go(() -> {
            Box b = new Box();
            b.x = 4;
            m.put("k", b);
        });
        Box seen;
        while ((seen = m.get("k")) == null) {
            Thread.onSpinWait();
        }
        seen.x++;
        G.join(t);
    }

    static void testNoRaceConcurrentHashMapCompute() {
        ConcurrentHashMap<String, Box> m = new ConcurrentHashMap<>();
        m.put("k", new Box());
        Thread[] ts = new Thread[3];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = go(() -> m.compute("k", (k, b) -> {
                b.x++;
                return b;
            }));
        }
        G.join(ts);
    }

    static void testRaceHashMapIsNotConcurrent() {
        // A plain HashMap publishes nothing: the value's field races (the map itself is JDK code).
        Map<String, Box> m = Collections.synchronizedMap(new java.util.HashMap<>());
        Map<String, Box> plain = new java.util.HashMap<>();
        Box b = new Box();
        m.put("k", b);
        Thread t = go(() -> {
            b.y = 1; // RACE
            plain.size();
        });
        plain.size();
        b.y = 2; // RACE
        G.join(t);
    }

    static void testNoRaceSynchronizedList() {
        List<Box> list = Collections.synchronizedList(new ArrayList<>());
        Thread t = go(() -> {
            Box b = new Box();
            b.x = 1;
            list.add(b);
        });
        while (list.isEmpty()) {
            Thread.onSpinWait();
        }
        list.get(0).x++;
        G.join(t);
    }

    static void testNoRaceBlockingQueueHandOff() throws InterruptedException {
        BlockingQueue<Box> q = new LinkedBlockingQueue<>();
        Thread t = go(() -> {
            Box b = new Box();
            b.x = 6;
            q.offer(b);
        });
        Box b = q.take();
        b.x++;
        G.join(t);
    }

    static void testRaceBlockingQueueWriteAfterPut() throws InterruptedException {
        BlockingQueue<Box> q = new ArrayBlockingQueue<>(1);
        Box b = new Box();
        Thread t = go(() -> {
            try {
                q.put(b);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            b.x = 1; // RACE
        });
        q.take().x = 2; // RACE
        G.join(t);
    }

    static void testNoRaceCountDownLatch() throws InterruptedException {
        Box b = new Box();
        CountDownLatch done = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            int k = i;
            go(() -> {
                b.parts[k] = k + 1;
                done.countDown();
            });
        }
        done.await();
        b.x = b.parts[0] + b.parts[1] + b.parts[2];
    }

    static void testRaceCountDownLatchTooEarly() throws InterruptedException {
        Box b = new Box();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = go(() -> {
            done.countDown();
            b.x = 1; // RACE
        });
        done.await();
        b.x = 2; // RACE
        G.join(t);
    }

    static void testNoRaceSemaphoreAsMutex() {
        Semaphore sem = new Semaphore(1);
        Box b = new Box();
        Thread[] ts = new Thread[3];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = go(() -> {
                sem.acquireUninterruptibly();
                b.x++;
                sem.release();
            });
        }
        G.join(ts);
    }

    static void testNoRaceSemaphoreHandOff() throws InterruptedException {
        // Go's TestNoRaceMutexSemaphore: released by another thread than the acquirer.
        Semaphore sem = new Semaphore(0);
        Box b = new Box();
        Thread t = go(() -> {
            b.x = 1;
            sem.release();
        });
        sem.acquire();
        b.x = 2;
        G.join(t);
    }

    static void testNoRaceCyclicBarrier() throws InterruptedException {
        Box b = new Box();
        CyclicBarrier barrier = new CyclicBarrier(2);
        Thread t = go(() -> {
            b.parts[0] = 1;
            await(barrier);
            b.parts[1]++;
        });
        b.parts[1] = 1;
        await(barrier);
        b.parts[0]++;
        G.join(t);
    }

    static void testRaceFutureGetOfOtherTask() throws ExecutionException, InterruptedException {
        ExecutorService ex = Executors.newFixedThreadPool(2);
        try {
            Box b = new Box();
            CountDownLatch gate = new CountDownLatch(1);
            Future<?> slow = ex.submit(() -> {
                await(gate);
                b.x = 1; // RACE
            });
            Future<?> quick = ex.submit(() -> gate.countDown());
            quick.get();
            b.x = 2; // RACE
            slow.get();
        } finally {
            ex.shutdown();
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
