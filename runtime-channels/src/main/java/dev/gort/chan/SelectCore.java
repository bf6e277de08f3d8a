package dev.gort.chan;

import dev.gort.GoInterruptedException;
import dev.gort.chan.Select.Case;
import dev.gort.chan.internal.Waiter;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The select algorithm (Go's {@code selectgo}). Package-private and next to {@link Chan} because
 * it works on the channels' locks, queues and rings directly (the layout sketch put it in
 * {@code internal}; it moved here so that {@code Chan}'s state need not be public).
 *
 * <p><b>Implementation overview.</b>
 * <ol>
 *   <li>Shuffle the cases with live channels into a random <em>poll order</em> (uniform
 *       fairness among ready cases), and sort their distinct channels by {@link Chan#id} into the
 *       <em>lock order</em>. Every select takes its locks in increasing id, so two selects over
 *       overlapping channels can never deadlock.</li>
 *   <li>Lock all channels; poll the cases in poll order; the first that can proceed performs its
 *       communication (exactly Chan's send/recv logic: a claimed waiter, else the ring, else
 *       closed), all locks are released, the peer (if any) is unparked, and the handler runs.</li>
 *   <li>Nothing ready and an {@code otherwise}: unlock, run it.</li>
 *   <li>Else enqueue one {@link Waiter} per case on its channel, all in one group, still under
 *       all locks (so no communication can slip between poll and enqueue), unlock, park. The
 *       first peer that wins the group's CAS completes that case's communication.</li>
 *   <li>On wake, unlink the losing waiters (one channel lock at a time: removal needs no global
 *       order), then run the winner's handler. If the wait was cancelled by an interrupt, unlink
 *       all of them and throw.</li>
 * </ol>
 */
final class SelectCore {
    private SelectCore() {}

    /**
     * Runs a select; returns the chosen index. If {@code out} is not null, stores the handler's
     * return value in {@code out[0]}.
     */
    static int select(Case[] cases, Object[] out) {
        final int n = cases.length;
        int dflt = -1;
        int[] order = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            Case c = cases[i];
            if (c == null) {
                throw new NullPointerException("select: case " + i + " is null");
            }
            if (c.kind == Case.DEFAULT) {
                if (dflt >= 0) {
                    throw new IllegalArgumentException("select: multiple otherwise cases");
                }
                dflt = i;
            } else if (c.chan != null) {
                order[m++] = i;
            }
        }
        if (m == 0) {
            if (dflt >= 0) {
                return fire(cases, dflt, null, true, out);
            }
            blockForever();
        }
        // Poll order: Fisher-Yates over the live cases.
        if (m > 1) {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = m - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        // Lock order: distinct channels by increasing id (insertion sort: selects are small).
        Chan<?>[] locks = new Chan<?>[m];
        for (int p = 0; p < m; p++) {
            Chan<?> c = cases[order[p]].chan;
            int j = p;
            while (j > 0 && locks[j - 1].id > c.id) {
                locks[j] = locks[j - 1];
                j--;
            }
            locks[j] = c;
        }
        int k = 0;
        for (int p = 0; p < m; p++) {
            if (k == 0 || locks[k - 1] != locks[p]) {
                locks[k++] = locks[p];
            }
        }
        lockAll(locks, k);

        // Pass 1: poll in random order.
        for (int p = 0; p < m; p++) {
            int i = order[p];
            Case cs = cases[i];
            Chan<?> c = cs.chan;
            if (cs.kind == Case.RECV) {
                Waiter s = c.takeSender();
                if (s != null) {
                    Object v = c.recvFromSender(s);
                    unlockAll(locks, k);
                    LockSupport.unpark(s.thread);
                    return fire(cases, i, v, true, out);
                }
                if (c.count > 0) {
                    Object v = c.bufTake();
                    unlockAll(locks, k);
                    return fire(cases, i, v, true, out);
                }
                if (c.closed) {
                    unlockAll(locks, k);
                    return fire(cases, i, null, false, out);
                }
            } else {
                if (c.closed) {
                    unlockAll(locks, k);
                    throw new ChanClosedException(ChanClosedException.SEND_ON_CLOSED);
                }
                Waiter r = c.handToReceiver(cs.value);
                if (r != null) {
                    unlockAll(locks, k);
                    LockSupport.unpark(r.thread);
                    return fire(cases, i, null, true, out);
                }
                if (c.hasRoom()) {
                    c.bufPut(cs.value);
                    unlockAll(locks, k);
                    return fire(cases, i, null, true, out);
                }
            }
        }
        if (dflt >= 0) {
            unlockAll(locks, k);
            return fire(cases, dflt, null, true, out);
        }

        // Pass 2: enqueue one waiter per live case, in one group, under all the locks.
        Thread self = Thread.currentThread();
        Waiter[] nodes = new Waiter[n];
        Waiter group = null;
        for (int i = 0; i < n; i++) {
            Case cs = cases[i];
            if (cs.chan == null || cs.kind == Case.DEFAULT) {
                continue;
            }
            Waiter w = new Waiter(self, group, i, cs.kind == Case.SEND ? cs.value : null);
            if (group == null) {
                group = w;
            }
            nodes[i] = w;
            (cs.kind == Case.SEND ? cs.chan.sendq : cs.chan.recvq).add(w);
        }
        unlockAll(locks, k);

        // Pass 3: wait, then unlink the waiters that did not win.
        boolean done = group.await(locks[0]);
        int win = done ? group.state() : -1;
        for (int i = 0; i < n; i++) {
            Waiter w = nodes[i];
            // Racy read of queued is safe: it only goes true -> false once we enqueued it.
            if (w != null && i != win && w.queued()) {
                Chan<?> c = cases[i].chan;
                c.lock.lock();
                (cases[i].kind == Case.SEND ? c.sendq : c.recvq).remove(w);
                c.lock.unlock();
            }
        }
        if (!done) {
            throw new GoInterruptedException("select");
        }
        Waiter w = nodes[win];
        if (cases[win].kind == Case.SEND) {
            if (!w.success) {
                throw new ChanClosedException(ChanClosedException.SEND_ON_CLOSED);
            }
            return fire(cases, win, null, true, out);
        }
        return fire(cases, win, w.success ? w.elem : null, w.success, out);
    }

    private static int fire(Case[] cases, int i, Object v, boolean ok, Object[] out) {
        Object r = cases[i].fire(v, ok);
        if (out != null) {
            out[0] = r;
        }
        return i;
    }

    private static void lockAll(Chan<?>[] locks, int k) {
        for (int i = 0; i < k; i++) {
            locks[i].lock.lock();
        }
    }

    private static void unlockAll(Chan<?>[] locks, int k) {
        for (int i = k - 1; i >= 0; i--) {
            locks[i].lock.unlock();
        }
    }

    /** Go's {@code select {}}: parks until interrupted, then throws. */
    private static void blockForever() {
        Object blocker = new Object() {
            @Override
            public String toString() {
                return "select (no cases)";
            }
        };
        for (;;) {
            LockSupport.park(blocker);
            if (Thread.currentThread().isInterrupted()) {
                throw new GoInterruptedException("select (no cases)");
            }
        }
    }
}
