package dev.gort.race.testdata;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;
import dev.gort.chan.ChanSubscriber;
import dev.gort.chan.Flows;
import dev.gort.chan.Received;
import dev.gort.chan.RecvChan;
import dev.gort.chan.Select;
import dev.gort.chan.Ticker;
import dev.gort.chan.Time;
import dev.gort.chan.Timer;
import dev.gort.context.CancelableContext;
import dev.gort.context.Chans;
import dev.gort.context.Context;
import dev.gort.context.ErrGroups;
import dev.gort.context.Semaphores;
import dev.gort.context.WaitGroups;
import dev.gort.race.testdata.hooked.Unseen;
import dev.gort.sync.Cond;
import dev.gort.sync.ErrGroup;
import dev.gort.sync.Mutex;
import dev.gort.sync.RWMutex;
import dev.gort.sync.Semaphore;
import dev.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * Each edge of the Go memory model through gort, one case per way the operation completes: with
 * the partner already parked (the peer does the parked goroutine's part of the edge) or not, through
 * a buffer, a close, a select, a timer, a timed or context-aware wait; and the racy counterparts
 * (what is not an edge: a timed-out wait, a sleep, a buffered send's later writes). Orderings that
 * must not themselves be edges use {@link Unseen}. Lines that race end with RACE.
 */
final class GortEdgeCases {
    private GortEdgeCases() {}

    static final class Box {
        int v;
        long count;
    }

    static final Duration LONG = Duration.ofSeconds(30);

    /** Starts {@code body} in a goroutine; returns its thread, for {@link Unseen#parked}. */
    private static Thread go(Runnable body) {
        Unseen.Box<Thread> self = new Unseen.Box<>();
        Go.go(() -> {
            self.set(Thread.currentThread());
            body.run();
        });
        return self.await();
    }

    // ---- unbuffered channels: each side parked first

    static void testNoRaceChanSyncReceiverParked() {
        // send -> receive, with the receiver parked when the value is handed over
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            c.recv();
            b.v++;
            done.send(true);
        });
        Unseen.parked(r);
        b.v = 1;
        c.send(0);
        done.recv();
    }

    static void testNoRaceChanSyncSenderParked() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Thread s = go(() -> {
            b.v = 1;
            c.send(0);
        });
        Unseen.parked(s);
        c.recv();
        b.v = 2;
    }

    static void testNoRaceChanSyncRevReceiverParked() {
        // the receive happens before the send completes, the receiver parked first
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            b.v = 1;
            c.recv();
            done.send(true);
        });
        Unseen.parked(r);
        c.send(0);
        b.v = 2;
        done.recv();
    }

    static void testNoRaceChanSyncRevSenderParked() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread s = go(() -> {
            c.send(0);
            b.v = 2;
            done.send(true);
        });
        Unseen.parked(s);
        b.v = 1;
        c.recv();
        done.recv();
    }

    // ---- buffered channels

    static void testNoRaceChanAsyncReceiverParked() {
        // a buffered send to a parked receiver: the value goes through the head slot
        Box b = new Box();
        Chan<Integer> c = Chan.make(4);
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            c.recv();
            b.v++;
            done.send(true);
        });
        Unseen.parked(r);
        b.v = 1;
        c.send(0);
        done.recv();
    }

    static void testNoRaceChanAsyncSenderParkedOnFull() {
        // the parked sender's value moves into the freed slot; its receive orders the send
        Box b = new Box();
        Chan<Integer> c = Chan.make(1);
        c.send(0);
        Thread s = go(() -> {
            b.v = 1;
            c.send(1);
        });
        Unseen.parked(s);
        c.recv();
        c.recv();
        b.v = 2;
    }

    static void testNoRaceChanAsyncKthReceiveParkedSender() {
        // the 1st receive happens before the (1+C)-th send completes, C = 1, the sender parked
        Box b = new Box();
        Chan<Integer> c = Chan.make(1);
        Chan<Boolean> done = Chan.make(1);
        c.send(0);
        Thread s = go(() -> {
            c.send(1);
            b.v = 2;
            done.send(true);
        });
        Unseen.parked(s);
        b.v = 1;
        c.recv();
        done.recv();
    }

    static void testRaceChanAsyncKthReceiveTooEarly() {
        // the 1st receive orders the (1+C)-th send, not the C-th: C = 2, the 2nd send is free
        Box b = new Box();
        Chan<Integer> c = Chan.make(2);
        Chan<Boolean> done = Chan.make(1);
        c.send(0);
        Go.go(() -> {
            c.send(1);
            b.v = 2; // RACE
            done.send(true);
        });
        b.v = 1; // RACE
        c.recv();
        done.recv();
    }

    static void testNoRaceChanAsyncFifoOfSenders() {
        // values from several senders each carry their own sender's writes
        Box[] boxes = {new Box(), new Box(), new Box()};
        Chan<Integer> c = Chan.make(2);
        for (int i = 0; i < boxes.length; i++) {
            int k = i;
            Go.go(() -> {
                boxes[k].v = k + 1;
                c.send(k);
            });
        }
        for (int i = 0; i < boxes.length; i++) {
            int k = c.recv();
            boxes[k].v *= 10;
        }
    }

    static void testRaceChanAsyncWrongBox() {
        // a receive orders the send of the value it received, not another sender's
        Box[] boxes = {new Box(), new Box()};
        Chan<Integer> c = Chan.make(2);
        Chan<Boolean> done = Chan.make(2);
        Unseen.Barrier sent = new Unseen.Barrier(3);
        for (int i = 0; i < boxes.length; i++) {
            int k = i;
            Go.go(() -> {
                boxes[k].v = k + 1; // RACE
                c.send(k);
                sent.arrive();
                done.send(true);
            });
        }
        sent.arrive();
        int k = c.recv();
        boxes[1 - k].v = 0; // RACE
        c.recv();
        done.recv();
        done.recv();
    }

    // ---- close

    static void testNoRaceChanCloseParkedReceiver() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            c.recvOk();
            b.v++;
            done.send(true);
        });
        Unseen.parked(r);
        b.v = 1;
        c.close();
        done.recv();
    }

    static void testRaceChanCloseParkedSender() {
        // closing a channel a sender is blocked on races with that send, as in Go (the sender then
        // panics, after the close: its later write is ordered)
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread s = go(() -> {
            try {
                c.send(0); // RACE
            } catch (ChanClosedException e) {
                b.v++;
            }
            done.send(true);
        });
        Unseen.parked(s);
        b.v = 1;
        c.close(); // RACE
        done.recv();
    }

    static void testNoRaceChanCloseDrainBuffer() {
        // buffered values, then the close: each seen in order
        Box b = new Box();
        Chan<Integer> c = Chan.make(3);
        Go.go(() -> {
            c.send(1);
            b.v = 1;
            c.close();
        });
        long sum = 0;
        for (int x : c) {
            sum += x;
        }
        b.v = 2;
        b.count = sum;
    }

    static void testRaceChanSendClose() {
        // Go reports a send that races a close (the send may panic, or not)
        Chan<Integer> c = Chan.make(1);
        Chan<Boolean> done = Chan.make(2);
        Unseen.Barrier both = new Unseen.Barrier(2);
        Go.go(() -> {
            both.arrive();
            try {
                c.send(1); // RACE
            } catch (ChanClosedException e) {
                // the close came first: Go panics
            }
            done.send(true);
        });
        Go.go(() -> {
            both.arrive();
            c.close(); // RACE
            done.send(true);
        });
        done.recv();
        done.recv();
    }

    static void testNoRaceChanSendThenClose() {
        Chan<Integer> c = Chan.make(1);
        Chan<Boolean> sent = Chan.make();
        Go.go(() -> {
            c.send(1);
            sent.send(true);
        });
        sent.recv();
        c.close();
        c.recv();
    }

    static void testRaceChanCloseNotObserved() {
        // a receive that got a value, not the close, is not ordered after the close
        Box b = new Box();
        Chan<Integer> c = Chan.make(1);
        Chan<Boolean> done = Chan.make(1);
        c.send(5);
        Go.go(() -> {
            b.v = 1; // RACE
            c.close();
            done.send(true);
        });
        c.recv();
        b.v = 2; // RACE
        done.recv();
    }

    // ---- timed and non-blocking channel forms

    static void testNoRaceChanRecvTimed() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            Received<Integer> got = c.recv(LONG);
            if (got == null) {
                throw new IllegalStateException("timed out");
            }
            b.v++;
            done.send(true);
        });
        Unseen.parked(r);
        b.v = 1;
        c.send(0);
        done.recv();
    }

    static void testRaceChanRecvTimedOut() {
        // a receive that timed out received nothing: no edge
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            b.v = 1; // RACE
            done.send(true);
        });
        if (c.recv(Duration.ofMillis(1)) != null) {
            throw new IllegalStateException("received from a channel nobody sends on");
        }
        b.v = 2; // RACE
        done.recv();
    }

    static void testNoRaceChanTrySendTimed() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Thread s = go(() -> {
            b.v = 1;
            if (!c.trySend(0, LONG)) {
                throw new IllegalStateException("timed out");
            }
        });
        Unseen.parked(s);
        c.recv();
        b.v = 2;
    }

    static void testNoRaceChanTryRecv() {
        Box b = new Box();
        Chan<Integer> c = Chan.make(1);
        Chan<Boolean> sent = Chan.make();
        Go.go(() -> {
            b.v = 1;
            c.trySend(0);
            sent.send(true);
        });
        sent.recv();
        if (c.tryRecv() == null) {
            throw new IllegalStateException("the value was sent before");
        }
        b.v = 2;
    }

    // ---- select: each case is its operation

    static void testNoRaceSelectRecvFromParkedSender() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Integer> other = Chan.make();
        Thread s = go(() -> {
            b.v = 1;
            c.send(0);
        });
        Unseen.parked(s);
        Select.select(Select.recv(c), Select.recv(other));
        b.v = 2;
    }

    static void testNoRaceSelectSendToParkedReceiver() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Integer> other = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            c.recv();
            b.v++;
            done.send(true);
        });
        Unseen.parked(r);
        b.v = 1;
        Select.select(Select.send(c, 0), Select.recv(other));
        done.recv();
    }

    static void testNoRaceSelectParkedRecv() {
        // the select parks; a plain send completes its receive case
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Integer> other = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            Select.select(Select.recv(other), Select.recv(c));
            b.v++;
            done.send(true);
        });
        Unseen.parked(r);
        b.v = 1;
        c.send(0);
        done.recv();
    }

    static void testNoRaceSelectParkedSend() {
        // the select parks on a send case; a plain receive completes it, and (unbuffered) the
        // receive happens before the send completes
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Integer> other = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread s = go(() -> {
            Select.select(Select.recv(other), Select.send(c, 0));
            b.count = b.v;
            done.send(true);
        });
        Unseen.parked(s);
        b.v = 1;
        c.recv();
        done.recv();
    }

    static void testRaceSelectParkedSendNotYet() {
        // the receive happens before the send completes: the write after it is not before the send
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Integer> other = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread s = go(() -> {
            Select.select(Select.recv(other), Select.send(c, 0));
            b.v = 1; // RACE
            done.send(true);
        });
        Unseen.parked(s);
        c.recv();
        b.v = 2; // RACE
        done.recv();
    }

    static void testNoRaceSelectParkedClose() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Integer> other = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            Select.select(Select.recv(c), Select.recv(other));
            b.v++;
            done.send(true);
        });
        Unseen.parked(r);
        b.v = 1;
        c.close();
        done.recv();
    }

    static void testNoRaceSelectClosedReady() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        Chan<Boolean> closed = Chan.make();
        Go.go(() -> {
            b.v = 1;
            c.close();
            closed.send(true);
        });
        closed.recv();
        Chan<Integer> other = Chan.make();
        Select.select(Select.recv(c), Select.recv(other));
        b.v = 2;
    }

    static void testNoRaceSelectBufferedSend() {
        Box b = new Box();
        Chan<Integer> c = Chan.make(1);
        Chan<Integer> other = Chan.make();
        Go.go(() -> {
            b.v = 1;
            Select.select(Select.send(c, 0), Select.recv(other));
        });
        c.recv();
        b.v = 2;
    }

    static void testRaceSelectSendClose() {
        Chan<Integer> c = Chan.make(1);
        Chan<Integer> other = Chan.make();
        Chan<Boolean> done = Chan.make(2);
        Unseen.Barrier both = new Unseen.Barrier(2);
        Go.go(() -> {
            both.arrive();
            try {
                Select.select(Select.send(c, 1), Select.recv(other)); // RACE
            } catch (ChanClosedException e) {
                // the close came first
            }
            done.send(true);
        });
        Go.go(() -> {
            both.arrive();
            c.close(); // RACE
            done.send(true);
        });
        done.recv();
        done.recv();
    }

    // ---- Mutex and RWMutex: every way to lock

    static void testNoRaceMutexTryLock() {
        Mutex mu = new Mutex();
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 2; i++) {
            wg.go(() -> {
                int got = 0;
                while (got < 100) {
                    if (mu.tryLock()) {
                        b.count++;
                        got++;
                        mu.unlock();
                    }
                }
            });
        }
        wg.await();
    }

    static void testNoRaceMutexTimedTryLockContended() {
        // the timed lock waits for the holder's unlock
        Mutex mu = new Mutex();
        Box b = new Box();
        mu.lock();
        Chan<Boolean> done = Chan.make(1);
        Thread w = go(() -> {
            if (!mu.tryLock(LONG)) {
                throw new IllegalStateException("timed out");
            }
            b.v++;
            mu.unlock();
            done.send(true);
        });
        Unseen.parked(w);
        b.v = 1;
        mu.unlock();
        done.recv();
    }

    static void testRaceMutexTimedTryLockFailed() {
        // a timed lock that gave up holds nothing and orders nothing
        Mutex mu = new Mutex();
        Box b = new Box();
        Chan<Boolean> locked = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Chan<Boolean> release = Chan.make();
        Go.go(() -> {
            mu.lock();
            locked.send(true);
            b.v = 1; // RACE
            release.recv();
            mu.unlock();
            done.send(true);
        });
        locked.recv();
        if (mu.tryLock(Duration.ofMillis(1))) {
            throw new IllegalStateException("locked a held mutex");
        }
        b.v = 2; // RACE
        release.send(true);
        done.recv();
    }

    static void testNoRaceMutexContended() {
        // the waiter parks in lock(); the unlock hands it the lock
        Mutex mu = new Mutex();
        Box b = new Box();
        mu.lock();
        Chan<Boolean> done = Chan.make(1);
        Thread w = go(() -> {
            mu.lock();
            b.v++;
            mu.unlock();
            done.send(true);
        });
        Unseen.parked(w);
        b.v = 1;
        mu.unlock();
        done.recv();
    }

    static void testNoRaceRWMutexWriterThenReaders() {
        RWMutex mu = new RWMutex();
        Box b = new Box();
        mu.lock();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 2; i++) {
            wg.go(() -> {
                mu.rLock();
                if (b.v != 1) {
                    throw new IllegalStateException("read before the writer's unlock");
                }
                mu.rUnlock();
            });
        }
        b.v = 1;
        mu.unlock();
        wg.await();
    }

    static void testNoRaceRWMutexReadersThenWriter() {
        // both readers' reads happen before the writer's lock returns (they hold the read lock)
        RWMutex mu = new RWMutex();
        Box b = new Box();
        int[] seen = new int[2];
        Unseen.Barrier bothRead = new Unseen.Barrier(3);
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 2; i++) {
            int k = i;
            wg.go(() -> {
                mu.rLock();
                seen[k] = b.v;
                bothRead.arrive();
                mu.rUnlock();
            });
        }
        wg.go(() -> {
            bothRead.arrive();
            mu.lock();
            b.v = 1;
            mu.unlock();
        });
        wg.await();
    }

    static void testRaceRWMutexReaderWrites() {
        // a write under the read lock races with another reader's write
        RWMutex mu = new RWMutex();
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        Unseen.Barrier both = new Unseen.Barrier(2);
        for (int i = 0; i < 2; i++) {
            wg.go(() -> {
                mu.rLock();
                both.arrive();
                b.count++; // RACE
                mu.rUnlock();
            });
        }
        wg.await();
    }

    static void testNoRaceRWMutexTryLocks() {
        RWMutex mu = new RWMutex();
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        wg.go(() -> {
            int n = 0;
            while (n < 50) {
                if (mu.tryLock()) {
                    b.v++;
                    n++;
                    mu.unlock();
                }
            }
        });
        wg.go(() -> {
            int n = 0;
            while (n < 50) {
                if (mu.tryRLock()) {
                    b.count += b.v >= 0 ? 0 : 1;
                    n++;
                    mu.rUnlock();
                }
            }
        });
        wg.await();
    }

    // ---- WaitGroup: untimed, timed, with a context; ErrGroup

    static void testNoRaceWaitGroupParkedAwait() {
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Chan<Boolean> done = Chan.make(1);
        Thread w = go(() -> {
            wg.await();
            b.v++;
            done.send(true);
        });
        Unseen.parked(w);
        b.v = 1;
        wg.done();
        done.recv();
    }

    static void testNoRaceWaitGroupTimedAwait() {
        long[] parts = new long[2];
        WaitGroup wg = new WaitGroup();
        wg.add(parts.length);
        for (int i = 0; i < parts.length; i++) {
            int k = i;
            Go.go(() -> {
                parts[k] = k + 1;
                wg.done();
            });
        }
        if (!wg.await(LONG)) {
            throw new IllegalStateException("timed out");
        }
        parts[0] += parts[1];
    }

    static void testRaceWaitGroupTimedOut() {
        // an await that timed out is not ordered after anything
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Chan<Boolean> release = Chan.make();
        Go.go(() -> {
            b.v = 1; // RACE
            release.recv();
            wg.done();
        });
        if (wg.await(Duration.ofMillis(1))) {
            throw new IllegalStateException("the counter cannot be zero yet");
        }
        b.v = 2; // RACE
        release.send(true);
        wg.await();
    }

    static void testNoRaceWaitGroupsAwaitCtx() {
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Go.go(() -> {
            b.v = 1;
            wg.done();
        });
        WaitGroups.await(Context.background(), wg);
        b.v = 2;
    }

    static void testRaceWaitGroupAddAwait() {
        // Go's misuse check: an add from zero racing an await
        WaitGroup wg = new WaitGroup();
        Chan<Boolean> done = Chan.make(1);
        wg.add(1);
        Thread w = go(() -> {
            wg.await(); // RACE
            done.send(true);
        });
        Unseen.parked(w);
        wg.done();
        // reused before the await returned: Go reports this add with the await
        wg.add(1); // RACE
        wg.done();
        done.recv();
    }

    static void testNoRaceErrGroupAwait() {
        ErrGroup g = new ErrGroup();
        long[] parts = new long[3];
        for (int i = 0; i < parts.length; i++) {
            int k = i;
            g.go(() -> {
                parts[k] = k + 1;
                return null;
            });
        }
        g.await();
        if (parts[0] + parts[1] + parts[2] != 6) {
            throw new IllegalStateException("lost a part");
        }
    }

    static void testNoRaceErrGroupsAwaitCtx() {
        ErrGroup g = new ErrGroup();
        Box b = new Box();
        g.go(() -> {
            b.v = 1;
            return null;
        });
        ErrGroups.await(Context.background(), g);
        b.v = 2;
    }

    static void testNoRaceGoSubmitGet() throws Exception {
        Box b = new Box();
        CompletableFuture<Integer> f = Go.submit(() -> {
            b.v = 1;
            return 7;
        });
        int r = f.get();
        b.v = r;
    }

    // ---- Cond: broadcast; Semaphore: timed and context-aware acquire

    static void testNoRaceCondBroadcast() {
        Mutex mu = new Mutex();
        Cond cond = new Cond(mu);
        Box b = new Box();
        boolean[] go = {false};
        int[] seen = new int[3];
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < seen.length; i++) {
            int k = i;
            wg.go(() -> {
                mu.lock();
                while (!go[0]) {
                    cond.await();
                }
                mu.unlock();
                seen[k] = b.v;
            });
        }
        b.v = 5;
        mu.lock();
        go[0] = true;
        mu.unlock();
        cond.broadcast();
        wg.await();
    }

    static void testNoRaceCondSignalWithoutLock() {
        // signal outside the lock: its edge, not the mutex's, orders the waiter's later read
        Mutex mu = new Mutex();
        Cond cond = new Cond(mu);
        Box b = new Box();
        Chan<Boolean> done = Chan.make(1);
        Thread w = go(() -> {
            mu.lock();
            cond.await();
            mu.unlock();
            b.v++;
            done.send(true);
        });
        Unseen.parked(w);
        b.v = 1;
        cond.signal();
        done.recv();
    }

    static void testNoRaceSemaphoreParked() {
        Semaphore sem = new Semaphore(1);
        Box b = new Box();
        sem.acquire(1);
        Chan<Boolean> done = Chan.make(1);
        Thread w = go(() -> {
            sem.acquire(1);
            b.v++;
            sem.release(1);
            done.send(true);
        });
        Unseen.parked(w);
        b.v = 1;
        sem.release(1);
        done.recv();
    }

    static void testNoRaceSemaphoreTimedAndTry() {
        Semaphore sem = new Semaphore(1);
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        wg.go(() -> {
            for (int i = 0; i < 50; i++) {
                if (!sem.tryAcquire(1, LONG)) {
                    throw new IllegalStateException("timed out");
                }
                b.count++;
                sem.release(1);
            }
        });
        wg.go(() -> {
            int n = 0;
            while (n < 50) {
                if (sem.tryAcquire(1)) {
                    b.count++;
                    n++;
                    sem.release(1);
                }
            }
        });
        wg.await();
    }

    static void testNoRaceSemaphoresAcquireCtx() {
        Semaphore sem = new Semaphore(1);
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 3; i++) {
            wg.go(() -> {
                Semaphores.acquire(Context.background(), sem, 1);
                b.count++;
                sem.release(1);
            });
        }
        wg.await();
    }

    static void testRaceSemaphoreTooLarge() {
        Semaphore sem = new Semaphore(2);
        Box b = new Box();
        WaitGroup wg = new WaitGroup();
        Unseen.Barrier both = new Unseen.Barrier(2);
        for (int i = 0; i < 2; i++) {
            wg.go(() -> {
                sem.acquire(1);
                both.arrive();
                b.count++; // RACE
                sem.release(1);
            });
        }
        wg.await();
    }

    // ---- context: every way to observe a cancel

    static void testNoRaceContextErr() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Box b = new Box();
        Go.go(() -> {
            b.v = 1;
            ctx.cancel();
        });
        while (ctx.err() == null) {
            Thread.onSpinWait();
        }
        b.v = 2;
    }

    static void testNoRaceContextDoneAfterCancel() {
        // done() first asked after the cancel: the shared closed channel, and still the edge
        CancelableContext ctx = Context.withCancel(Context.background());
        Box b = new Box();
        Unseen.Barrier canceled = new Unseen.Barrier(2);
        Go.go(() -> {
            b.v = 1;
            ctx.cancel();
            canceled.arrive();
        });
        canceled.arrive();
        ctx.done().recv();
        b.v = 2;
    }

    static void testNoRaceContextChildCanceled() {
        CancelableContext parent = Context.withCancel(Context.background());
        Context child = Context.withValue(Context.withCancel(parent), Context.Key.of("k"), "v");
        Box b = new Box();
        Go.go(() -> {
            b.v = 1;
            parent.cancel();
        });
        child.done().recv();
        b.v = 2;
    }

    static void testNoRaceContextCause() {
        CancelableContext ctx = Context.withCancelCause(Context.background());
        Box b = new Box();
        Unseen.Barrier canceled = new Unseen.Barrier(2);
        Go.go(() -> {
            b.v = 1;
            ctx.cancel(new IllegalStateException("stop"));
            canceled.arrive();
        });
        canceled.arrive();
        if (Context.cause(ctx) == null) {
            throw new IllegalStateException("no cause after the cancel");
        }
        b.v = 2;
    }

    static void testNoRaceContextAfterFunc() {
        CancelableContext ctx = Context.withCancel(Context.background());
        Box b = new Box();
        Chan<Boolean> done = Chan.make(1);
        Context.afterFunc(ctx, () -> {
            b.v++;
            done.send(true);
        });
        b.v = 1;
        ctx.cancel();
        done.recv();
    }

    static void testNoRaceContextTimeout() {
        // the deadline's timer cancels: the context's creation happens before the cancel (the
        // goroutine gets the context outside the detector's sight)
        Box b = new Box();
        Unseen.Box<Context> box = new Unseen.Box<>();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            box.await().done().recv();
            b.v++;
            done.send(true);
        });
        b.v = 1;
        CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1));
        box.set(ctx);
        done.recv();
        ctx.cancel();
    }

    static void testNoRaceChansRecvCtx() {
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        CancelableContext ctx = Context.withCancel(Context.background());
        Go.go(() -> {
            b.v = 1;
            c.send(0);
        });
        Chans.recv(ctx, c);
        b.v = 2;
        ctx.cancel();
    }

    static void testNoRaceChansSendCanceled() {
        // a send given up for the context: its failure is observed after the cancel
        Box b = new Box();
        Chan<Integer> c = Chan.make();
        CancelableContext ctx = Context.withCancel(Context.background());
        Go.go(() -> {
            b.v = 1;
            ctx.cancel();
        });
        if (Chans.sendOrDone(ctx, c, 0)) {
            throw new IllegalStateException("sent with no receiver");
        }
        b.v = 2;
    }

    static void testRaceContextNotObserved() {
        // a cancel nobody observed orders nothing
        CancelableContext ctx = Context.withCancel(Context.background());
        Box b = new Box();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            b.v = 1; // RACE
            ctx.cancel();
            done.send(true);
        });
        b.v = 2; // RACE
        done.recv();
    }

    // ---- timers: a firing orders what its channel delivers or its function does; a sleep orders nothing

    static void testNoRaceTimerReset() {
        // written after the timer was made, before the reset that arms it
        Box b = new Box();
        Timer t = Time.timer(Duration.ofHours(1));
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            t.c().recv();
            b.v++;
            done.send(true);
        });
        b.v = 1;
        t.reset(Duration.ofMillis(1));
        done.recv();
    }

    static void testNoRaceTimeAfter() {
        // the goroutine gets the channel outside the detector's sight: only the timer orders it
        Box b = new Box();
        Unseen.Box<RecvChan<Instant>> after = new Unseen.Box<>();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            after.await().recv();
            b.v++;
            done.send(true);
        });
        b.v = 1;
        after.set(Time.after(Duration.ofMillis(1)));
        done.recv();
    }

    static void testNoRaceTimerSelect() {
        Box b = new Box();
        Timer t = Time.timer(Duration.ofHours(1));
        Chan<Integer> other = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        Thread r = go(() -> {
            Select.select(Select.recv(other), Select.recv(t.c()));
            b.v++;
            done.send(true);
        });
        Unseen.parked(r);
        b.v = 1;
        t.reset(Duration.ofMillis(1));
        done.recv();
    }

    static void testNoRaceTicker() {
        Box b = new Box();
        Ticker tk = Time.ticker(Duration.ofHours(1));
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            for (int i = 0; i < 3; i++) {
                tk.c().recv();
            }
            b.v++;
            done.send(true);
        });
        b.v = 1;
        tk.reset(Duration.ofMillis(1));
        done.recv();
        tk.stop();
    }

    static void testRaceAfterFuncBeforeStart() {
        // what the caller writes after afterFunc is not ordered before f
        Box b = new Box();
        Chan<Boolean> done = Chan.make(1);
        Time.afterFunc(Duration.ofMillis(1), () -> {
            b.v = 2; // RACE
            done.send(true);
        });
        b.v = 1; // RACE
        done.recv();
    }

    static void testRaceSleepIsNotSync() {
        Box b = new Box();
        Chan<Boolean> done = Chan.make(1);
        Go.go(() -> {
            b.v = 1; // RACE
            done.send(true);
        });
        Time.sleep(Duration.ofMillis(20));
        b.v = 2; // RACE
        done.recv();
    }

    // ---- gort's runtime: what its class initialisers build (its static loggers)

    static void testNoRaceBuiltByUninstrumentedClassInit() {
        // gort's runtime is not instrumented; its class initialisers build objects through
        // instrumented code (an slf4j logger) that threads the detector did not see start (gort's
        // sysmon) then use: class initialisation is ordered before every use of the class (JLS
        // 12.4.2), whichever thread runs it
        Unseen.Statics.builder = () -> {
            Box b = new Box();
            b.v = 1;
            return b;
        };
        Box built = (Box) Unseen.Statics.First.VALUE; // main initialises the class
        Unseen.onUnseenThread(() -> built.count = built.v);
    }

    static void testRaceAfterUninstrumentedClassInit() {
        // what the initialising thread does once the initialiser returned is ordered with nothing
        Unseen.Statics.builder = Box::new;
        Box built = (Box) Unseen.Statics.Second.VALUE;
        built.v = 2; // RACE
        Unseen.onUnseenThread(() -> built.count = built.v); // RACE
    }

    static void testRaceAfterFailedUninstrumentedClassInit() {
        // an initialiser that throws ends its exemption all the same
        Unseen.Statics.builder = () -> {
            throw new IllegalStateException("fails on purpose");
        };
        if (!Unseen.Statics.failingInitialiserFails()) {
            throw new AssertionError("the initialiser did not fail");
        }
        Box b = new Box();
        b.v = 1; // RACE
        Unseen.onUnseenThread(() -> b.count = b.v); // RACE
    }

    // ---- Flow: a subscriber's signals are serial (Reactive Streams rule 1.3)

    static void testNoRaceFlowSubscriberSignalsFromTwoThreads() {
        // A publisher may signal from different threads, ordered by its own synchronisation (a JDK
        // SubmissionPublisher runs each burst of signals as a task of its executor): onNext's send
        // into the subscriber's buffer is ordered before onComplete's close of it
        Chan<Integer> dst = Chan.make();
        ChanSubscriber<Integer> sub = Flows.subscriber(dst, 4);
        sub.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                // the items below come whatever the demand: at most 4 are sent
            }

            @Override
            public void cancel() {
                // never called: the items fit the buffer
            }
        });
        Unseen.onUnseenThread(() -> sub.onNext(1));
        Unseen.onUnseenThread(sub::onComplete);
        long sum = 0;
        for (int v : dst) {
            sum += v;
        }
        Box b = new Box();
        b.count = sum;
    }
}
