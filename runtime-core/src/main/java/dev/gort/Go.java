package dev.gort;

/** Placeholder facade while the scheduler lands; the API is final (see shared/API.md). */
public final class Go {
    private Go() {}

    public static void go(Runnable body) {
        Thread.ofVirtual().start(body);
    }

    public static void go(String name, Runnable body) {
        Thread.ofVirtual().name(name).start(body);
    }

    public static int maxProcs() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static int maxProcs(int n) {
        return maxProcs();
    }

    public static int numGoroutine() {
        return 0;
    }

    public static void gosched() {
        Thread.yield();
    }
}
