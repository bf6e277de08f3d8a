package dev.gort.sync.internal;

import dev.gort.internal.park.CancelSignal;
import dev.gort.sync.ErrGroup;
import dev.gort.sync.Semaphore;
import dev.gort.sync.WaitGroup;
import java.util.function.Consumer;

/**
 * The door from other gort modules (context) into sync's package-private entry points, in the style
 * of the JDK's {@code SharedSecrets}: {@code dev.gort.sync} installs the implementation when its
 * classes initialise, and callers reach it through {@link #get()}.
 *
 * <p>Not for users: {@code internal} packages carry no compatibility promise.
 */
public final class SyncAccess {
    /** What sync offers the context module. */
    public interface Access {
        /**
         * {@code sem.acquire(n)} that also gives up when {@code cancel} fires.
         *
         * @return true if acquired; false if canceled first (nothing is then held; a cancel that
         *     is already signalled wins even if the semaphore is free, as in Go)
         * @throws dev.gort.GoInterruptedException if interrupted (nothing is then held)
         */
        boolean acquire(Semaphore sem, long n, CancelSignal cancel);

        /**
         * {@code wg.await()} that also gives up when {@code cancel} fires.
         *
         * @return 0 if the counter reached zero; {@code WaitNode.CANCELED} if canceled first
         * @throws dev.gort.GoInterruptedException if interrupted
         */
        int await(WaitGroup wg, CancelSignal cancel);

        /**
         * {@code g.await()} that also gives up when {@code cancel} fires.
         *
         * @return true once every goroutine of the group returned (after rethrowing the first
         *     failure, as {@code await} does); false if canceled first
         */
        boolean await(ErrGroup g, CancelSignal cancel);

        /**
         * A new ErrGroup that calls {@code onFirstFailure} once: with the first failure as it
         * happens, or with null when {@code await} returns without one (Go's errgroup calls its
         * context's cancel at both points).
         */
        ErrGroup newErrGroup(Consumer<Throwable> onFirstFailure);
    }

    private static volatile Access access;

    private SyncAccess() {}

    /** Installed once by {@code dev.gort.sync}; a second call is refused. */
    public static synchronized void set(Access a) {
        if (access != null) {
            throw new IllegalStateException("SyncAccess already set");
        }
        access = a;
    }

    /** The implementation, initialising {@code dev.gort.sync} if nobody has yet. */
    public static Access get() {
        Access a = access;
        if (a == null) {
            try {
                Class.forName(Semaphore.class.getName(), true, Semaphore.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        return a;
    }
}
