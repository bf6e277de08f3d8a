package dev.gort.race.rt;

/**
 * The shadow of one memory location (a field of one object, a static field, an array element):
 * FastTrack's write epoch W and read state R, each with the stack of that access so a report can
 * show it. R is one epoch while reads are totally ordered, and becomes a set of at most
 * {@link Detector#maxReaders} mutually unordered read epochs ("read-shared") when they are not.
 *
 * <p>Memory is bounded per location: one write, then one read epoch or a read set of at most
 * {@code maxReaders} entries (8 by default), each with a stack node. Beyond that many concurrent
 * unordered readers the oldest is forgotten, so a later write that races only with a forgotten read
 * is missed (Go keeps 4 cells per 8-byte word, with the same kind of loss).
 *
 * <p>Concurrency: every field is written under the VarState's own lock. {@link #w} and {@link #r}
 * are volatile so the same-epoch fast paths read them without the lock; such a racy read can only
 * send a thread to the locked slow path, or skip an access whose epoch the thread itself recorded.
 */
final class VarState {
    /** R's value while reads are shared (not a valid epoch: every slot bit set). */
    static final long SHARED = -1L;

    /** Field id, element index, or hook slot: what this state shadows within its owner. */
    final long key;

    volatile long w;
    Frame wStack;
    int wSite;

    volatile long r;
    Frame rStack;
    int rSite;

    /** Read-shared set (when {@code r == SHARED}): {@code rsN} entries. */
    long[] rs;
    Frame[] rsStack;
    int[] rsSite;
    int rsN;

    VarState(long key) {
        this.key = key;
    }
}
