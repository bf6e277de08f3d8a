package dev.gort.race.testdata;

/**
 * Whole programs for the agent's behaviour at exit and its options: {@code Programs <name>}. Each
 * prints the ids of the threads it starts on standard output, so a test can match them with the
 * goroutine ids of the report.
 */
public final class Programs {
    private Programs() {}

    static final class Cell {
        int value;
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "racy" -> racy();
            case "clean" -> clean();
            case "exit0" -> {
                racy();
                System.exit(0);
            }
            case "exit5" -> {
                racy();
                System.exit(5);
            }
            case "throws" -> {
                racy();
                throw new IllegalStateException("main fails on purpose");
            }
            case "halt" -> {
                racy();
                racyAgain();
                System.out.println("still running");
            }
            case "hook" -> {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("application hook ran")));
                racy();
            }
            case "spin" -> {
                // A race, then busy until killed (the SIGTERM test).
                racy();
                System.out.println("ready");
                System.out.flush();
                spin();
            }
            case "flood" -> {
                // A race, then standard error blocked (a reader that stopped reading) as main ends.
                racy();
                // The test never reads standard error: Linux's default 64 KiB pipe, which already
                // holds the race report, fills a few microseconds after the flood has written half
                // of it (8 lines of 4 KiB), while main is still ending. Waiting for all 16 could
                // wait forever: the report takes part of the pipe.
                java.util.concurrent.CountDownLatch full = new java.util.concurrent.CountDownLatch(8);
                Thread flood = new Thread(() -> {
                    byte[] line = new byte[4096];
                    java.util.Arrays.fill(line, (byte) 'x');
                    for (;;) {
                        System.err.write(line, 0, line.length);
                        System.err.flush();
                        full.countDown();
                    }
                });
                flood.setDaemon(true);
                flood.start();
                full.await();
            }
            case "oom" -> {
                // Fills the heap and keeps it full; main dies of OutOfMemoryError while another
                // thread waits for it forever: what a program the detector made too big looks like
                // (its goroutines' carriers dead, main waiting for them).
                Thread waiter = new Thread(() -> {
                    for (;;) {
                        java.util.concurrent.locks.LockSupport.park();
                    }
                });
                waiter.start();
                System.out.println("filling");
                System.out.flush();
                for (;;) {
                    HOLD.add(new long[16 * 1024]);
                }
            }
            case "loop" -> {
                for (int i = 0; i < 50; i++) {
                    racy();
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** One race: a write in a started thread against a later write in main. */
    static void racy() throws InterruptedException {
        Cell c = new Cell();
        Thread t = new Thread(() -> write(c, 1));
        System.out.println("main " + Thread.currentThread().threadId());
        t.start();
        System.out.println("child " + t.threadId());
        write(c, 2);
        t.join();
    }

    static volatile long spins;
    static final java.util.List<long[]> HOLD = new java.util.ArrayList<>();

    static void spin() {
        for (;;) {
            spins++;
        }
    }

    static void write(Cell c, int v) {
        c.value = v;
    }

    static void racyAgain() throws InterruptedException {
        int[] a = new int[1];
        Thread t = new Thread(() -> a[0] = 1);
        t.start();
        a[0] = 2;
        t.join();
    }

    static void clean() throws InterruptedException {
        Cell c = new Cell();
        Thread t = new Thread(() -> write(c, 1));
        t.start();
        t.join();
        write(c, 2);
    }
}
