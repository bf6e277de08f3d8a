package dev.gort.race.testdata;

import static dev.gort.race.testdata.G.go;
import static dev.gort.race.testdata.G.make;

/**
 * Plain memory operations, after Go's runtime/race/testdata/mop_test.go: statics (Go's globals),
 * captured variables (fields of an object the lambdas share), struct fields, wide values, strings,
 * references, method calls. A line that races ends with the comment RACE.
 */
final class MopCases {
    private MopCases() {}

    /** Go's closure variables: what lambdas capture and write. */
    static final class Vars {
        int x;
        int y;
        int z;
        int f;
        long l;
        double d;
        boolean b;
        String s;
        Object o;
        Point p = new Point();
        Vars next;
        Runnable fn;

        void set(int value) {
            x = value; // RACE: testRaceMethodCall
        }
    }

    static final class Point {
        int x;
        int y;
    }

    static int globalX;
    static int globalY;
    static final G.Ch GLOBAL_CH = make(2);

    static void globalFunc1() {
        globalY = globalX; // RACE: testRaceIntRWGlobalFuncs
        GLOBAL_CH.send(1);
    }

    static void globalFunc2() {
        globalX = 1; // RACE: testRaceIntRWGlobalFuncs
        GLOBAL_CH.send(1);
    }

    static void testRaceIntRWGlobalFuncs() {
        go(MopCases::globalFunc1);
        go(MopCases::globalFunc2);
        GLOBAL_CH.recv();
        GLOBAL_CH.recv();
    }

