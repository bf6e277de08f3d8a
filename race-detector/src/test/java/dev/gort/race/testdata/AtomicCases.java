package dev.gort.race.testdata;

import static dev.gort.race.testdata.G.go;
import static dev.gort.race.testdata.G.make;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Atomics and volatiles, after Go's atomic_test.go: an atomic or volatile publishes what was
 * written before it (Java's memory model, and Go's since 1.19), and is itself never a race; plain
 * data is racy when the publication comes before the write or is missing. Lines that race end
 * with RACE.
 */
final class AtomicCases {
    private AtomicCases() {}

    static final class Data {
        int x;
        int[] a = new int[4];
        volatile int v;
        volatile boolean flag;
        volatile int updated;
    }

    private static final AtomicIntegerFieldUpdater<Data> UPDATED =
            AtomicIntegerFieldUpdater.newUpdater(Data.class, "updated");
    private static final VarHandle V;

    static {
        try {
            V = MethodHandles.lookup().findVarHandle(Data.class, "v", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static void testNoRaceAtomicAddInt() {
        Data d = new Data();
        AtomicInteger n = new AtomicInteger();
        G.Ch ch = make(2);
        for (int i = 0; i < 2; i++) {
            int k = i;
            go(() -> {
                d.a[k] = 1;
                if (n.incrementAndGet() == 2) {
                    d.a[1 - k] = 2;
                }
                ch.send(true);
            });
        }
        ch.recv();
        ch.recv();
    }

    static void testNoRaceAtomicFlagPublishes() {
        Data d = new Data();
        AtomicBoolean ready = new AtomicBoolean();
        G.Ch ch = make(1);
        go(() -> {
            d.x = 42;
            ready.set(true);
            ch.send(true);
        });
        while (!ready.get()) {
            Thread.onSpinWait();
        }
        d.x++;
        ch.recv();
    }

    static void testRaceAtomicFlagSetTooEarly() {
        Data d = new Data();
        AtomicBoolean ready = new AtomicBoolean();
        G.Ch ch = make(1);
        go(() -> {
            ready.set(true);
            d.x = 42; // RACE
            ch.send(true);
        });
        while (!ready.get()) {
            Thread.onSpinWait();
        }
        d.x++; // RACE
        ch.recv();
    }

    static void testNoRaceAtomicCompareAndSet() {
        Data d = new Data();
        AtomicInteger state = new AtomicInteger();
        Thread[] ts = new Thread[3];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = go(() -> {
                while (!state.compareAndSet(0, 1)) {
                    Thread.onSpinWait();
                }
                d.x++;
                state.set(0);
            });
        }
        G.join(ts);
    }

    static void testNoRaceAtomicLongPublishes() {
        Data d = new Data();
        AtomicLong seq = new AtomicLong();
        G.Ch ch = make(1);
        go(() -> {
            d.a[2] = 7;
            seq.incrementAndGet();
            ch.send(true);
        });
        while (seq.get() == 0) {
            Thread.onSpinWait();
        }
        d.a[2]++;
        ch.recv();
    }

    static void testNoRaceAtomicReferencePublishes() {
        AtomicReference<Data> ref = new AtomicReference<>();
        G.Ch ch = make(1);
        go(() -> {
            Data d = new Data();
            d.x = 3;
            ref.set(d);
            ch.send(true);
        });
        Data d;
        while ((d = ref.get()) == null) {
            Thread.onSpinWait();
        }
        d.x++;
        ch.recv();
    }

    static void testNoRaceVolatileFlag() {
        Data d = new Data();
        G.Ch ch = make(1);
        go(() -> {
            d.x = 1;
            d.flag = true;
            ch.send(true);
        });
        while (!d.flag) {
            Thread.onSpinWait();
        }
        d.x = 2;
        ch.recv();
    }

    static void testRaceVolatileFlagSetTooEarly() {
        Data d = new Data();
        G.Ch ch = make(1);
        go(() -> {
            d.flag = true;
            d.x = 1; // RACE
            ch.send(true);
        });
        while (!d.flag) {
            Thread.onSpinWait();
        }
        d.x = 2; // RACE
        ch.recv();
    }

    static void testNoRaceVolatileIncrementIsNotAPlainRace() {
        // volatile v++ loses updates, but it is not a data race: Java orders volatile accesses.
        Data d = new Data();
        Thread a = go(() -> d.v++);
        Thread b = go(() -> d.v++);
        G.join(a, b);
    }

    static void testNoRaceFieldUpdater() {
        Data d = new Data();
        G.Ch ch = make(1);
        go(() -> {
            d.x = 9;
            UPDATED.incrementAndGet(d);
            ch.send(true);
        });
        while (UPDATED.get(d) == 0) {
            Thread.onSpinWait();
        }
        d.x++;
        ch.recv();
    }

    static void testNoRaceVarHandle() {
        Data d = new Data();
        G.Ch ch = make(1);
        go(() -> {
            d.a[0] = 5;
            V.setRelease(d, 1);
            ch.send(true);
        });
        while ((int) V.getAcquire(d) == 0) {
            Thread.onSpinWait();
        }
        d.a[0]++;
        ch.recv();
    }

    static void testRaceTwoAtomicsDoNotOrderPlainData() {
        Data d = new Data();
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        Thread t1 = go(() -> {
            d.x = 1; // RACE
            a.incrementAndGet();
        });
        Thread t2 = go(() -> {
            b.incrementAndGet();
            d.x = 2; // RACE
        });
        G.join(t1, t2);
    }

    static void testNoRaceLongAdderThenJoin() {
        LongAdder sum = new LongAdder();
        Data d = new Data();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            int k = i;
            ts[i] = go(() -> {
                d.a[k] = k;
                sum.add(k);
            });
        }
        G.join(ts);
        d.x = (int) sum.sum() + d.a[3];
    }
}
