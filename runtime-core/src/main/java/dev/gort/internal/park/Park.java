package dev.gort.internal.park;

import dev.gort.internal.Carriers;
import dev.gort.internal.jfr.GoEvents;
import dev.gort.internal.time.TimerHeap;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's {@code gopark} / {@code goready} for gort: the one park loop of the runtime, and the one way
 * to wake a parked waiter. Channels, select, WaitGroup, Cond, Semaphore and sleep all wait here.
 *
 * <p>The protocol around it, for every user of the layer:
 * <ol>
 *   <li>Under the structure's {@link RuntimeLock}, look at the state; if the operation cannot complete,
 *       make a {@link WaitNode} (with its {@link WaitReason}) and {@link WaitQueue#add queue} it.</li>
 *   <li>Unlock, then {@link #park park}. A peer completes the wait under the same lock with
 *       {@link WaitNode#win()}, and calls {@link #ready} (or collects several nodes for
 *       {@link #readyAll}) only <em>after</em> unlocking — a woken goroutine must not run straight
 *       into the lock its waker still holds (Go's "goready after unlock").</li>
 *   <li>{@code park} returns the group's final state: a winning index ({@code >= 0}), or
 *       {@link WaitNode#INTERRUPTED}, {@link WaitNode#TIMED_OUT} or {@link WaitNode#CANCELED}. In the
 *       last three cases nothing happened: the caller unlinks its nodes
 *       ({@link WaitQueue#unlinkIfQueued}) and reports why.</li>
 * </ol>
 *
 * <p><b>The interrupt contract.</b> An interrupted wait that no peer has completed ends with
 * {@link WaitNode#INTERRUPTED}, the structure left as it was, and the interrupt status still set. A
 * wait completed by a peer at the same moment returns normally, also with the interrupt status set.
 * An operation that can complete without waiting completes even if the thread is already
 * interrupted (the check happens only once the thread would park).
 *
 * <p><b>The loop's shape is for the JIT.</b> Its test comes only after a park. C2 compiles a branch
 * its profile saw go one way only into an uncommon trap, and a parked goroutine's frozen frame keeps
 * the compiled code it parked in. When a million goroutines park here and none has woken yet, a
 * test at the top of the loop has only ever said "keep waiting"; every one of the million would
 * deoptimize on waking (~15 us each: a million-goroutine drain took 15 s instead of 2). A test first
 * reached after a park has no profile yet, and C2 compiles both ways.
 *
 * <p><b>Spinning first.</b> A park costs two continuation switches (freeze this goroutine's frames,
 * thaw them again when readied: about 220 ns on the JDK, Go's whole channel round trip), and more
 * when its P then has nothing to run: the P goes idle and the goroutine, once readied, moves to its
 * waker's P. So a rendezvous ({@link WaitNode#spin}: an unbuffered channel's send or receive, a
 * select on unbuffered channels) whose P has no other work, while another P runs a goroutine that
 * may complete it, first watches its group's state for {@link #SPINS} rounds
 * ({@link Carriers#beginPark}: Go's {@code sync_runtime_canSpin}, which Go applies to sync.Mutex; the
 * JDK's SynchronousQueue spins 128 rounds on a virtual thread whose carrier has no queued work). A
 * peer that completes the wait meanwhile finds the goroutine still running: its {@link #ready} only
 * sets the park permit, which a later park of this thread consumes as a spurious wake-up.
 * Other waits park at once. A goroutine waiting on a buffered channel waits for the other side to
 * catch up, and spinning kept it on its P, where parking lets the idle P's M steal the goroutines
 * that would catch up (W3 with a buffer of 128 at P=2: 52-59 ns against 35-42). The rounds are few
 * because spinning pays only while the other core answers within them: on this project's 2-vCPU
 * machine the completed spins took 3-6 rounds, and in its phases of slow cross-core traffic 18-21,
 * where 128 rounds kept goroutines split across cores and doubled W7's cost.
 *
 * <p><b>Timed waits and cancel signals</b> need no second loop: a timer of the runtime's
 * {@link TimerHeap} (or the signal's callback) gives the wait up with {@link WaitNode#cancel} and
 * readies the owner, who finds the group decided when its park returns.
 */
public final class Park {
    /**
     * Rounds of {@link Thread#onSpinWait()} (about 20 ns each on x86) a wait spins before it parks,
     * when it may (see "Spinning first"). The system property {@code gort.park.spins} overrides it: a
     * measuring knob; 0 turns spinning off.
     */
    static final int SPINS = Integer.getInteger("gort.park.spins", 16);

    private Park() {}

    /**
     * Parks the calling thread, the owner of group {@code g}, until the wait is decided.
     *
     * @return the group's final state: a winning index, or {@link WaitNode#INTERRUPTED} (interrupt
     *     status still set); never {@link WaitNode#WAITING}
     */
    public static int park(WaitNode g) {
        assert g.group == g && g.thread == Thread.currentThread() : "park on a group owned by another thread";
        assert !RuntimeLock.anyHeldByCurrentThread() : "park while holding a runtime lock (unlock, then park)";
        int s = g.state();
        if (s != WaitNode.WAITING) {
            return s; // decided before we could park
        }
        // One carrier lookup marks the park and says whether to spin first (see "Spinning first").
        if (Carriers.beginPark(SPINS > 0 && g.spin)) {
            for (int i = SPINS; i > 0; i--) {
                Thread.onSpinWait();
                if ((s = g.state()) != WaitNode.WAITING) {
                    Carriers.endPark();
                    return s; // decided while we spun: the winner's ready only leaves a permit
                }
            }
        }
        Object jfr = GoEvents.beginBlock(); // null unless a recording wants gort's block events
        for (;;) {
            LockSupport.park(g);
            Carriers.endPark();
            if (Thread.currentThread().isInterrupted() && g.cancel(WaitNode.INTERRUPTED)) {
                s = WaitNode.INTERRUPTED;
                break;
            }
            // A failed cancel means a peer decided first: the loop ends, the interrupt stays set.
            if ((s = g.state()) != WaitNode.WAITING) {
                break;
            }
            Carriers.beginPark(false); // a spurious wake-up: park again, without spinning
        }
        GoEvents.endBlock(jfr, g.reason, g.on);
        return s;
    }

    /**
     * {@link #park(WaitNode)} that also ends at {@code deadline} ({@link System#nanoTime()} units;
     * {@link Long#MAX_VALUE} for none) with {@link WaitNode#TIMED_OUT}, and when {@code cancel} (may be
     * null) fires with {@link WaitNode#CANCELED}.
     */
    public static int park(WaitNode g, long deadline, CancelSignal cancel) {
        if (cancel != null && cancel.isCanceled()) {
            g.cancel(WaitNode.CANCELED); // a peer may have won already: then that stands
        }
        if (deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
            g.cancel(WaitNode.TIMED_OUT);
        }
        if (g.state() != WaitNode.WAITING) {
            return g.state();
        }
        Expiry timer = null;
        if (deadline != Long.MAX_VALUE) {
            timer = new Expiry(g);
            TimerHeap.get().add(timer, deadline);
        }
        Runnable unregister = cancel == null ? null : cancel.onCancel(() -> giveUp(g, WaitNode.CANCELED));
        int s = WaitNode.WAITING;
        try {
            s = park(g);
            return s;
        } finally {
            // A wait that timed out was ended by its timer (the check above added none), which has
            // fired: canceling it would only write to a node the timer thread owns now.
            if (timer != null && s != WaitNode.TIMED_OUT) {
                TimerHeap.get().cancel(timer);
            }
            if (unregister != null) {
                unregister.run();
            }
        }
    }

    /** Ends a wait from outside (a timer, a cancel signal) if nobody decided it yet, and wakes its owner. */
    private static void giveUp(WaitNode g, int why) {
        if (g.cancel(why)) {
            LockSupport.unpark(g.thread);
        }
    }

    /** The timer of a timed wait: gives the wait up when it fires. */
    private static final class Expiry extends TimerHeap.Node {
        private final WaitNode group;

        Expiry(WaitNode group) {
            this.group = group;
        }

        @Override
        protected void fire() {
            giveUp(group, WaitNode.TIMED_OUT);
        }

        @Override
        public String toString() {
            return "timeout of " + group;
        }
    }

    /**
     * Go's {@code goready}: makes the owner of {@code w} runnable. Call after the peer's
     * {@link WaitNode#win()} succeeded and after releasing the lock. From a goroutine, the owner goes
     * into the current P's {@code runnext} and inherits the time slice.
     */
    public static void ready(WaitNode w) {
        LockSupport.unpark(w.thread);
    }

    /**
     * Readies every node of a chain built with {@link WaitNode#thenReady} (collected under a lock,
     * readied after it), unlinking the chain as it goes.
     */
    public static void readyAll(WaitNode first) {
        WaitNode w = first;
        while (w != null) {
            WaitNode next = w.next;
            w.next = null;
            LockSupport.unpark(w.thread);
            w = next;
        }
    }

    /**
     * Parks the caller for at least {@code nanos} ({@code time.Sleep}): one timer of the runtime's heap,
     * no platform thread. Returns at once if {@code nanos} is not positive.
     *
     * @return true once the time has passed; false if interrupted first (interrupt status set)
     */
    public static boolean sleep(long nanos) {
        if (nanos <= 0) {
            return true;
        }
        WaitNode g = new WaitNode(WaitReason.SLEEP, null);
        return park(g, TimerHeap.deadline(nanos), null) == WaitNode.TIMED_OUT;
    }

    /**
     * Go's {@code select {}}: parks until interrupted, which is the only way out.
     *
     * @param reason {@link WaitReason#SELECT_NO_CASES} or, for a one-case select on a nil channel,
     *     the reason Go would print for that plain operation
     */
    public static void parkForever(WaitReason reason) {
        int s = park(new WaitNode(reason, null));
        assert s == WaitNode.INTERRUPTED : "a wait nobody can complete ended with " + s;
    }
}
