package dev.gort.sync;

/**
 * Go's {@code sync.Locker}: something that can be locked and unlocked. {@link Mutex} and {@link RWMutex}
 * (its write lock) implement it, and {@link RWMutex#rLocker()} returns one for the read lock, so a
 * {@link Cond} can wait on any of them.
 *
 * <pre>{@code
 * Locker l = new Mutex();
 * l.lock();
 * try { ... } finally { l.unlock(); }
 * }</pre>
 */
public interface Locker {
    /** Blocks until the lock is held; throws {@link dev.gort.GoInterruptedException} if interrupted while blocked. */
    void lock();

    /** Releases the lock; any goroutine or thread may call it, not only the one that locked. */
    void unlock();
}
