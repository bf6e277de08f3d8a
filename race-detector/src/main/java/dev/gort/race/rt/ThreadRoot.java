package dev.gort.race.rt;

import java.lang.ref.WeakReference;

/**
 * Who made the accesses of one stack: the bottom of every {@link Frame} chain of a thread (or of a
 * task run by a pool thread), with what a report prints in its "Goroutine N (running) created at"
 * section. Held by the shadow of each access, so it holds the thread only weakly.
 */
final class ThreadRoot {
    /** The thread's id ({@link Thread#threadId()}): the goroutine id of reports. */
    final long goid;
    final String name;
    private final WeakReference<Thread> thread;
    /** For a task: the submitting stack; for a thread: the stack that started it; null if unknown. */
    volatile Frame createdTop;
    volatile int createdSite;
    /** True for the task of a pool thread (its "creation" is the task's submission). */
    final boolean task;
    /** Set by gort's goEnd hook, or when a join saw the thread dead. */
    volatile boolean finished;

    /** True for the thread that ran the agent's premain (the program's main thread). */
    final boolean main;

    ThreadRoot(Thread t, Frame createdTop, int createdSite, boolean task, boolean main) {
        this.main = main;
        this.goid = t.threadId();
        this.name = t.getName();
        this.thread = new WeakReference<>(t);
        this.createdTop = createdTop;
        this.createdSite = createdSite;
        this.task = task;
    }

    boolean running() {
        if (finished) {
            return false;
        }
        Thread t = thread.get();
        return t != null && t.isAlive();
    }
}
