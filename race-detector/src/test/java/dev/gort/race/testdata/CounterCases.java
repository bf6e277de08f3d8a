package dev.gort.race.testdata;

import static dev.gort.race.testdata.G.go;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The seed's race: 8 threads add to one shared {@code long}. Racy as written; fixed with a lock,
 * with an atomic, and with per-thread results summed after join. (The gort versions, with Mutex,
 * a channel and a WaitGroup, are in {@link GortCases}.) Lines that race end with RACE.
 */
final class CounterCases {
    private CounterCases() {}

    static final int THREADS = 8;
    static final int INCREMENTS = 1000;

    static final class Counter {
        long count;
    }

    static void testRaceCounter() {
        Counter c = new Counter();
        Thread[] ts = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            ts[i] = go(() -> {
                for (int k = 0; k < INCREMENTS; k++) {
                    c.count++; // RACE
                }
            });
        }
        G.join(ts);
    }

    static void testNoRaceCounterLock() {
        Counter c = new Counter();
        ReentrantLock mu = new ReentrantLock();
        Thread[] ts = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            ts[i] = go(() -> {
                for (int k = 0; k < INCREMENTS; k++) {
                    mu.lock();
                    try {
                        c.count++;
                    } finally {
                        mu.unlock();
                    }
                }
            });
        }
        G.join(ts);
        check(c.count);
    }

    static void testNoRaceCounterAtomic() {
        AtomicLong n = new AtomicLong();
        Thread[] ts = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            ts[i] = go(() -> {
                for (int k = 0; k < INCREMENTS; k++) {
                    n.incrementAndGet();
                }
            });
        }
        G.join(ts);
        check(n.get());
    }

    static void testNoRaceCounterJoinAndSum() {
        long[] partial = new long[THREADS];
        Thread[] ts = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            int g = i;
            ts[i] = go(() -> {
                for (int k = 0; k < INCREMENTS; k++) {
                    partial[g]++;
                }
            });
        }
        G.join(ts);
        long sum = 0;
        for (long p : partial) {
            sum += p;
        }
        check(sum);
    }

    static void testNoRaceCounterSynchronized() {
        Counter c = new Counter();
        Thread[] ts = new Thread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            ts[i] = go(() -> {
                for (int k = 0; k < INCREMENTS; k++) {
                    synchronized (c) {
                        c.count++;
                    }
                }
            });
        }
        G.join(ts);
        check(c.count);
    }

    private static void check(long total) {
        if (total != (long) THREADS * INCREMENTS) {
            throw new IllegalStateException("lost increments: " + total);
        }
    }
}
