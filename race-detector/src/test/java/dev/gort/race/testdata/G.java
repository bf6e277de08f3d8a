package dev.gort.race.testdata;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;

/**
 * What the translated Go tests use for {@code go f()} and {@code make(chan T, n)} in plain Java: a
 * started thread, and a channel made of a BlockingQueue (a put happens before the take that
 * removes it: the JMM's edge for concurrent collections, and Go's send-before-receive). Close is a
 * marker that a receive puts back for the next receiver.
 */
final class G {
    private static final Object CLOSED = new Object();

    private G() {}

    /** {@code go r()}: a platform thread, started. */
    static Thread go(Runnable r) {
        Thread t = new Thread(r);
        t.start();
        return t;
    }

    static void join(Thread... threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A channel over a BlockingQueue: capacity 0 is a SynchronousQueue. */
    static final class Ch {
        private final BlockingQueue<Object> q;

        Ch(int cap) {
            q = cap == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(cap + 1);
        }

        void send(Object v) {
            try {
                q.put(v);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The value, or null once closed. */
        Object recv() {
            try {
                Object v = q.take();
                if (v == CLOSED) {
                    q.offer(CLOSED);
                    return null;
                }
                return v;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        void close() {
            send(CLOSED);
        }
    }

    static Ch make(int cap) {
        return new Ch(cap);
    }
}
