package dev.gort.race.rt;

/**
 * A thread's race-detection state: its slot and vector clock, its shadow call stack and a one-entry
 * shadow cache. Instrumented methods fetch it once on entry ({@link RT#thread()}) and pass it to
 * every hook. Owned by its thread: no other thread reads it, except a joiner reading {@link #vc}
 * after the thread ended (ordered by the join).
 */
public final class T {
    final int slot;
    final VectorClock vc;
    /** {@code Epoch.of(slot, vc.get(slot))}, kept in step with the clock. */
    long epoch;
    final ThreadRoot root;

    /** The current shadow stack (top node). */
    Frame top;
    /** The call site of the call being made: set by instrumented code before every call. */
    public int callSite;
    /** {@code top.ignore}, cached for the access hooks. */
    boolean ignoring;
    /** Nesting of gort's {@code Race.disable()}: sync hooks are ignored while positive. */
    int syncDisabled;

    /** One-entry cache of the last object looked up in a shadow table, and its shadow. */
    Object cacheKey;
    Object cacheVal;

    /** Set once its slot is freed (under Threads' lock): the slot is no longer this thread's. */
    boolean retired;

    /** CompletionStage arguments seen by the bridge call being made, for its callback wrappers. */
    Object[] stageArgs;

    T(int slot, long startClock, ThreadRoot root) {
        this.slot = slot;
        this.vc = new VectorClock();
        vc.set(slot, startClock);
        this.epoch = Epoch.of(slot, startClock);
        this.root = root;
        this.top = new Frame(null, 0, root, false);
    }

    /** Starts a new epoch (after a release). */
    void tick() {
        long c = vc.get(slot) + 1;
        vc.set(slot, c);
        epoch = Epoch.of(slot, c);
    }
}
