package dev.gort.race.rt;

/**
 * What a bridged library call means to the detector, chosen when the call site is instrumented
 * (see {@code dev.gort.race.instrument.CallRules}) and passed to {@link RT#callBefore} and
 * {@link RT#callAfter}. The key is the receiver, or the first argument for field updaters and
 * VarHandles.
 */
public final class Ops {
    private Ops() {}

    /** Acquire after the call (a read of a synchronisation object: get, take, await). */
    public static final int ACQ = 1;
    /** Release before the call (a write: set, put, countDown, complete, unlock). */
    public static final int REL = 2;
    /** Release before, acquire after (read-modify-write: CAS, getAndAdd, putIfAbsent). */
    public static final int ACQREL = 3;
    /** Acquire and release before and after (the call runs user callbacks under its sync: compute). */
    public static final int CALLBACK = 4;
    /** As {@link #ACQ} .. {@link #CALLBACK}, if the receiver turns out to be a concurrent or synchronized collection. */
    public static final int COLL_ACQ = 5;
    public static final int COLL_REL = 6;
    public static final int COLL_ACQREL = 7;
    public static final int COLL_CALLBACK = 8;
    /** Lock acquired after the call (lock, tryLock; read/write views of an RW lock understood). */
    public static final int LOCK = 9;
    /** Lock released before the call. */
    public static final int UNLOCK = 10;
    /** Condition.await: the condition's lock released before, acquired after. */
    public static final int AWAIT = 11;
    /** Object.wait: the monitor released before, acquired after. */
    public static final int WAIT = 12;
    /** Thread.start: the fork edge. */
    public static final int FORK = 13;
    /** Thread.join: the joined thread's clock, if it ended. */
    public static final int JOIN = 14;
    /** Executor submissions: task arguments wrapped (fork edge to the task, its end to its future and executor). */
    public static final int TASK = 15;
    /** invokeAll/invokeAny: as TASK, and the caller acquires every task's end. */
    public static final int TASK_ALL = 16;
    /** awaitTermination, close: the executor's finished tasks' clocks. */
    public static final int EXEC_WAIT = 17;
    /** CompletionStage callbacks (thenApply...): each callback acquires its source stages; the result future gets its end. */
    public static final int STAGE = 18;
    /** CompletableFuture.allOf/anyOf: the result future depends on every argument future. */
    public static final int ALLOF = 19;
    /** The result shares the receiver's clock (copy, toCompletableFuture, orTimeout...). */
    public static final int ALIAS = 20;
    /** ReadWriteLock.readLock(): the result is the read side of the receiver. */
    public static final int RW_READ_VIEW = 21;
    /** ReadWriteLock.writeLock(): the result is the write side of the receiver. */
    public static final int RW_WRITE_VIEW = 22;
    /** Lock.newCondition(): the result waits on the receiver. */
    public static final int COND_VIEW = 23;

    /** Ops that act after the call on its result. */
    public static boolean usesResult(int op) {
        return op == TASK || op == TASK_ALL || op == STAGE || op == ALLOF || op == ALIAS || op == RW_READ_VIEW
                || op == RW_WRITE_VIEW || op == COND_VIEW;
    }

    /** Ops whose functional arguments are wrapped (CALLBACKs: guarded by the collection's clock). */
    public static boolean wrapsArguments(int op) {
        return op == TASK || op == TASK_ALL || op == STAGE || op == CALLBACK || op == COLL_CALLBACK;
    }
}
