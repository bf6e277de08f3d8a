package dev.gort.race.testdata.hooked;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.function.Supplier;

/**
 * Orderings the race detector does not see: this package is not instrumented and these calls no
 * hook, so they make an interleaving certain without adding a happens-before edge. They stand for
 * the {@code time.Sleep} calls of Go's race tests whose verdict needs one interleaving (both
 * goroutines past a point before either goes on; a goroutine parked before its partner comes).
 */
public final class Unseen {
    private Unseen() {}

    /** A barrier of {@code parties}: {@link #arrive()} returns once all have arrived. */
    public static final class Barrier {
        private final CyclicBarrier barrier;

        public Barrier(int parties) {
            barrier = new CyclicBarrier(parties);
        }

        public void arrive() {
            try {
                barrier.await();
            } catch (InterruptedException | BrokenBarrierException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A one-slot mailbox, for handing a Thread to the goroutine that waits for it to park. */
    public static final class Box<T> {
        private volatile T value;

        public void set(T v) {
            value = v;
        }

        /** The value, once set. */
        public T await() {
            T v;
            while ((v = value) == null) {
                Thread.onSpinWait();
            }
            return v;
        }
    }

    /** Returns once {@code t} is parked (waiting, with or without a timeout). */
    public static void parked(Thread t) {
        for (;;) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            if (s == Thread.State.TERMINATED) {
                throw new IllegalStateException(t + " ended instead of parking");
            }
            Thread.onSpinWait();
        }
    }

    /** Runs {@code body} in a thread started and joined here: the detector sees neither edge. */
    public static void onUnseenThread(Runnable body) {
        Thread t = new Thread(body, "unseen");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Static finals built by class initialisers that are not instrumented, the way gort's runtime
     * classes build their slf4j loggers: each holder initialises once, calling {@link #builder}
     * (instrumented code) as it is at that moment.
     */
    public static final class Statics {
        private Statics() {}

        public static Supplier<Object> builder;

        public static final class First {
            private First() {}

            public static final Object VALUE = builder.get();
        }

        public static final class Second {
            private Second() {}

            public static final Object VALUE = builder.get();
        }

        static final class Failing {
            private Failing() {}

            static final Object VALUE = builder.get();
        }

        /**
         * Initialises a holder whose builder throws, from code that is not instrumented (so no
         * instrumented caller's exception handler puts the shadow stack back): true once it failed.
         */
        public static boolean failingInitialiserFails() {
            try {
                return Failing.VALUE == null;
            } catch (ExceptionInInitializerError e) {
                return true;
            }
        }
    }
}
