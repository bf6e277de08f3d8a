package dev.gort.race.testdata;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Race-free programs for measuring the detector's cost (docs/race.md): each runs once to warm up,
 * then {@code reps} times, and prints the milliseconds of each repetition. {@code Overhead NAME reps}:
 * <ul>
 *   <li>{@code arrays}: 4 threads each sweep their own quarter of an int[1M] 20 times (plain memory
 *       accesses, no synchronisation: FastTrack's same-epoch fast path);</li>
 *   <li>{@code objects}: 4 threads each build and walk lists of small objects (field accesses,
 *       allocation: a shadow per object);</li>
 *   <li>{@code locked}: 4 threads add to one counter under a ReentrantLock, 1M times in all;</li>
 *   <li>{@code queue}: a producer hands 1M boxed values to a consumer through an ArrayBlockingQueue.</li>
 * </ul>
 */
public final class Overhead {
    private Overhead() {}

    static final int THREADS = 4;

    static final class Node {
        int value;
        Node next;
    }

    static final class Counter {
        long n;
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        int reps = Integer.parseInt(args[1]);
        StringBuilder out = new StringBuilder(name);
        for (int r = -1; r < reps; r++) {
            long t0 = System.nanoTime();
            long check = run(name);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            if (r >= 0) {
                out.append(' ').append(ms);
            }
            if (check == 42) {
                System.out.print("");
            }
        }
        System.out.println(out);
    }

    private static long run(String name) throws Exception {
        return switch (name) {
            case "arrays" -> arrays();
            case "objects" -> objects();
            case "locked" -> locked();
            case "queue" -> queue();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static long arrays() throws InterruptedException {
        int[] a = new int[1 << 20];
        int quarter = a.length / THREADS;
        Thread[] ts = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int from = t * quarter;
            ts[t] = new Thread(() -> {
                for (int pass = 0; pass < 20; pass++) {
                    for (int i = from; i < from + quarter; i++) {
                        a[i] += i ^ pass;
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return a[7];
    }

    private static long objects() throws InterruptedException {
        long[] sums = new long[THREADS];
        Thread[] ts = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            int me = t;
            ts[t] = new Thread(() -> {
                long sum = 0;
                for (int round = 0; round < 20; round++) {
                    Node head = null;
                    for (int i = 0; i < 10_000; i++) {
                        Node n = new Node();
                        n.value = i;
                        n.next = head;
                        head = n;
                    }
                    for (Node n = head; n != null; n = n.next) {
                        sum += n.value;
                    }
                }
                sums[me] = sum;
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return sums[0];
    }

    private static long locked() throws InterruptedException {
        Counter c = new Counter();
        ReentrantLock mu = new ReentrantLock();
        Thread[] ts = new Thread[THREADS];
        for (int t = 0; t < THREADS; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 250_000; i++) {
                    mu.lock();
                    try {
                        c.n++;
                    } finally {
                        mu.unlock();
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        return c.n;
    }

    private static long queue() throws InterruptedException {
        BlockingQueue<Integer> q = new ArrayBlockingQueue<>(1024);
        int n = 1_000_000;
        Thread producer = new Thread(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    q.put(i);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        producer.start();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += q.take();
        }
        producer.join();
        return sum;
    }
}
