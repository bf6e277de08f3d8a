package dev.gort.sync;

import dev.gort.internal.race.Race;
import java.util.Objects;

/**
 * Go's {@code sync.Once}: runs a function exactly once, however many goroutines call {@link #run}.
 *
 * <pre>{@code
 * private final Once once = new Once();
 * private Config config;
 *
 * Config config() {
 *     once.run(() -> config = Config.load());
 *     return config; // every caller sees the loaded config: run returns after f has returned
 * }
 * }</pre>
 *
 * <p>Every {@code run} returns only after the one call of {@code f} has returned (or thrown), and
 * everything {@code f} wrote happens-before that return. If {@code f} throws, the exception
 * propagates to the caller that ran it and the Once is still done: later calls do nothing, as when a
 * Go function passed to {@code once.Do} panics.
 *
 * <p>Calling {@code run} on the same Once from inside {@code f} deadlocks in Go; here it throws
 * {@code IllegalStateException("sync: Once.run called from its own function")}.
 */
public final class Once {
    /** Written true once, only by the goroutine that ran f (in a finally, under mu); read without mu. */
    private volatile boolean done;

    /** Serialises the slow path; the goroutine holding it is running f. */
    private final Mutex mu = new Mutex();

    /** The thread running f, for the recursion check; written only under mu. */
    private Thread runner;

    /** Creates a Once that has not run (Go's zero value). */
    public Once() {}

    /**
     * Runs {@code f} if no call of this method has run a function yet; otherwise waits until that
     * call has returned, then returns.
     *
     * @throws NullPointerException if {@code f} is null, whether or not the Once has run; the Once is
     *     left as it was
     * @throws dev.gort.GoInterruptedException if interrupted while waiting for another goroutine's
     *     {@code f} (this caller's own {@code f} is never interrupted by the Once)
     */
    public void run(Runnable f) {
        // Checked up front, not left to f.run(): a null f would otherwise throw from inside the slow
        // path, after which the Once counts as done and the caller's real function never runs.
        Objects.requireNonNull(f, "f");
        if (done) {
            if (Race.ENABLED) {
                Race.acquire(this); // f happens before every run returns
            }
            return; // the fast path: one volatile read, as Go's atomic load
        }
        runSlow(f);
        if (Race.ENABLED) {
            Race.acquire(this);
        }
    }

    private void runSlow(Runnable f) {
        if (runner == Thread.currentThread()) {
            // A racy read, but it can only be this thread if this thread wrote it under mu.
            throw new IllegalStateException("sync: Once.run called from its own function");
        }
        mu.lock();
        try {
            if (!done) {
                runner = Thread.currentThread();
                try {
                    f.run();
                } finally {
                    runner = null;
                    if (Race.ENABLED) {
                        Race.release(this);
                    }
                    done = true;
                }
            }
        } finally {
            mu.unlock();
        }
    }

    /** Whether the function has run (or thrown). */
    boolean isDone() {
        return done;
    }

    @Override
    public String toString() {
        return "Once[" + (done ? "done" : "not done") + "]";
    }
}