    static void testRaceIntRWClosures() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.y = v.x; // RACE
            ch.send(1);
        });
        go(() -> {
            v.x = 1; // RACE
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceIntRWClosures() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.y = v.x;
            ch.send(1);
        });
        ch.recv();
        go(() -> {
            v.x = 1;
            ch.send(1);
        });
        ch.recv();
    }

    static void testRaceLongRWClosures() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.d = v.l; // RACE
            ch.send(1);
        });
        go(() -> {
            v.l = 1; // RACE
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceCase() {
        Vars v = new Vars();
        for (int x = -1; x <= 1; x++) {
            switch (Integer.signum(x)) {
                case -1 -> v.y = -1;
                case 0 -> v.y = 0;
                default -> v.y = 1;
            }
        }
        v.y++;
    }

    static void testRaceCaseCondition() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.x = 2; // RACE
            ch.send(1);
        });
        go(() -> {
            switch (v.x < 2 ? 1 : 0) { // RACE
                case 1 -> v.x = 1; // RACE
                default -> { }
            }
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceCaseBody() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.y = v.x; // RACE
            ch.send(1);
        });
        go(() -> {
            switch (v.z) {
                case 100 -> v.x = -v.x;
                default -> v.x = 1; // RACE
            }
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceCaseFallthrough() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        v.z = 1;
        go(() -> {
            v.y = v.x;
            ch.send(1);
        });
        go(() -> {
            switch (v.z) {
                case 1:
                    break;
                case 2:
                    v.x = 2;
                    break;
                default:
                    break;
            }
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceCaseFallthrough() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        v.z = 1;
        go(() -> {
            v.y = v.x; // RACE
            ch.send(1);
        });
        go(() -> {
            switch (v.z) {
                case 1:
                case 2:
                    v.x = 2; // RACE
                    break;
                default:
                    break;
            }
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceCaseType() {
        Vars v = new Vars();
        v.o = 1;
        G.Ch ch = make(1);
        go(() -> {
            switch (v.o) { // RACE
                case null -> { }
                case Integer i -> { }
                default -> { }
            }
            ch.send(1);
        });
        v.o = 2; // RACE
        ch.recv();
    }

    static void testNoRaceLoopCapture() {
        int[] a = new int[2];
        Vars v = new Vars();
        G.Ch done = make(2);
        for (int i = 0; i < a.length; i++) {
            int k = i;
            int val = a[i];
            go(() -> {
                if (k == 0) {
                    v.x = val;
                } else {
                    v.y = val;
                }
                done.send(true);
            });
        }
        done.recv();
        done.recv();
        v.x = v.y; // the two writers sent after writing; Java lambdas capture copies of the loop's values
    }

    static void testRaceForTest() {
        Vars v = new Vars();
        G.Ch c = make(0);
        G.Ch done = make(0);
        go(() -> {
            while (c.recv() != null) {
                v.b = true; // RACE
            }
            done.send(true);
        });
        while (!v.b) { // RACE
            c.send(true);
        }
        c.close();
        done.recv();
    }

    static void testRaceForIncr() {
        Vars v = new Vars();
        G.Ch c = make(0);
        G.Ch done = make(0);
        go(() -> {
            c.recv();
            v.x++; // RACE
            done.send(true);
        });
        for (int i = 0; i < 1; v.x++) { // RACE
            i++;
            c.send(true);
        }
        done.recv();
    }

    static void testNoRaceForIncr() {
        Vars v = new Vars();
        G.Ch done = make(0);
        go(() -> {
            v.x++;
            done.send(true);
        });
        for (int i = 0; i < 0; v.x++) {
            i++;
        }
        done.recv();
    }

    static void testRacePlus() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.y = v.x + v.z; // RACE
            ch.send(1);
        });
        go(() -> {
            v.y = v.x + v.z + v.z; // RACE
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testRacePlus2() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.x = 1; // RACE
            ch.send(1);
        });
        go(() -> {
            v.y = +v.x + v.z; // RACE
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRacePlus() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.y = v.x + v.z;
            ch.send(1);
        });
        go(() -> {
            v.f = v.z + v.x;
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceComplement() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.x = ~v.y; // RACE
            ch.send(1);
        });
        go(() -> {
            v.y = ~v.z; // RACE
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceDiv() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.x = v.y / (v.z + 1); // RACE
            ch.send(1);
        });
        go(() -> {
            v.y = v.z; // RACE
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceMod() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.x = v.y % (v.z + 1); // RACE
            ch.send(1);
        });
        go(() -> {
            v.y = v.z; // RACE
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceRotate() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.x = v.y << 12 | v.y >>> 20; // RACE
            ch.send(1);
        });
        go(() -> {
            v.y = v.z; // RACE
            ch.send(1);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceEnoughRegisters() {
        double s = 3.1415;
        double big = 1 + s * (1 + s * (2 + s * (3 + s * (4 + s * (5 + s * (6 + s * (7 + s * 8)))))));
        Vars v = new Vars();
        v.d = big;
        v.d = s;
    }

    static void emptyFunc(int x) {
        if (x == Integer.MIN_VALUE + 7) {
            System.out.println(x);
        }
    }

    static void testRaceFuncArgument() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            emptyFunc(v.x); // RACE
            ch.send(true);
        });
        v.x = 1; // RACE
        ch.recv();
    }

    static void testRaceFuncArgument2() {
        Vars v = new Vars();
        G.Ch ch = make(2);
        go(() -> {
            v.x = 42; // RACE
            ch.send(true);
        });
        go(() -> {
            emptyFunc(v.x); // RACE
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testRaceStructRW() {
        Point p = new Point();
        G.Ch ch = make(1);
        go(() -> {
            p.x = 1; // RACE
            ch.send(true);
        });
        Point q = new Point();
        q.x = p.x; // RACE
        ch.recv();
    }

    static void testRaceStructFieldRW1() {
        Point p = new Point();
        G.Ch ch = make(1);
        go(() -> {
            p.x = 1; // RACE
            ch.send(true);
        });
        int x = p.x; // RACE
        emptyFunc(x);
        ch.recv();
    }

    static void testNoRaceStructFieldRW1() {
        // Writes of different fields of one object do not race.
        Point p = new Point();
        G.Ch ch = make(1);
        go(() -> {
            p.x = 1;
            ch.send(true);
        });
        p.y = 1;
        ch.recv();
        int x = p.x;
        emptyFunc(x);
    }

    static void testNoRaceStructFieldRW2() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.p.x = 1;
            ch.send(true);
        });
        v.p.y = 1;
        ch.recv();
    }

    static void testRaceStructFieldRW2() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.p.x = 1; // RACE
            ch.send(true);
        });
        v.p.x = 2; // RACE
        ch.recv();
    }

    static void testRaceStructFieldRW3() {
        Vars v = new Vars();
        v.next = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.next.p.x = 1; // RACE
            ch.send(true);
        });
        v.next.p.x = 2; // RACE
        ch.recv();
    }

    static void testRaceObjectRefWW() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.o = new Object(); // RACE
            ch.send(true);
        });
        v.o = "x"; // RACE
        ch.recv();
    }

    static void testRaceStringRW() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.s = "ab"; // RACE
            ch.send(true);
        });
        String t = v.s; // RACE
        emptyFunc(t == null ? 0 : t.length());
        ch.recv();
    }

    static void testRaceDoubleWW() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.d = 1.0; // RACE
            ch.send(true);
        });
        v.d = 2.0; // RACE
        ch.recv();
    }

    static void testRaceFuncVariableRW() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.fn = () -> { }; // RACE
            ch.send(true);
        });
        Runnable f = v.fn; // RACE
        if (f != null) {
            f.run();
        }
        ch.recv();
    }

    static void testRaceBooleanAnd() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.x = 1; // RACE
            ch.send(true);
        });
        if (v.y == 0 && v.x == 1) { // RACE
            v.z = 1;
        }
        ch.recv();
    }

    static void testNoRaceBooleanAnd() {
        // The right side of && is not evaluated, so x is not read.
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.x = 1;
            ch.send(true);
        });
        if (v.y == 1 && v.x == 1) {
            v.z = 1;
        }
        ch.recv();
    }

    static void testRaceBooleanOr() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.x = 1; // RACE
            ch.send(true);
        });
        if (v.y == 1 || v.x == 1) { // RACE
            v.z = 1;
        }
        ch.recv();
    }

    static void testNoRaceShortCalc() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.y = 1;
            ch.send(true);
        });
        if (v.x == 0 || v.y == 0) {
            v.z = 1;
        }
        ch.recv();
    }

    static Vars shared;

    static void testRaceMethodCall() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.set(1);
            ch.send(true);
        });
        v.set(2);
        ch.recv();
    }

    static void testRaceInterCall() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        Runnable writer = () -> v.z = 7; // RACE
        go(() -> {
            writer.run();
            ch.send(true);
        });
        emptyFunc(v.z); // RACE
        ch.recv();
    }

    static void testRacePublicationWithoutSync() {
        G.Ch ch = make(1);
        go(() -> {
            Vars v = new Vars();
            v.x = 5; // RACE
            shared = v; // RACE
            ch.send(true);
        });
        Vars seen;
        while ((seen = shared) == null) { // RACE
            Thread.onSpinWait();
        }
        emptyFunc(seen.x); // RACE
        ch.recv();
        shared = null;
    }

    static void testNoRaceSequentialThreads() {
        Vars v = new Vars();
        Thread a = go(() -> v.x = 1);
        G.join(a);
        Thread b = go(() -> v.x = 2);
        G.join(b);
        v.x = 3;
    }

    static void testRaceNotJoined() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            v.x = 1; // RACE
            ch.send(true);
        });
        go(() -> {
            v.x = 2; // RACE
            ch.send(true);
        });
        ch.recv();
        ch.recv();
    }

    static void testNoRaceThreadStartOrdersWrites() {
        Vars v = new Vars();
        v.x = 1;
        v.s = "before start";
        Thread t = go(() -> emptyFunc(v.x + v.s.length()));
        G.join(t);
    }

    static void testRaceWriteAfterStart() {
        Vars v = new Vars();
        Thread t = go(() -> emptyFunc(v.x)); // RACE
        v.x = 1; // RACE
        G.join(t);
    }

    static void testNoRaceJoinOrdersWrites() {
        Vars v = new Vars();
        Thread t = go(() -> v.x = 1);
        G.join(t);
        emptyFunc(v.x);
    }

    static void testRaceRecursion() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            deep(v, 5);
            ch.send(true);
        });
        v.y = 1; // RACE
        ch.recv();
    }

    static void deep(Vars v, int n) {
        if (n == 0) {
            v.y = 2; // RACE: testRaceRecursion
            return;
        }
        deep(v, n - 1);
    }

    static void testNoRaceClassInit() {
        G.Ch ch = make(1);
        go(() -> {
            emptyFunc(Init.TABLE[3]);
            ch.send(true);
        });
        emptyFunc(Init.TABLE[3]);
        ch.recv();
    }

    /** Filled in its static initialiser: class initialisation orders that before every use. */
    static final class Init {
        static final int[] TABLE = new int[8];

        static {
            for (int i = 0; i < TABLE.length; i++) {
                TABLE[i] = i * i;
            }
        }
    }

    static void testRaceExceptionPath() {
        Vars v = new Vars();
        G.Ch ch = make(1);
        go(() -> {
            try {
                throwing(v);
            } catch (IllegalStateException e) {
                v.s = e.getMessage(); // RACE
            }
            ch.send(true);
        });
        v.s = "main"; // RACE
        ch.recv();
    }

    static void throwing(Vars v) {
        throw new IllegalStateException("boom " + v.f);
    }
}
