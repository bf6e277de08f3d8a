package dev.gort.race.testdata;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Select;
import dev.gort.chan.Time;
import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import dev.gort.race.testdata.hooked.Unseen;
import dev.gort.sync.Cond;
import dev.gort.sync.Mutex;
import dev.gort.sync.Once;
import dev.gort.sync.RWMutex;
import dev.gort.sync.Semaphore;
import dev.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Go memory model's edges through gort (go.dev/ref/mem), after Go's chan_test.go,
 * select_test.go, mutex_test.go, rwmutex_test.go, waitgroup_test.go and sync_test.go, and the
 * seed's counter fixed the Go way: the detector sees them through the hooks gort's runtime calls
 * (dev.gort.internal.race). More cases, one per edge and per way an operation completes (a parked
 * partner, a buffer, a close, a select, a timeout, a context) are in {@link GortEdgeCases}. Lines
 * that race end with RACE.
 */
final class GortCases {
    private GortCases() {}

    static final class Box {
        int v;
        long count;
        boolean ready;
    }

    static void testNoRaceChanSync() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Go.go(() -> {
            b.v = 1;
            c.send(0);
        });
        c.recv();
        b.v = 2;
    }

    static void testNoRaceChanSyncRev() {
        // A receive happens before the matching send on an unbuffered channel completes.
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            c.send(0);
            b.v = 2;
            done.send(true);
        });
        b.v = 1;
        c.recv();
        done.recv();
    }

    static void testNoRaceChanAsync() {
        Box b = new Box();
        Chan<Integer> c = Chan.make(10);
        Go.go(() -> {
            b.v = 1;
            c.send(0);
        });
        c.recv();
        b.v = 2;
    }

    static void testRaceChanAsyncRev() {
        Box b = new Box();
        Chan<Integer> c = Chan.make(10);
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            c.send(0);
            b.v = 1; // RACE
            done.send(true);
        });
        b.v = 2; // RACE
        c.recv();
        done.recv();
    }

    static void testNoRaceChanAsyncCloseRecv() {
        Box b = new Box();
        Chan<Integer> c = Chan.make(10);
        Go.go(() -> {
            b.v = 1;
            c.close();
        });
        c.recvOk();
        b.v = 2;
    }

    static void testNoRaceChanSyncCloseRange() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Go.go(() -> {
            b.v = 1;
            c.close();
        });
        for (int ignored : c) {
            b.count++;
        }
        b.v = 2;
    }

    static void testNoRaceChanBufferedSlotsAsSemaphore() {
        // The k-th receive happens before the (k+C)-th send completes: a channel of capacity 1 is a mutex.
        Box b = new Box();
        Chan<Boolean> sem = Chan.make(1);
        Chan<Boolean> done = Chan.make(2);
        for (int i = 0; i < 2; i++) {
            Go.go(() -> {
                sem.send(true);
                b.count++;
                sem.recv();
                done.send(true);
            });
        }
        done.recv();
        done.recv();
    }

    static void testRaceChanSemTooSmall() {
        // Capacity 2: two goroutines may hold the "semaphore" at once.
        Box b = new Box();
        Chan<Boolean> sem = Chan.make(2);
        Chan<Boolean> done = Chan.make(2);
        for (int i = 0; i < 2; i++) {
            Go.go(() -> {
                sem.send(true);
                b.count++; // RACE
                sem.recv();
                done.send(true);
            });
        }
        done.recv();
        done.recv();
    }

    static void testNoRaceSelectMutex() {
        Box b = new Box();
        Chan<Boolean> done = Chan.make();
        Chan<Boolean> mtx = Chan.make(1);
        Chan<Boolean> aux = Chan.make();
        Go.go(() -> {
            Select.select(Select.send(mtx, true), Select.recv(aux));
            b.v = 42;
            Select.select(Select.recv(mtx), Select.recv(aux));
            done.send(true);
        });
        Select.select(Select.send(mtx, true), Select.recv(aux));
        b.v = 43;
        Select.select(Select.recv(mtx), Select.recv(aux));
        done.recv();
    }

    static void testRaceSelectDefault() {
        Box b = new Box();
        Chan<Boolean> c = Chan.make(1);
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            b.v = 1; // RACE
            done.send(true);
        });
        Select.select(Select.recv(c), Select.otherwise());
        b.v = 2; // RACE
        done.recv();
    }

    static void testNoRaceMutex() {
        Mutex mu = new Mutex();
        Box b = new Box();
        Chan<Boolean> ch = Chan.make(2);
        for (int i = 0; i < 2; i++) {
            int k = i;
            Go.go(() -> {
                mu.lock();
                b.v = k;
                mu.unlock();
                ch.send(true);
            });
        }
        ch.recv();
        ch.recv();
    }

    static void testRaceMutex() {
        Mutex mu = new Mutex();
        Box b = new Box();
        Chan<Boolean> ch = Chan.make(2);
        Go.go(() -> {
            b.v = 1; // RACE
            mu.lock();
            mu.unlock();
            ch.send(true);
        });
        Go.go(() -> {
            b.v = 2; // RACE
            mu.lock();
            mu.unlock();
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceRWMutex() {
        RWMutex mu = new RWMutex();
        Box b = new Box();
        Chan<Boolean> ch = Chan.make(2);
        Go.go(() -> {
            mu.lock();
            b.v = 2;
            mu.unlock();
            ch.send(true);
        });
        Go.go(() -> {
            mu.rLock();
            b.count = b.v;
            mu.rUnlock();
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceRWMutexMultipleReaders() {
        RWMutex mu = new RWMutex();
        Box b = new Box();
        Chan<Boolean> ch = Chan.make(3);
        for (int i = 0; i < 3; i++) {
            int k = i;
            Go.go(() -> {
                mu.rLock();
                b.count = b.v + k; // RACE
                mu.rUnlock();
                ch.send(true);
            });
        }
        for (int i = 0; i < 3; i++) {
            ch.recv();
        }
    }

    static void testNoRaceWaitGroup() {
        Box b = new Box();
        long[] parts = new long[4];
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < parts.length; i++) {
            int k = i;
            wg.add(1);
            Go.go(() -> {
                parts[k] = k;
                wg.done();
            });
        }
        wg.await();
        b.count = parts[0] + parts[1] + parts[2] + parts[3];
    }

    static void testRaceWaitGroupAsMutex() {
        // Both goroutines pass await before either adds (Go's test sleeps for that): the await
        // orders neither after the other's done, so add/done is no mutex.
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        Chan<Boolean> ch = Chan.make(2);
        Unseen.Barrier bothWaited = new Unseen.Barrier(2);
        for (int i = 0; i < 2; i++) {
            Go.go(() -> {
                wg.await();
                bothWaited.arrive();
                wg.add(1);
                b.v++; // RACE
                wg.done();
                ch.send(true);
            });
        }
        ch.recv();
        ch.recv();
    }

    static void testNoRaceOnce() {
        Once once = new Once();
        Box b = new Box();
        int[] seen = new int[3];
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < seen.length; i++) {
            int k = i;
            wg.go(() -> {
                once.run(() -> b.v = 7);
                seen[k] = b.v;
            });
        }
        wg.await();
        for (int v : seen) {
            if (v != 7) {
                throw new IllegalStateException("a run returned before the function ran: " + v);
            }
        }
    }

    static void testNoRaceCond() {
        Mutex mu = new Mutex();
        Cond cond = new Cond(mu);
        Box b = new Box();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            b.v = 1;
            mu.lock();
            b.ready = true;
            cond.signal();
            mu.unlock();
            done.send(true);
        });
        mu.lock();
        while (!b.ready) {
            cond.await();
        }
        mu.unlock();
        b.v = 2;
        done.recv();
    }

    static void testNoRaceSemaphore() {
        Semaphore sem = new Semaphore(1);
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 3; i++) {
            wg.go(() -> {
                sem.acquire(1);
                b.count++;
                sem.release(1);
            });
        }
        wg.await();
    }

    static void testNoRaceContextCancel() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Box b = new Box();
        Go.go(() -> {
            b.v = 1;
            ctx.cancel();
        });
        ctx.done().recvOk();
        b.v = 2;
    }

    static void testNoRaceAfterFunc() {
        Box b = new Box();
        Chan<Boolean> done = Chan.make(1);
        b.v = 1;
        Time.afterFunc(Duration.ofMillis(1), () -> {
            b.v = 2;
            done.send(true);
        });
        done.recv();
        b.v = 3;
    }

    static void testNoRaceGoStart() {
        Box b = new Box();
        Chan<Boolean> done = Chan.make();
        b.v = 1;
        Go.go(() -> {
            b.v++;
            done.send(true);
        });
        done.recv();
    }

    static void testRaceGoStart() {
        Box b = new Box();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            b.v++; // RACE
            done.send(true);
        });
        b.v = 5; // RACE
        done.recv();
    }

    static final int GOROUTINES = 8;
    static final int INCREMENTS = 1000;

    static void testRaceCounterGoroutines() {
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    b.count++; // RACE
                }
            });
        }
        wg.await();
    }

    static void testNoRaceCounterMutex() {
        Box b = new Box();
        Mutex mu = new Mutex();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    mu.lock();
                    b.count++;
                    mu.unlock();
                }
            });
        }
        wg.await();
    }

    static void testNoRaceCounterAtomic() {
        AtomicLong n = new AtomicLong();
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    n.incrementAndGet();
                }
            });
        }
        wg.await();
    }

    static void testNoRaceCounterChannel() {
        Chan<Integer> increments = Chan.make(64);
        Chan<Long> total = Chan.make();
        Go.go(() -> {
            long counter = 0;
            for (int d : increments) {
                counter += d;
            }
            total.send(counter);
        });
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    increments.send(1);
                }
            });
        }
        wg.await();
        increments.close();
        total.recv();
    }

    static void testNoRaceCounterWaitGroupPerGoroutine() {
        long[] partial = new long[GOROUTINES];
        WaitGroup wg = new WaitGroup();
        for (int g = 0; g < GOROUTINES; g++) {
            int k = g;
            wg.go(() -> {
                for (int i = 0; i < INCREMENTS; i++) {
                    partial[k]++;
                }
            });
        }
        wg.await();
        long sum = 0;
        for (long p : partial) {
            sum += p;
        }
        if (sum != (long) GOROUTINES * INCREMENTS) {
            throw new IllegalStateException("lost increments: " + sum);
        }
    }
}
