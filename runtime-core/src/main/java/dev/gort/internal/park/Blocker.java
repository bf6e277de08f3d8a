package dev.gort.internal.park;

/**
 * Something a goroutine can be parked on that knows why, in Go's words. {@link WaitNode} is one (every
 * wait of the blocking layer parks on its node); so are the synchronizers of gort's AQS-based locks,
 * which park on themselves inside {@code AbstractQueuedSynchronizer}. The goroutine dump and the
 * deadlock detector ask {@code LockSupport.getBlocker(thread)} for one of these.
 */
public interface Blocker {
    /** The wait reason of {@code waiter}, which is parked on this blocker (or was a moment ago). */
    WaitReason waitReason(Thread waiter);

    /**
     * When the wait began, in {@link Clock#seconds()}; {@link Clock#UNKNOWN} if this blocker does not
     * record it.
     */
    default int waitingSince() {
        return Clock.UNKNOWN;
    }
}
