package dev.gort.race.testdata;

import static dev.gort.race.testdata.G.go;
import static dev.gort.race.testdata.G.make;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Locks, after Go's mutex_test.go, rwmutex_test.go and the Cond cases of sync_test.go, with Java's
 * locks: {@code synchronized} (blocks and methods), {@code ReentrantLock},
 * {@code ReentrantReadWriteLock} (Go's RWMutex model: readers do not order each other),
 * {@code Condition}, {@code wait/notify}, {@code StampedLock}. A line that races ends with RACE.
 */
final class LockCases {
    private LockCases() {}

    static final class Shared {
        int x;
        long y;
        boolean written;
        boolean ready;

        synchronized void inc() {
            x++; // RACE: testRaceSynchronizedMethodAndPlain
        }

        void racyInc() {
            x++; // RACE: testRaceSynchronizedMethodAndPlain
        }
    }

    static void testNoRaceReentrantLock() {
        Lock mu = new ReentrantLock();
        Shared s = new Shared();
        G.Ch ch = make(2);
        go(() -> {
            mu.lock();
            try {
                s.x = 1;
            } finally {
                mu.unlock();
            }
            ch.send(true);
        });
        go(() -> {
            mu.lock();
            s.x = 2;
            mu.unlock();
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceReentrantLock() {
        Lock mu = new ReentrantLock();
        Shared s = new Shared();
        G.Ch ch = make(2);
        go(() -> {
            s.x = 1; // RACE
            mu.lock();
            mu.unlock();
            ch.send(true);
        });
        go(() -> {
            s.x = 2; // RACE
            mu.lock();
            mu.unlock();
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceTwoLocks() {
        Lock mu1 = new ReentrantLock();
        Lock mu2 = new ReentrantLock();
        Shared s = new Shared();
        G.Ch ch = make(2);
        go(() -> {
            mu1.lock();
            s.x = 1; // RACE
            mu1.unlock();
            ch.send(true);
        });
        go(() -> {
            mu2.lock();
            s.x = 2; // RACE
            mu2.unlock();
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceLockPureHappensBefore() {
        Lock mu = new ReentrantLock();
        Shared s = new Shared();
        G.Ch ch = make(2);
        go(() -> {
            s.y = 1;
            mu.lock();
            s.written = true;
            mu.unlock();
            ch.send(true);
        });
        go(() -> {
            mu.lock();
            while (!s.written) {
                mu.unlock();
                Thread.onSpinWait();
                mu.lock();
            }
            mu.unlock();
            s.y = 2;
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceSynchronizedBlock() {
        Object mu = new Object();
        Shared s = new Shared();
        G.Ch ch = make(2);
        for (int i = 0; i < 2; i++) {
            go(() -> {
                synchronized (mu) {
                    s.x++;
                }
                ch.send(true);
            });
        }
        ch.recv();
        ch.recv();
    }

    static void testRaceSynchronizedDifferentMonitors() {
        Shared s = new Shared();
        G.Ch ch = make(2);
        go(() -> {
            synchronized (new Object()) {
                s.x = 1; // RACE
            }
            ch.send(true);
        });
        go(() -> {
            synchronized (new Object()) {
                s.x = 2; // RACE
            }
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceSynchronizedMethod() {
        Shared s = new Shared();
        Thread a = go(() -> {
            for (int i = 0; i < 50; i++) {
                s.inc();
            }
        });
        Thread b = go(() -> {
            for (int i = 0; i < 50; i++) {
                s.inc();
            }
        });
        G.join(a, b);
    }

    static void testRaceSynchronizedMethodAndPlain() {
        Shared s = new Shared();
        Thread a = go(s::inc);
        Thread b = go(s::racyInc);
        G.join(a, b);
    }

    static int counter;

    static synchronized void staticInc() {
        counter++;
    }

    static void testNoRaceStaticSynchronized() {
        Thread a = go(LockCases::staticInc);
        Thread b = go(LockCases::staticInc);
        G.join(a, b);
        counter = 0;
    }

    static void testNoRaceRWLock() {
        ReadWriteLock mu = new ReentrantReadWriteLock();
        Shared s = new Shared();
        G.Ch ch = make(2);
        go(() -> {
            mu.writeLock().lock();
            s.y = 2;
            mu.writeLock().unlock();
            ch.send(true);
        });
        go(() -> {
            mu.readLock().lock();
            s.x = (int) s.y;
            mu.readLock().unlock();
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceRWLockMultipleReaders() {
        ReentrantReadWriteLock mu = new ReentrantReadWriteLock();
        Shared s = new Shared();
        G.Ch ch = make(4);
        go(() -> {
            mu.writeLock().lock();
            s.y = 2;
            mu.writeLock().unlock();
            ch.send(true);
        });
        // Three readers write under the read lock: they do not exclude each other.
        go(() -> {
            mu.readLock().lock();
            s.x = (int) s.y + 1; // RACE
            mu.readLock().unlock();
            ch.send(true);
        });
        go(() -> {
            mu.readLock().lock();
            s.x = (int) s.y + 2; // RACE
            mu.readLock().unlock();
            ch.send(true);
        });
        go(() -> {
            mu.readLock().lock();
            s.x = (int) s.y + 3; // RACE
            mu.readLock().unlock();
            ch.send(true);
        });
        for (int i = 0; i < 4; i++) {
            ch.recv();
        }
    }

    static void testNoRaceRWLockMultipleReaders() {
        ReentrantReadWriteLock mu = new ReentrantReadWriteLock();
        Shared s = new Shared();
        G.Ch ch = make(4);
        go(() -> {
            mu.writeLock().lock();
            s.y = 2;
            mu.writeLock().unlock();
            ch.send(true);
        });
        for (int i = 0; i < 3; i++) {
            go(() -> {
                mu.readLock().lock();
                long v = s.y + 1;
                mu.readLock().unlock();
                ch.send(v);
            });
        }
        for (int i = 0; i < 4; i++) {
            ch.recv();
        }
    }

    static void testRaceLockAndRWLock() {
        Lock mu1 = new ReentrantLock();
        ReadWriteLock mu2 = new ReentrantReadWriteLock();
        Shared s = new Shared();
        G.Ch ch = make(2);
        go(() -> {
            mu1.lock();
            s.x = 1; // RACE
            mu1.unlock();
            ch.send(true);
        });
        go(() -> {
            mu2.writeLock().lock();
            s.x = 2; // RACE
            mu2.writeLock().unlock();
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceCondition() {
        ReentrantLock mu = new ReentrantLock();
        Condition c = mu.newCondition();
        Shared s = new Shared();
        G.Ch ch = make(1);
        go(() -> {
            s.x = 1;
            mu.lock();
            s.ready = true;
            c.signal();
            mu.unlock();
            ch.send(true);
        });
        mu.lock();
        while (!s.ready) {
            c.awaitUninterruptibly();
        }
        mu.unlock();
        s.x = 2;
        ch.recv();
    }

    static void testRaceConditionWriteAfterSignal() {
        ReentrantLock mu = new ReentrantLock();
        Condition c = mu.newCondition();
        Shared s = new Shared();
        G.Ch ch = make(1);
        go(() -> {
            mu.lock();
            s.ready = true;
            c.signal();
            mu.unlock();
            s.x = 1; // RACE
            ch.send(true);
        });
        mu.lock();
        while (!s.ready) {
            c.awaitUninterruptibly();
        }
        mu.unlock();
        s.x = 2; // RACE
        ch.recv();
    }

    static void testNoRaceWaitNotify() {
        Object mon = new Object();
        Shared s = new Shared();
        G.Ch ch = make(1);
        go(() -> {
            s.y = 5;
            synchronized (mon) {
                s.ready = true;
                mon.notifyAll();
            }
            ch.send(true);
        });
        synchronized (mon) {
            while (!s.ready) {
                try {
                    mon.wait();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        s.y++;
        ch.recv();
    }

    static void testNoRaceStampedLock() {
        StampedLock sl = new StampedLock();
        Shared s = new Shared();
        Thread a = go(() -> {
            long st = sl.writeLock();
            s.x++;
            sl.unlockWrite(st);
        });
        Thread b = go(() -> {
            long st = sl.writeLock();
            s.x++;
            sl.unlockWrite(st);
        });
        G.join(a, b);
    }

    static void testNoRaceTryLock() {
        ReentrantLock mu = new ReentrantLock();
        Shared s = new Shared();
        Thread a = go(() -> {
            while (!mu.tryLock()) {
                Thread.onSpinWait();
            }
            s.x++;
            mu.unlock();
        });
        Thread b = go(() -> {
            mu.lock();
            s.x++;
            mu.unlock();
        });
        G.join(a, b);
    }
}
