package dev.gort.race.testdata;

import dev.gort.race.testdata.hooked.Hooked;

/**
 * The Go memory model's edges through the hooks alone: test programs on the miniature runtime of
 * {@code testdata.hooked}, which calls the race hooks as gort's runtime does, and is not
 * instrumented (as gort's runtime is not). Lines that race end with RACE.
 */
final class HookCases {
    private HookCases() {}

    static final class Box {
        int v;
        long count;
    }

    static void testNoRaceHookedGoStart() {
        Box b = new Box();
        Hooked.Chan done = new Hooked.Chan(0);
        b.v = 1;
        Hooked.go(() -> {
            b.v++;
            done.send(true);
        });
        done.recv();
    }

    static void testRaceHookedGoStart() {
        Box b = new Box();
        Hooked.Chan done = new Hooked.Chan(1);
        Hooked.go(() -> {
            b.v++; // RACE
            done.send(true);
        });
        b.v = 5; // RACE
        done.recv();
    }

    static void testNoRaceHookedChanSync() {
        Box b = new Box();
        Hooked.Chan c = new Hooked.Chan(0);
        Hooked.go(() -> {
            b.v = 1;
            c.send(0);
        });
        c.recv();
        b.v = 2;
    }

    static void testNoRaceHookedChanSyncRev() {
        // A receive happens before the matching send on an unbuffered channel completes.
        Box b = new Box();
        Hooked.Chan c = new Hooked.Chan(0);
        Hooked.Chan done = new Hooked.Chan(1);
        Hooked.go(() -> {
            c.send(0);
            b.v = 2;
            done.send(true);
        });
        b.v = 1;
        c.recv();
        done.recv();
    }

    static void testNoRaceHookedChanAsync() {
        Box b = new Box();
        Hooked.Chan c = new Hooked.Chan(10);
        Hooked.go(() -> {
            b.v = 1;
            c.send(0);
        });
        c.recv();
        b.v = 2;
    }

    static void testRaceHookedChanAsyncRev() {
        // Buffered: the receive does not order the sender's later write.
        Box b = new Box();
        Hooked.Chan c = new Hooked.Chan(10);
        Hooked.Chan done = new Hooked.Chan(1);
        Hooked.go(() -> {
            c.send(0);
            b.v = 1; // RACE
            done.send(true);
        });
        b.v = 2; // RACE
        c.recv();
        done.recv();
    }

    static void testNoRaceHookedBufferedChanAsMutex() {
        // The k-th receive happens before the (k+C)-th send completes: capacity 1 is a mutex.
        Box b = new Box();
        Hooked.Chan sem = new Hooked.Chan(1);
        Hooked.Chan done = new Hooked.Chan(3);
        for (int i = 0; i < 3; i++) {
            Hooked.go(() -> {
                sem.send(true);
                b.count++;
                sem.recv();
                done.send(true);
            });
        }
        for (int i = 0; i < 3; i++) {
            done.recv();
        }
    }

    static void testRaceHookedBufferedChanSemTooSmall() {
        Box b = new Box();
        Hooked.Chan sem = new Hooked.Chan(2);
        Hooked.Chan done = new Hooked.Chan(2);
        Hooked.Chan gate = new Hooked.Chan(0);
        for (int i = 0; i < 2; i++) {
            Hooked.go(() -> {
                sem.send(true);
                gate.recv(); // both hold the "semaphore" before either writes
                b.count++; // RACE
                sem.recv();
                done.send(true);
            });
        }
        gate.close();
        done.recv();
        done.recv();
    }

    static void testNoRaceHookedParkedReceiver() {
        // The receiver parks first; the sender hands the value over directly.
        Box b = new Box();
        Hooked.Chan c = new Hooked.Chan(4);
        Hooked.Chan ready = new Hooked.Chan(0);
        Hooked.Chan done = new Hooked.Chan(1);
        Hooked.go(() -> {
            ready.send(true);
            c.recv();
            b.v = 2;
            done.send(true);
        });
        ready.recv();
        b.v = 1;
        c.send(0);
        done.recv();
    }

