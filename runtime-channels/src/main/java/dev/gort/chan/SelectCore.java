package dev.gort.chan;

import dev.gort.GoInterruptedException;
import dev.gort.chan.Select.Case;
import dev.gort.internal.park.Park;
import dev.gort.internal.park.WaitNode;
import dev.gort.internal.park.WaitQueue;
import dev.gort.internal.park.WaitReason;
import dev.gort.internal.race.Race;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The select algorithm (Go's {@code selectgo}), on the runtime's blocking layer. Package-private and
 * next to {@link Chan} because it works on the channels' locks, queues and rings directly, so that
 * {@code Chan}'s state need not be public.
 *
 * <ol>
 *   <li>Shuffle the cases with live channels into a random <em>poll order</em> (uniform
 *       fairness among ready cases), and sort their distinct channels by {@link Chan#id} into the
 *       <em>lock order</em>. Every select takes its locks in increasing id, so two selects over
 *       overlapping channels can never deadlock.</li>
 *   <li>A first look without the select's locks: in poll order, a case on a buffered channel
 *       first tries the ring's lock-free operation ({@link Ring#offer} / {@link Ring#poll}, which
 *       succeed only while nobody waits on that channel); then a case whose channel's unlocked
 *       hints say it may proceed (a waiter on the other side, room or a value in the ring, closed)
 *       takes that one channel's lock and is polled as in the next step. Holding one lock at a
 *       time, it cannot deadlock; a stale hint costs one lock round, and a case a stale hint skips
 *       is polled again below. A select whose partner is already waiting thus takes one lock, not
 *       all of them (they would also hold up the partners of the other cases on other carriers).
 *       Not under the race detector, which must see every send case polled.</li>
 *   <li>Lock all channels; poll the cases in poll order; the first that can proceed performs its
 *       communication (exactly Chan's send/recv logic: a claimed waiter, else the ring, else
 *       closed), all locks are released, the peer (if any) is readied, and the handler runs.</li>
 *   <li>Nothing ready and an {@code otherwise}: unlock, run it.</li>
 *   <li>Else enqueue one {@link WaitNode} per case on its channel, all in one group, still under
 *       all locks (so no communication can slip between poll and enqueue), unlock, park. The nodes
 *       are enqueued in poll order, not case order: with several cases on one channel, the case a
 *       partner completes is then uniformly random, as in Go (whose enqueue order follows its lock
 *       order, in which cases on the same channel keep their random poll order). The first peer that
 *       wins the group's CAS completes that case's communication.</li>
 *   <li>On wake, unlink the losing nodes (one channel lock at a time: removal needs no global
 *       order), then run the winner's handler. If the wait was given up (interrupt), unlink all of
 *       them and throw.</li>
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
            blockForever(cases);
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
        // Pass 0: the same poll, locking only a channel whose unlocked hints say its case may proceed.
        // Under the race detector every polled send case must be seen (Go's selectgo reads each
        // one's close), so it keeps to the passes below.
        if (!Race.ENABLED) {
            for (int p = 0; p < m; p++) {
                int i = order[p];
                Case cs = cases[i];
                Chan<?> c = cs.chan;
                if (c.ring != null && tryRing(cases, i, out)) {
                    return i;
                }
                if (cs.kind == Case.RECV ? c.recvMayProceed() : c.sendMayProceed()) {
                    c.lockChan();
                    if (tryCase(cases, i, null, 0, out)) {
                        return i;
                    }
                    c.unlockChan();
                }
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
            if (tryCase(cases, i, locks, k, out)) {
                return i;
            }
        }
        if (dflt >= 0) {
            unlockAll(locks, k);
            return fire(cases, dflt, null, true, out);
        }

        // Pass 2: enqueue one node per live case, in poll order, in one group, under all the locks.
        WaitNode[] nodes = new WaitNode[n];
        WaitNode group = null;
        boolean rendezvous = true;
        for (int p = 0; p < m; p++) {
            int i = order[p];
            Case cs = cases[i];
            WaitNode w = new WaitNode(group, i, cs.chan, cs.kind == Case.SEND ? cs.value : null);
            if (group == null) {
                group = w;
            }
            nodes[i] = w;
            queue(cs).add(w);
            rendezvous &= cs.chan.ring == null;
        }
        group.spin = rendezvous; // every case unbuffered: see Park's "Spinning first"
        if (Race.ENABLED) {
            Race.parking(group); // one clock for the group: whichever case wins completes through it
        }
        unlockAll(locks, k);

        // Pass 3: wait, then unlink the nodes that did not win.
        int win = Park.park(group);
        if (Race.ENABLED) {
            if (win >= 0) {
                cases[win].chan.raceResumed(group, win);
            } else {
                Race.resumed(group);
            }
        }
        for (int p = 0; p < m; p++) {
            int i = order[p];
            if (i != win) {
                WaitQueue.unlinkIfQueued(nodes[i], queue(cases[i]));
            }
        }
        if (win < 0) {
            throw new GoInterruptedException("select");
        }
        WaitNode w = nodes[win];
        if (cases[win].kind == Case.SEND) {
            if (Race.ENABLED) {
                Race.read(cases[win].chan, Chan.RACE_CLOSE);
            }
            if (!w.success) {
                if (Race.ENABLED) {
                    Race.acquire(cases[win].chan, Chan.RACE_CLOSE);
                }
                throw new ChanClosedException(ChanClosedException.SEND_ON_CLOSED);
            }
            return fire(cases, win, null, true, out);
        }
        if (Race.ENABLED && !w.success) {
            Race.acquire(cases[win].chan, Chan.RACE_CLOSE);
        }
        return fire(cases, win, w.success ? w.elem : null, w.success, out);
    }

    /**
     * Polls case {@code i} (Go's selectgo pass 1, one case) while holding the locks of
     * {@code locks[0..k)}, which include its channel's ({@code locks} null: its channel's lock
     * alone, as the first look holds it). If it can proceed: performs it, releases all those locks,
     * readies the peer, runs the handler (its value into {@code out[0]}) and returns true. Otherwise
     * returns false with the locks still held.
     *
     * @throws ChanClosedException for a send case on a closed channel, with the locks released
     */
    private static boolean tryCase(Case[] cases, int i, Chan<?>[] locks, int k, Object[] out) {
        Case cs = cases[i];
        Chan<?> c = cs.chan;
        if (cs.kind == Case.RECV) {
            WaitNode s = c.takeSender();
            if (s != null) {
                Object v = c.recvFromSender(s);
                release(c, locks, k);
                Park.ready(s);
                fire(cases, i, v, true, out);
                return true;
            }
            if (c.bufCount() > 0) {
                Object v = c.bufTake();
                release(c, locks, k);
                fire(cases, i, v, true, out);
                return true;
            }
            if (c.closed) {
                release(c, locks, k);
                if (Race.ENABLED) {
                    Race.acquire(c, Chan.RACE_CLOSE);
                }
                fire(cases, i, null, false, out);
                return true;
            }
            return false;
        }
        if (Race.ENABLED) {
            Race.read(c, Chan.RACE_CLOSE); // each send case polled is a send (Go's selectgo)
        }
        if (c.closed) {
            release(c, locks, k);
            throw new ChanClosedException(ChanClosedException.SEND_ON_CLOSED);
        }
        WaitNode r = c.handToReceiver(cs.value);
        if (r != null) {
            release(c, locks, k);
            Park.ready(r);
            fire(cases, i, null, true, out);
            return true;
        }
        if (c.hasRoom()) {
            c.bufPut(cs.value);
            release(c, locks, k);
            fire(cases, i, null, true, out);
            return true;
        }
        return false;
    }

    /**
     * Tries case {@code i}, on a buffered channel, with the ring's lock-free operation, as a plain
     * send or receive would: if it completes, runs the handler (its value into {@code out[0]}) and
     * returns true.
     */
    private static boolean tryRing(Case[] cases, int i, Object[] out) {
        Case cs = cases[i];
        Ring r = cs.chan.ring;
        if (cs.kind == Case.RECV) {
            Object v = r.poll();
            if (v == Ring.NONE) {
                return false;
            }
            fire(cases, i, v, true, out);
        } else if (r.offer(cs.value)) {
            fire(cases, i, null, true, out);
        } else {
            return false;
        }
        return true;
    }

    /** Releases what {@link #tryCase} was given: {@code locks[0..k)}, or {@code c}'s lock alone. */
    private static void release(Chan<?> c, Chan<?>[] locks, int k) {
        if (locks == null) {
            c.unlockChan();
        } else {
            unlockAll(locks, k);
        }
    }

    private static int fire(Case[] cases, int i, Object v, boolean ok, Object[] out) {
        Object r = cases[i].fire(v, ok);
        if (out != null) {
            out[0] = r;
        }
        return i;
    }

    private static void lockAll(Chan<?>[] locks, int k) {
        locks[0].lockChan();
        for (int i = 1; i < k; i++) {
            locks[i].lockChanWhileHolding(); // never yields with locks[0..i) held
        }
    }

    private static void unlockAll(Chan<?>[] locks, int k) {
        for (int i = k - 1; i >= 0; i--) {
            locks[i].unlockChan();
        }
    }

    private static WaitQueue queue(Case cs) {
        return cs.kind == Case.SEND ? cs.chan.sendq : cs.chan.recvq;
    }

    /**
     * A select that can never proceed: Go's {@code select {}}, or only nil-channel cases. Parks
     * until interrupted, then throws. The wait reason is Go's: a one-case select is compiled by Go
     * into the plain operation, so on a nil channel it reads {@code chan receive (nil chan)} or
     * {@code chan send (nil chan)}.
     */
    private static void blockForever(Case[] cases) {
        WaitReason reason;
        if (cases.length == 0) {
            reason = WaitReason.SELECT_NO_CASES;
        } else if (cases.length == 1) {
            reason = cases[0].kind == Case.SEND ? WaitReason.CHAN_SEND_NIL : WaitReason.CHAN_RECEIVE_NIL;
        } else {
            reason = WaitReason.SELECT;
        }
        Park.parkForever(reason);
        throw new GoInterruptedException(reason.toString());
    }
}
