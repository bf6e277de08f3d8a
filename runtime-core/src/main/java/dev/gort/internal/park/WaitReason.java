package dev.gort.internal.park;

/**
 * Why a goroutine is parked, in Go's words: what a goroutine dump prints between the brackets
 * ({@code goroutine 18 [chan receive]:}). The caller of {@link Park#park} names it, as Go's callers
 * of {@code gopark} pass a {@code waitReason}; nothing guesses it from stack frames.
 */
public enum WaitReason {
    CHAN_RECEIVE("chan receive"),
    CHAN_SEND("chan send"),
    /** A one-case select on a nil channel: Go compiles it to a plain receive on nil. */
    CHAN_RECEIVE_NIL("chan receive (nil chan)"),
    /** A one-case select on a nil channel: Go compiles it to a plain send on nil. */
    CHAN_SEND_NIL("chan send (nil chan)"),
    SELECT("select"),
    SELECT_NO_CASES("select (no cases)"),
    SLEEP("sleep"),
    SYNC_MUTEX_LOCK("sync.Mutex.Lock"),
    SYNC_RWMUTEX_RLOCK("sync.RWMutex.RLock"),
    SYNC_RWMUTEX_LOCK("sync.RWMutex.Lock"),
    SYNC_WAITGROUP_WAIT("sync.WaitGroup.Wait"),
    SYNC_COND_WAIT("sync.Cond.Wait"),
    SEMACQUIRE("semacquire");

    private final String text;

    WaitReason(String text) {
        this.text = text;
    }

    /** Go's text for this reason, e.g. {@code "chan receive"}. */
    @Override
    public String toString() {
        return text;
    }
}