    static void testNoRaceHookedParkedSenderFullBuffer() {
        // A sender parked on a full buffer: its value enters the slot the receive frees.
        Box b = new Box();
        Hooked.Chan c = new Hooked.Chan(1);
        Hooked.Chan done = new Hooked.Chan(1);
        c.send(0);
        Hooked.go(() -> {
            b.v = 1;
            c.send(1); // parks until main's first receive
            done.send(true);
        });
        c.recv();
        c.recv();
        b.v = 2;
        done.recv();
    }

    static void testNoRaceHookedCloseRecv() {
        Box b = new Box();
        Hooked.Chan c = new Hooked.Chan(0);
        Hooked.go(() -> {
            b.v = 1;
            c.close();
        });
        while (c.recv() != null) {
            b.count++;
        }
        b.v = 2;
    }

    static void testRaceHookedSendVsClose() {
        Hooked.Chan c = new Hooked.Chan(1);
        Hooked.Chan done = new Hooked.Chan(1);
        Hooked.go(() -> {
            try {
                c.send(1); // RACE
            } catch (IllegalStateException closedFirst) {
                // Go's test recovers from the panic the same way
            }
            done.send(true);
        });
        c.close(); // RACE
        done.recv();
    }

    static void testNoRaceHookedMutex() {
        Hooked.Mutex mu = new Hooked.Mutex();
        Box b = new Box();
        Hooked.WaitGroup wg = new Hooked.WaitGroup();
        for (int g = 0; g < 4; g++) {
            wg.add(1);
            Hooked.go(() -> {
                for (int i = 0; i < 100; i++) {
                    mu.lock();
                    b.count++;
                    mu.unlock();
                }
                wg.done();
            });
        }
        wg.await();
        b.count++;
    }

    static void testRaceHookedMutexMissing() {
        Hooked.Mutex mu = new Hooked.Mutex();
        Box b = new Box();
        Hooked.WaitGroup wg = new Hooked.WaitGroup();
        for (int g = 0; g < 2; g++) {
            wg.add(1);
            Hooked.go(() -> {
                b.v = 1; // RACE
                mu.lock();
                mu.unlock();
                wg.done();
            });
        }
        wg.await();
    }

    static void testNoRaceHookedWaitGroupPerGoroutine() {
        long[] partial = new long[8];
        Hooked.WaitGroup wg = new Hooked.WaitGroup();
        for (int g = 0; g < partial.length; g++) {
            int k = g;
            wg.add(1);
            Hooked.go(() -> {
                for (int i = 0; i < 1000; i++) {
                    partial[k]++;
                }
                wg.done();
            });
        }
        wg.await();
        long sum = 0;
        for (long p : partial) {
            sum += p;
        }
        partial[0] = sum;
    }

    static void testRaceHookedCounter() {
        Box b = new Box();
        Hooked.WaitGroup wg = new Hooked.WaitGroup();
        for (int g = 0; g < 8; g++) {
            wg.add(1);
            Hooked.go(() -> {
                for (int i = 0; i < 1000; i++) {
                    b.count++; // RACE
                }
                wg.done();
            });
        }
        wg.await();
    }

    static void testNoRaceHookedCounterChannel() {
        Hooked.Chan increments = new Hooked.Chan(16);
        Hooked.Chan total = new Hooked.Chan(0);
        Box b = new Box();
        Hooked.go(() -> {
            long counter = 0;
            while (increments.recv() != null) {
                counter++;
            }
            b.count = counter;
            total.send(true);
        });
        Hooked.WaitGroup wg = new Hooked.WaitGroup();
        for (int g = 0; g < 4; g++) {
            wg.add(1);
            Hooked.go(() -> {
                for (int i = 0; i < 100; i++) {
                    increments.send(1);
                }
                wg.done();
            });
        }
        wg.await();
        increments.close();
        total.recv();
        b.count++;
    }
}
