package dev.gort.race.testdata.hooked;

import dev.gort.internal.race.Race;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/** The miniature runtime: {@link #go}, {@link Chan}, {@link Mutex}, {@link WaitGroup}. */
public final class Hooked {
    private Hooked() {}

    /** Go's {@code go}: the creator's goCreate, the goroutine's goStart first and goEnd last. */
    public static void go(Runnable body) {
        Object token = Race.goCreate();
        Thread t = new Thread(() -> {
            Race.goStart(token);
            try {
                body.run();
            } finally {
                Race.goEnd();
            }
        });
        t.start();
    }

    /** A goroutine parked in a channel operation: what a waker finds it by and hands it. */
    static final class Waiter {
        final Thread thread = Thread.currentThread();
        Object elem;
        boolean success;
        volatile boolean done;

        void await() {
            while (!done) {
                LockSupport.park(this);
            }
        }

        void wake(boolean ok) {
            success = ok;
            done = true;
            LockSupport.unpark(thread);
        }
    }

    /**
     * Go's hchan with its race calls: buffer slot {@code i} is address {@code (chan, i)} (Go's
     * chanbuf(c, i)), released-and-acquired at every send into it and receive from it; an unbuffered
     * channel synchronises both ways through slot 0 (Go's racesync); close is address
     * {@code (chan, CLOSE)}.
     */
    public static final class Chan {
        /** The slot of Go's c.raceaddr(): close releases it, a receive that sees the close acquires it. */
        public static final long CLOSE = -1;

        private final Object[] buf;
        private int sendx;
        private int recvx;
        private int count;
        private boolean closed;
        private final ArrayDeque<Waiter> recvq = new ArrayDeque<>();
        private final ArrayDeque<Waiter> sendq = new ArrayDeque<>();
        private final ReentrantLock lock = new ReentrantLock();

        public Chan(int cap) {
            buf = new Object[cap];
        }

        public void send(Object v) {
            Race.read(this, CLOSE); // Go's racereadpc(c.raceaddr()): a send races with an unordered close
            lock.lock();
            if (closed) {
                lock.unlock();
                throw new IllegalStateException("send on closed channel");
            }
            Waiter r = recvq.poll();
            if (r != null) {
                if (buf.length == 0) {
                    sync(r);
                } else {
                    // Buffered, a receiver waiting: the buffer is empty; the value passes through slot recvx.
                    throughHeadSlot(r);
                }
                r.elem = v;
                lock.unlock();
                r.wake(true);
                return;
            }
            if (count < buf.length) {
                Race.releaseAcquire(this, sendx);
                buf[sendx] = v;
                sendx = (sendx + 1) % buf.length;
                count++;
                lock.unlock();
                return;
            }
            Waiter w = new Waiter();
            w.elem = v;
            sendq.add(w);
            Race.parking(w);
            lock.unlock();
            w.await();
            Race.resumed(w);
            if (!w.success) {
                Race.acquire(this, CLOSE);
                throw new IllegalStateException("send on closed channel");
            }
        }

        /** The value, or null when closed and drained. */
        public Object recv() {
            lock.lock();
            if (closed && count == 0) {
                lock.unlock();
                Race.acquire(this, CLOSE);
                return null;
            }
            Waiter s = sendq.poll();
            if (s != null) {
                Object v;
                if (buf.length == 0) {
                    sync(s);
                    v = s.elem;
                } else {
                    // Full buffer: take the head; the sender's value goes into the slot just freed.
                    v = buf[recvx];
                    buf[recvx] = s.elem;
                    throughHeadSlot(s);
                }
                lock.unlock();
                s.wake(true);
                return v;
            }
            if (count > 0) {
                Race.releaseAcquire(this, recvx);
                Object v = buf[recvx];
                buf[recvx] = null;
                recvx = (recvx + 1) % buf.length;
                count--;
                lock.unlock();
                return v;
            }
            Waiter w = new Waiter();
            recvq.add(w);
            Race.parking(w);
            lock.unlock();
            w.await();
            Race.resumed(w);
            if (!w.success) {
                Race.acquire(this, CLOSE);
                return null;
            }
            return w.elem;
        }

        public void close() {
            Race.write(this, CLOSE); // Go's racewritepc(c.raceaddr())
            Race.release(this, CLOSE);
            lock.lock();
            closed = true;
            ArrayDeque<Waiter> wake = new ArrayDeque<>(recvq);
            wake.addAll(sendq);
            recvq.clear();
            sendq.clear();
            lock.unlock();
            for (Waiter w : wake) {
                w.wake(false);
            }
        }

        /**
         * A buffered operation that meets a parked partner (Go's send() and recv() with a sudog):
         * both sides pass through the head slot, this goroutine first, then the partner.
         */
        private void throughHeadSlot(Waiter partner) {
            Race.releaseAcquire(this, recvx);
            Race.releaseAcquireFor(partner, this, recvx);
            recvx = (recvx + 1) % buf.length;
            sendx = recvx;
        }

        /** Go's racesync: the send and the receive of an unbuffered channel order each other. */
        private void sync(Waiter partner) {
            Race.release(this, 0);
            Race.acquireFor(partner, this, 0);
            Race.releaseFor(partner, this, 0);
            Race.acquire(this, 0);
        }
    }

    /** gort's Mutex: acquire after locking, release before unlocking. */
    public static final class Mutex {
        private final AtomicBoolean held = new AtomicBoolean();

        public void lock() {
            while (!held.compareAndSet(false, true)) {
                Thread.onSpinWait();
            }
            Race.acquire(this);
        }

        public void unlock() {
            Race.release(this);
            held.set(false);
        }
    }

    /** Go's WaitGroup: a decrement release-merges, await acquires; add from zero reads the state. */
    public static final class WaitGroup {
        /** Address of the counter's state, for Go's Add-concurrent-with-Wait misuse check. */
        public static final long STATE = 1;
        private final AtomicInteger n = new AtomicInteger();

        public void add(int delta) {
            if (delta < 0) {
                Race.releaseMerge(this);
            }
            int v = n.addAndGet(delta);
            if (delta > 0 && v == delta) {
                Race.read(this, STATE);
            }
        }

        public void done() {
            add(-1);
        }

        public void await() {
            while (n.get() != 0) {
                Thread.onSpinWait();
            }
            Race.acquire(this);
        }
    }
}
