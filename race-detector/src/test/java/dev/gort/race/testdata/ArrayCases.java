package dev.gort.race.testdata;

import static dev.gort.race.testdata.G.go;
import static dev.gort.race.testdata.G.make;

/**
 * Arrays, after Go's runtime/race/testdata/slice_test.go: elements are separate locations, a
 * length is not an access, {@code System.arraycopy} reads and writes its ranges (Go's copy()), an
 * array's {@code clone()} reads every element. A line that races ends with the comment RACE.
 */
final class ArrayCases {
    private ArrayCases() {}

    static int sink;

    static void testRaceArrayRW() {
        G.Ch ch = make(1);
        int[] a = new int[2];
        go(() -> {
            a[1] = 1; // RACE
            ch.send(true);
        });
        sink = a[1]; // RACE
        ch.recv();
    }

    static void testNoRaceArrayRW() {
        G.Ch ch = make(1);
        int[] a = new int[2];
        go(() -> {
            a[0] = 1;
            ch.send(true);
        });
        int x = a[1];
        ch.recv();
        a[0] = x;
    }

    static void testRaceArrayWW() {
        int[] a = new int[10];
        G.Ch ch = make(1);
        go(() -> {
            a[1] = 1; // RACE
            ch.send(true);
        });
        a[1] = 2; // RACE
        ch.recv();
    }

    static void testNoRaceArrayWW() {
        int[] a = new int[5];
        G.Ch ch = make(1);
        go(() -> {
            a[0] = 1;
            ch.send(true);
        });
        a[1] = 2;
        ch.recv();
    }

    static void testNoRaceArrayWriteLength() {
        G.Ch ch = make(1);
        boolean[] a = new boolean[1];
        go(() -> {
            a[0] = true;
            ch.send(true);
        });
        sink = a.length;
        ch.recv();
    }

    static void testRaceArrayCopyRead() {
        G.Ch ch = make(1);
        int[] a = new int[10];
        int[] b = new int[10];
        go(() -> {
            int x = a[5]; // RACE
            ch.send(x);
        });
        System.arraycopy(b, 0, a, 0, 10); // RACE
        ch.recv();
    }

    static void testNoRaceArrayWriteCopy() {
        G.Ch ch = make(1);
        int[] a = new int[10];
        int[] b = new int[10];
        go(() -> {
            a[5] = 1;
            ch.send(true);
        });
        System.arraycopy(b, 0, a, 0, 5);
        ch.recv();
    }

    static void testRaceArrayCopyWrite() {
        G.Ch ch = make(1);
        int[] a = new int[10];
        int[] b = new int[10];
        go(() -> {
            b[3] = 1; // RACE
            ch.send(true);
        });
        System.arraycopy(b, 0, a, 0, 10); // RACE
        ch.recv();
    }

    static void testRaceArrayClone() {
        G.Ch ch = make(1);
        long[] a = new long[4];
        go(() -> {
            a[2] = 7; // RACE
            ch.send(true);
        });
        long[] c = a.clone(); // RACE
        ch.recv();
        sink = (int) c[0];
    }

    static void testRaceLongArray() {
        G.Ch ch = make(1);
        long[] a = new long[4];
        go(() -> {
            a[3] += 5; // RACE
            ch.send(true);
        });
        a[3] = 9; // RACE
        ch.recv();
    }

    static void testRaceDoubleArrayRW() {
        G.Ch ch = make(1);
        double[] a = new double[4];
        go(() -> {
            a[0] = 1.5; // RACE
            ch.send(true);
        });
        double d = a[0]; // RACE
        ch.recv();
        sink = (int) d;
    }

    static void testRaceByteArray() {
        G.Ch ch = make(1);
        byte[] a = new byte[16];
        go(() -> {
            a[7] = 1; // RACE
            ch.send(true);
        });
        a[7]++; // RACE
        ch.recv();
    }

    static void testNoRaceByteArrayNeighbours() {
        // Unlike Go, whose shadow words are 8 bytes wide, each element is its own location.
        G.Ch ch = make(1);
        byte[] a = new byte[16];
        go(() -> {
            a[7] = 1;
            ch.send(true);
        });
        a[6] = 1;
        ch.recv();
    }

    static void testRaceBooleanArray() {
        G.Ch ch = make(1);
        boolean[] a = new boolean[2];
        go(() -> {
            a[1] = true; // RACE
            ch.send(true);
        });
        if (a[1]) { // RACE
            sink++;
        }
        ch.recv();
    }

    static void testRaceObjectArray() {
        G.Ch ch = make(1);
        String[] a = new String[3];
        go(() -> {
            a[0] = "x"; // RACE
            ch.send(true);
        });
        a[0] = "y"; // RACE
        ch.recv();
    }

    static void testRaceArrayElementField() {
        G.Ch ch = make(1);
        MopCases.Point[] a = {new MopCases.Point(), new MopCases.Point()};
        go(() -> {
            a[1].x = 3; // RACE
            ch.send(true);
        });
        sink = a[1].x; // RACE
        ch.recv();
    }

    static void testNoRaceArrayElementFieldDifferent() {
        G.Ch ch = make(1);
        MopCases.Point[] a = {new MopCases.Point(), new MopCases.Point()};
        go(() -> {
            a[1].x = 3;
            ch.send(true);
        });
        sink = a[0].x + a[1].y;
        ch.recv();
    }

    static void testRaceTwoDimensional() {
        G.Ch ch = make(1);
        int[][] m = new int[3][3];
        go(() -> {
            m[2][1] = 4; // RACE
            ch.send(true);
        });
        m[2][1] = 5; // RACE
        ch.recv();
    }

    static void testNoRaceDisjointHalves() {
        int[] a = new int[100];
        Thread lo = go(() -> {
            for (int i = 0; i < 50; i++) {
                a[i] = i;
            }
        });
        Thread hi = go(() -> {
            for (int i = 50; i < 100; i++) {
                a[i] = i;
            }
        });
        G.join(lo, hi);
        int sum = 0;
        for (int x : a) {
            sum += x;
        }
        sink = sum;
    }

    static void testRaceOverlappingHalves() {
        int[] a = new int[100];
        Thread lo = go(() -> {
            for (int i = 0; i < 51; i++) {
                a[i] = i; // RACE
            }
        });
        Thread hi = go(() -> {
            for (int i = 50; i < 100; i++) {
                a[i] = i; // RACE
            }
        });
        G.join(lo, hi);
    }
}
