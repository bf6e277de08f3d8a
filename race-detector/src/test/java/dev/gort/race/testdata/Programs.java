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
