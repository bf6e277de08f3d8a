package dev.gort.internal;

import dev.gort.SchedulerStats;
import dev.gort.internal.jfr.GoEvents;
import dev.gort.internal.time.TimerHeap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * gort's G-M-P scheduler: the {@link Executor} of every goroutine's virtual thread. Go's
 * runtime/proc.go, translated; names follow it (runqput, findRunnable, stealWork, wakep, startm,
 * stopm, handoff, retake) so a reader of proc.go finds their way.
 *
 * <h2>Implementation overview</h2>
 * <ul>
 *   <li><b>G</b> is a goroutine's run task ({@code VirtualThread.runContinuation}): the JDK hands it to
 *       {@link #execute} at every start and every unpark. Running it mounts the virtual thread on the
 *       calling carrier until the goroutine parks, yields or ends.</li>
 *   <li><b>P</b>s ({@link #allp}, GOMAXPROCS of them) each hold a local {@link RunQueue}. An M must hold a
 *       P to run goroutines. Idle Ps wait in {@link #pidle}.</li>
 *   <li><b>M</b>s are platform carrier threads, created on demand, parked in {@link #midle} when idle.</li>
 *   <li>The <b>global queue</b> ({@link #runq}) takes goroutines readied from outside the scheduler
 *       (platform threads, the JDK's timer thread, other schedulers), yields, and overflow.</li>
 *   <li>{@link Sysmon} watches for a P stuck in one goroutine and hands its work to another M.</li>
 * </ul>
 *
 * <h2>Where a readied goroutine goes ({@link #execute})</h2>
 * From one of our carriers holding a live P: into that P's runnext (a handoff pair then runs as a
 * unit on one P, the second inheriting the first's time slice); the goroutine it displaces goes to the
 * tail. A re-submission of the goroutine that is running on this carrier (Thread.yield) never goes to
 * runnext: it goes behind this P's queued goroutines if there are some and the global queue is empty
 * (as Go's goyield, and as the JDK's scheduler puts a yield behind its carrier's queue), else to the
 * global queue (Go's Gosched). The local choice matters for the JDK's socket sub-pollers, goroutines
 * that ready a burst of connection goroutines and then yield: from the global queue, taken at every
 * 61st schedule, a sub-poller came back before the burst had run and readied the next on top of it,
 * so the queue grew and each connection's socket went cold in the cache between its readiness and
 * its run. Global work is never overtaken: with any queued, a yield goes behind it. From anywhere
 * else: the global queue, then {@link #wakep}; from an {@link InjectorThread} (the timer thread),
 * the global queue too, but a burst at a time ({@link #injectList}).
 * {@code execute} never throws and never blocks: it may run inside a goroutine whose continuation the
 * JDK has pinned for the call, and the JDK would throw our exception out of {@code LockSupport.unpark}
 * in an unrelated caller. It takes no lock: the idle-M list is lock-free for that reason.
 *
 * <h2>Spinning and wakeups (Go's rules, one exception)</h2>
 * At most one M is woken to look for work when none is spinning ({@link #wakep}); a spinning M that
 * finds work stops spinning and, if it was the last spinner, wakes another ({@link #resetSpinning}),
 * so wakeups fan out only as fast as work appears. Spinners are limited to half the busy Ps.
 * <b>No lost wakeup</b>: a producer publishes work (queue index update, a volatile RMW) and then
 * reads {@link #npidle}/{@link #nmspinning}; an M going idle publishes its idleness ({@link #npidle}
 * increment, {@link #nmspinning} decrement, both volatile RMWs) and then re-checks the global queue —
 * and, if it was spinning, every P's queue. Volatile accesses are totally ordered, so one of the two
 * sees the other (the Dekker pattern).
 * <b>The exception</b>: a goroutine readied into this P's runnext while the P has nothing else queued
 * wakes nobody. Go wakes an M for every ready; but the goroutine that readied it almost always parks
 * next (a handoff) and this P runs it then, while a woken M costs the waker a futex call (8-10 µs on
 * a VM, where the readied goroutine sat long enough for the woken M to steal it and split the pair
 * across carriers). Readies that leave more than runnext queued, and starts, still wake. If the
 * readier runs on instead, sysmon wakes an M for the waiting runnext once the P has not switched for a
 * whole sysmon period: the price of the exception, bounded by keeping that period at most
 * {@link Sysmon#QUIET_READY_MAX_DELAY_NANOS} while it finds an idle P and running Ps with a goroutine
 * in runnext (a quiet ready made while a P is idle wakes sysmon if it sleeps longer). With every P
 * busy no M could take that runnext, so neither applies: a runnext readied then, whose readier runs on
 * after a P has gone idle, waits for sysmon's period of the moment (at most 10 ms, the scale of a
 * stuck P's handoff). Capping the period with every P busy too woke sysmon 4,900 times a second in
 * W3 at P=2, and each wake-up on a machine whose every CPU runs a carrier preempts one.
 *
 * <h2>Handing a stuck P on</h2>
 * A goroutine that loops without parking, or a carrier pinned in native code or file I/O, holds its P
 * forever. Go would preempt the goroutine; a virtual thread cannot be preempted, so sysmon replaces the
 * P instead: a fresh P with the same id takes its place in {@link #allp} and the idle list, the old
 * one is marked detached and its queue is moved to the global queue, and a spare M is started. The
 * stuck M keeps the detached P (it stays that run queue's only producer); when its goroutine returns,
 * it drains the detached P and drops it. Goroutines it readies meanwhile are swept to the global queue
 * by sysmon. Shrinking GOMAXPROCS detaches the surplus Ps the same way, so no queued goroutine is lost.
 *
 * <h2>A P's timers</h2>
 * As in Go since 1.14, a goroutine's timers (its sleeps, timed waits, timer channels) go to the heap
 * of the P it runs on ({@link P#timers}), and the P's M runs the due ones at the top of
 * {@link #findRunnable}: the sleepers it readies go to this P's runnext and queue, next in line,
 * where a timer thread would hand them over through the global queue behind everything queued there
 * (and, at P=2 on two CPUs, be a third thread competing for them). Whenever the M is not between
 * goroutines the P's timers go to a timer shard, whose thread is the clock for them: when the P goes
 * idle (its M moves them before giving it back), when the P is retired or handed on (sysmon and its
 * last M move them), and when its goroutine runs on without a switch for a stuck period (sysmon moves
 * them; the timers are late by at most that period, as Go's are behind a goroutine its sysmon has yet
 * to preempt). The deadlock detector needs no P's heap: it looks only when every P is idle, and an
 * idle P holds no timers. Timers added by other threads (platform threads, goroutines of the fallback
 * mode) go to the shards directly.
 */
final class Scheduler implements Executor {
    private static final LazyLog log = new LazyLog(Scheduler.class);

    /** Upper bound of GOMAXPROCS (Go's _MaxGomaxprocs is 1024 too). */
    public static final int MAX_PROCS = 1024;
    /** Go's stealTries. */
    private static final int STEAL_TRIES = 4;
    /** How long a thief leaves a running P's fresh runnext alone (Go: usleep(3)). */
    private static final long RUNNEXT_GRACE_NANOS = 3_000;
    /** Go checks the global queue first every 61st schedule, so it cannot starve. */
    private static final int GLOBAL_CHECK_PERIOD = 61;
    /** Whether more than one CPU runs this JVM (read once, as Go's ncpu). */
    private static final boolean MULTIPROCESSOR = Runtime.getRuntime().availableProcessors() > 1;
    /** Go's limit on Ms (10000). */
    private static final int MAX_MS = 10_000;

    /** Guards {@link #pidle}, changes of {@link #allp}, and {@link #detachedPs} membership. Ms and sysmon only (never execute). */
    private final ReentrantLock lock = new ReentrantLock();
    /** Idle Ps, guarded by {@link #lock}. */
    private final ArrayDeque<P> pidle = new ArrayDeque<>();
    /** Size of {@link #pidle}; written under the lock, read anywhere. */
    private final AtomicInteger npidle = new AtomicInteger();
    /** Ms now spinning (looking for work to steal). */
    private final AtomicInteger nmspinning = new AtomicInteger();
    /**
     * Ms that will look at the queues without anyone waking them: started or woken by
     * {@link #startm} and not yet past their {@code pidleGet} in {@link #mstart}, or between giving
     * their P back in {@link #findRunnable} and their last look; and threads without a P between
     * putting work in the global queue and the {@code wakep} or {@code startm} that follows
     * ({@link #offerAndWake}, {@link #injectList}). The lost-wakeup {@link #watchdog} waits for them:
     * one the OS has descheduled there is slow, not lost.
     */
    private final AtomicInteger nmtransit = new AtomicInteger();
    /** The Ps; copy-on-write under {@link #lock}. */
    private volatile P[] allp;
    /** Ps detached from allp whose queues may still hold goroutines; sysmon sweeps them. */
    private final CopyOnWriteArrayList<P> detachedPs = new CopyOnWriteArrayList<>();

    /** The global run queue (Go's sched.runq): many producers, many consumers. */
    private final GlobalRunQueue runq = new GlobalRunQueue();
    /**
     * Idle Ms, a stack as Go's sched.midle: the M woken is the one that went idle last, whose thread
     * and caches are the warmest (a FIFO rotated a P at P=1 over every M ever started). Lock-free
     * because wakep runs inside execute.
     */
    private final ConcurrentLinkedDeque<M> midle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger nmidle = new AtomicInteger();
    private final CopyOnWriteArrayList<M> allm = new CopyOnWriteArrayList<>();
    private final AtomicInteger mcount = new AtomicInteger();

    private final AtomicLong handoffs = new AtomicLong();
    /** Ms woken or started (each costs the waker a futex call or a thread start). */
    private final AtomicLong mwakeups = new AtomicLong();
    private final AtomicLong sysmonWakeups = new AtomicLong();
    private final Sysmon sysmon;
    /** These two: set once each by the runtime before the first goroutine; read by sysmon. */
    private volatile DeadlockDetector deadlockDetector;
    /** The runtime's own work that sysmon does after each round (the fallback mode's monitor does it there). */
    private volatile LongConsumer monitorChores;

    static {
        // A goroutine's timers go to the heap of the P it runs on (see "A P's timers").
        TimerHeap.setLocalSource(() -> {
            if (VirtualThreads.currentCarrierThread() instanceof M m) {
                P p = m.p;
                if (p != null && !p.detached) {
                    return p.timers;
                }
            }
            return null;
        });
    }

    public Scheduler(int procs) {
        if (procs < 1 || procs > MAX_PROCS) {
            throw new IllegalArgumentException("GOMAXPROCS must be between 1 and " + MAX_PROCS + ", got " + procs);
        }
        P[] ps = new P[procs];
        for (int i = 0; i < procs; i++) {
            ps[i] = new P(i);
            pidle.push(ps[i]);
        }
        npidle.set(procs);
        allp = ps;
        sysmon = new Sysmon(this);
        sysmon.start();
    }

    // =============================================================================================
    // execute: the entry point of every start and unpark
    // =============================================================================================

    @Override
    public void execute(Runnable r) {
        try {
            Thread carrier = VirtualThreads.currentCarrierThread();
            if (carrier instanceof M m && m.sched == this) {
                P p = m.p;
                if (p != null && !p.detached) {
                    if (r == m.current && !m.parking) {
                        // Thread.yield: to the back of the line. That is this P's queue while it
                        // holds work and the global queue holds none (Go's goyield; see "Where a
                        // readied goroutine goes"), else the global queue (Go's goschedImpl).
                        if (runq.isEmpty() && (p.runq.size() > 0 || p.runq.hasNext())) {
                            runqputTail(m, p, r);
                        } else {
                            runq.offer(r);
                        }
                        wakep();
                    } else {
                        // A goroutine readied by this carrier's goroutine; or the goroutine that is
                        // parking here right now, resubmitted by the JDK because a wake-up (from
                        // another carrier) beat its park: that is a ready, not a yield, and it
                        // stays on this P instead of crossing to another through the global queue.
                        m.parking = false;
                        boolean kicked = runqputNext(m, p, r);
                        // Wake an M only if this P now has more than its next goroutine (or this is
                        // a start, which Go's newproc always announces). See "Spinning and wakeups".
                        if (kicked || m.spawning || p.runq.size() > 0) {
                            wakep();
                        } else if (sysmon.dozing() && npidle.get() > 0) {
                            // dozing first: it is rarely written, npidle changes at every idle P
                            sysmon.nudge(); // so that it looks soon (sysmonRound)
                        }
                    }
                    return;
                }
            }
            if (carrier instanceof InjectorThread injector) {
                injector.defer(this, r); // queued at the end of its burst: injectList
                return;
            }
            offerAndWake(r);
        } catch (Throwable t) {
            // Only an Error can get here (out of memory for a queue chunk or a new carrier). If the
            // runnable is queued, sysmon's watchdog will get an M to it; if it is not, nothing can be
            // done without throwing into the unparking thread, which would be worse.
            log.get().error("gort: scheduler could not queue or wake a goroutine", t);
        }
    }

    /**
     * Go's injectglist, for a thread that holds no P (an {@link InjectorThread} at the end of a
     * burst): {@code batch[0..n)} go to the global queue in order, in one lock round, and are nulled
     * in {@code batch}; then an M is started for each idle P, at most one per goroutine, so that a
     * burst of timers reaches every idle P at once rather than through a chain of spinning Ms, each
     * woken by the one before. The work is published before the idle count is read, as in
     * {@link #execute} (see "Spinning and wakeups").
     */
    void injectList(Runnable[] batch, int n) {
        nmtransit.incrementAndGet(); // until the Ms are started (see nmtransit)
        try {
            runq.offerBatch(batch, n);
            for (int i = Math.min(n, npidle.get()); i > 0; i--) {
                startm(false);
            }
        } finally {
            nmtransit.decrementAndGet();
        }
    }

    /**
     * A thread without a P readies {@code r}: the global queue, then {@code wakep}. Counted in
     * {@link #nmtransit} from before the work is visible until the wake-up is done, so that sysmon's
     * watchdog does not take a producer the OS descheduled between the two for a lost wakeup.
     */
    private void offerAndWake(Runnable r) {
        nmtransit.incrementAndGet();
        try {
            runq.offer(r);
            wakep();
        } finally {
            nmtransit.decrementAndGet();
        }
    }

    /** Owner M: Go's runqput(pp, gp, next=true). Returns whether it moved the old runnext to the ring. */
    private boolean runqputNext(M m, P p, Runnable r) {
        Runnable kicked = p.runq.putNext(r);
        if (kicked != null) {
            runqputTail(m, p, kicked);
            return true;
        }
        return false;
    }

    /** Owner M: Go's runqput(pp, gp, next=false), with runqputslow's move of half to the global queue. */
    private void runqputTail(M m, P p, Runnable r) {
        while (!p.runq.putTail(r)) {
            int n = p.runq.grabHalfForOverflow(m.batch);
            if (n > 0) {
                m.batch[n] = r; // the batch array has one slot more than half a ring
                runq.offerBatch(m.batch, n + 1);
                return;
            }
        }
    }

    /**
     * Whether the goroutine running on {@code m} may spin before it parks: GOMAXPROCS above 1 on a
     * multiprocessor, no goroutine queued on its P (runnext included) or globally, and at least one
     * other P running (neither idle nor an M looking for work), as Go's {@code sync_runtime_canSpin}.
     * A park in that state leaves the P idle, and its goroutine, once readied, moves to its waker's P:
     * two continuation switches, where a peer running right now may complete the wait in less.
     */
    boolean canSpin(M m) {
        P p = m.p;
        // runnext first: a handoff's waker, about to park, just readied its peer there
        if (!MULTIPROCESSOR || p == null || p.runq.hasNext() || p.detached || !p.runq.isEmpty()) {
            return false;
        }
        return allp.length > npidle.get() + nmspinning.get() + 1 && runq.isEmpty();
    }

    // =============================================================================================
    // wakeups
    // =============================================================================================

    /** Go's wakep: start one spinning M if there is an idle P and nobody spins already. */
    void wakep() {
        if (npidle.get() == 0) {
            return;
        }
        if (nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        startm(true);
    }

    /** Go's startm: wake an idle M (or create one); the M takes an idle P itself. */
    private void startm(boolean spinning) {
        mwakeups.incrementAndGet();
        nmtransit.incrementAndGet(); // the M's pidleGet in mstart takes it back
        M m = midle.pollFirst();
        if (m != null) {
            m.wake(spinning);
            return;
        }
        if (mcount.get() >= MAX_MS) {
            if (spinning) {
                nmspinning.decrementAndGet();
            }
            nmtransit.decrementAndGet();
            log.get().error("gort: {} carrier threads exist; not starting another", MAX_MS);
            return;
        }
        M nm = new M(this, mcount.incrementAndGet(), spinning);
        try {
            nm.start();
        } catch (Throwable t) {
            // Typically "unable to create native thread". Undo the accounting, or nmspinning would
            // stay at 1 with nobody spinning and every later wakep would be a no-op. The work that
            // asked for this M stays queued; the next wakep (or sysmon's watchdog) tries again.
            mcount.decrementAndGet();
            if (spinning) {
                nmspinning.decrementAndGet();
            }
            nmtransit.decrementAndGet();
            throw t;
        }
        allm.add(nm);
    }

    /** Go's stopm: park this M until someone wakes it. */
    private void stopm(M m) {
        nmidle.incrementAndGet();
        midle.offerFirst(m);
        m.sleep();
        nmidle.decrementAndGet();
    }

    /** Go's resetspinning: we found work; if we were the last spinner, get another one going. */
    private void resetSpinning(M m) {
        m.spinning = false;
        if (nmspinning.decrementAndGet() == 0) {
            wakep();
        }
    }

    // =============================================================================================
    // the M loop
    // =============================================================================================

    /**
     * Body of every M thread. A new M starts as if just woken: it takes an idle P if there is one and
     * schedules until it has to give the P up; then it parks until {@link #startm} wakes it. It never
     * takes a P straight back after releasing one — that would make an idle M spin forever.
     */
    void mstart(M m) {
        for (;;) {
            try {
                // No local variable for the P: this frame lives on while the M sleeps in stopm, and
                // a P referenced from it could be one sysmon has since detached and discarded.
                m.p = pidleGet();
                // Every pass here follows one startm: this M's start, or its wake from stopm.
                nmtransit.decrementAndGet();
                if (m.p != null) {
                    schedule(m); // returns with m.p == null
                }
                // Whatever path gave the P up (nothing found, a detached P dropped right after a
                // re-acquire), a spinning M that goes to sleep must stop counting as one, or wakep
                // would see a spinner that does not exist and never wake anyone again.
                if (m.spinning) {
                    m.spinning = false;
                    nmspinning.decrementAndGet();
                }
            } catch (Throwable t) {
                // A bug in the scheduler itself; keep the carrier alive.
                log.get().error("gort: carrier {} caught an unexpected error", m.getName(), t);
            }
            stopm(m);
        }
    }

    /** Go's schedule: run goroutines until this M has to give its P up. */
    private void schedule(M m) {
        for (;;) {
            Runnable r = findRunnable(m);
            if (r == null) {
                return; // m.p has been released
            }
            if (m.spinning) {
                resetSpinning(m);
            }
            run(m, m.p, r);
        }
    }

    private void run(M m, P p, Runnable r) {
        p.beginRun(m.inheritTime);
        m.current = r;
        m.parking = false;
        m.countRun();
        try {
            r.run();
        } catch (Throwable t) {
            // runContinuation handles the goroutine's own exceptions; this would be a JDK-level error.
            log.get().error("gort: a goroutine's run task threw on {}", m.getName(), t);
        } finally {
            m.current = null;
            p.endRun();
        }
    }

    /**
     * Go's findRunnable: a goroutine to run on {@code m.p}, or null after releasing the P. Sets
     * {@code m.inheritTime} when the goroutine came from runnext.
     */
    private Runnable findRunnable(M m) {
        for (;;) {
            P p = m.p;
            m.inheritTime = false;
            if (p.detached) {
                dropDetached(m, p);
                return null;
            }
            if (p.timers.hasWork()) {
                p.timers.runDue(); // Go's checkTimers: the sleepers it readies go to this P
            }
            if (p.takePreempt()) {
                // The goroutines sharing this slice through runnext have had 10 ms: the next of
                // them goes to the back of the global queue, as Go's preempted goroutine does, so
                // everything queued here and globally runs before the pair goes on.
                Runnable next = p.runq.takeNext();
                if (next != null) {
                    runq.offer(next);
                }
            }
            Runnable r;
            if (p.schedtick() % GLOBAL_CHECK_PERIOD == 0 && !runq.isEmpty()) {
                r = globrunqget(m, p, 1);
                if (r != null) {
                    return r;
                }
            }
            r = p.runq.takeNext();
            if (r != null) {
                m.inheritTime = true;
                return r;
            }
            r = p.runq.takeHead();
            if (r != null) {
                return r;
            }
            p.runq.clearConsumed(); // the ring is empty: drop its stale references to finished goroutines
            r = globrunqget(m, p, 0);
            if (r != null) {
                return r;
            }
            P[] all = allp;
            if (m.spinning || 2 * nmspinning.get() < all.length - npidle.get()) {
                if (!m.spinning) {
                    m.spinning = true;
                    nmspinning.incrementAndGet();
                }
                r = stealWork(m, p, all);
                if (r != null) {
                    return r;
                }
            }

            // Nothing to do: give the P back, then stop spinning, then look once more (see the
            // class comment: after our idleness is published, a producer that missed it has not).
            nmtransit.incrementAndGet(); // until the last look below
            p.moveTimersToShard(); // an idle P runs nothing: a timer thread keeps its time
            releaseP(m, p);
            boolean wasSpinning = m.spinning;
            if (wasSpinning) {
                m.spinning = false;
                nmspinning.decrementAndGet();
            }
            if (!runq.isEmpty() || (wasSpinning && anyLocalWork(allp))) {
                P np = pidleGet();
                if (np != null) {
                    m.p = np;
                    if (wasSpinning) {
                        m.spinning = true;
                        nmspinning.incrementAndGet();
                    }
                    nmtransit.decrementAndGet();
                    continue;
                }
            }
            nmtransit.decrementAndGet();
            return null;
        }
    }

    /** Go's globrunqget: one to run now, plus a fair share moved to the local queue (max 0 = no cap). */
    private Runnable globrunqget(M m, P p, int max) {
        if (runq.isEmpty()) {
            return null;
        }
        int size = Math.max(1, runq.size());
        int n = Math.min(size, size / allp.length + 1);
        if (max > 0 && n > max) {
            n = max;
        }
        n = Math.min(n, RunQueue.CAPACITY / 2);
        Runnable[] in = m.fromGlobal;
        int got = runq.pollBatch(in, n);
        if (got == 0) {
            return null;
        }
        Runnable r = in[0];
        in[0] = null;
        for (int i = 1; i < got; i++) {
            runqputTail(m, p, in[i]);
            in[i] = null;
        }
        return r;
    }

    /** Go's stealWork: four passes over the other Ps in random order; runnext only on the last. */
    private Runnable stealWork(M m, P p, P[] all) {
        int n = all.length;
        if (n <= 1) {
            return null;
        }
        for (int i = 0; i < STEAL_TRIES; i++) {
            boolean stealRunnext = i == STEAL_TRIES - 1;
            int start = m.nextRandom(n);
            for (int k = 0; k < n; k++) {
                P victim = all[(start + k) % n];
                if (victim == p) {
                    continue;
                }
                if (!stealRunnext && victim.runq.size() == 0) {
                    continue;
                }
                Runnable r = p.runq.stealInto(victim.runq, stealRunnext, victim.running(), RUNNEXT_GRACE_NANOS);
                if (r != null) {
                    p.addSteals(p.runq.lastStolen());
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * Whether some P's ring holds work a thief could take. Runnext alone does not count: its P is
     * about to run it, and counting it kept a spinner polling a handoff pair's runnext forever.
     */
    private static boolean anyLocalWork(P[] all) {
        for (P p : all) {
            if (p.runq.size() > 0) {
                return true;
            }
        }
        return false;
    }

    // =============================================================================================
    // Ps: idle list, release, detach
    // =============================================================================================

    private P pidleGet() {
        lock.lock();
        try {
            P p = pidle.poll();
            if (p != null) {
                npidle.decrementAndGet();
            }
            return p;
        } finally {
            lock.unlock();
        }
    }

    /** Gives {@code p} back to the idle list — unless it was detached meanwhile: then drop it. */
    private void releaseP(M m, P p) {
        boolean detached;
        lock.lock();
        try {
            detached = p.detached;
            if (!detached) {
                pidle.push(p);
                npidle.incrementAndGet();
            }
        } finally {
            lock.unlock();
        }
        m.p = null;
        if (detached) {
            drainToGlobal(p);
            p.runq.clearConsumed(); // still its owner: see dropDetached
            p.released = true;
            wakep();
        }
    }

    /** The M's P was handed off or retired while it ran: move what it still queues, and let it go. */
    private void dropDetached(M m, P p) {
        p.moveTimersToShard();
        m.p = null;
        if (drainToGlobal(p) > 0) {
            wakep();
        }
        // Still its owner (no one else ever produces into it): drop the stale references that
        // sysmon's draining, a non-owner's, left in the ring.
        p.runq.clearConsumed();
        p.released = true;
    }

    /** Moves everything queued on {@code p} to the global queue; safe from any thread. */
    private int drainToGlobal(P p) {
        int moved = 0;
        for (;;) {
            Runnable r = p.runq.takeNext();
            if (r == null) {
                r = p.runq.takeHead();
            }
            if (r == null) {
                return moved;
            }
            runq.offer(r);
            moved++;
        }
    }

    // =============================================================================================
    // sysmon's work
    // =============================================================================================

    /**
     * One sysmon round (Go's retake plus housekeeping). Returns whether it did anything, which keeps
     * sysmon's period short while there is trouble. With {@code rebaseline} (sysmon itself was held up,
     * typically by a stop-the-world GC pause that froze every goroutine too) no P is judged: the
     * time a P looked stuck is measured again from now.
     */
    boolean sysmonRound(long now, boolean rebaseline, long stuckNanos, long sliceNanos) {
        boolean acted = false;
        boolean runnextWaits = false;
        boolean globalWork = !runq.isEmpty();
        // Only an idle P's M can take a runnext that waits behind a running goroutine: with every P
        // busy, sysmon's period is not kept short for it (see "Spinning and wakeups").
        boolean someIdle = npidle.get() > 0;
        for (P p : allp) {
            boolean running = p.running();
            long sw = p.switches();
            if (sw != p.sysmonSwitches || !running || rebaseline) {
                p.sysmonSwitches = sw;
                p.sysmonSwitchWhen = now;
            }
            long tick = p.schedtick();
            if (tick != p.sysmonTick || !running || rebaseline) {
                p.sysmonTick = tick;
                p.sysmonTickWhen = now;
            }
            if (running && now - p.sysmonSwitchWhen >= stuckNanos) {
                // Its goroutine has run on without a switch: its M is not between goroutines to run
                // the P's timers, so a timer thread takes them over.
                acted |= p.moveTimersToShard();
            }
            if (!running || !(globalWork || !p.runq.isEmpty())) {
                continue; // nothing waits behind it
            }
            boolean hasNext = p.runq.hasNext();
            runnextWaits |= someIdle && hasNext;
            // Only a handoff counts as acting (Go's sysmon resets its delay only for Ps it retook):
            // after a wake-up or a preemption request nothing needs a closer look.
            if (someIdle && hasNext && p.sysmonSwitchWhen != now && p.runq.size() == 0
                    && nmspinning.get() == 0) {
                // A runnext readied without a wake-up (see execute), and the goroutine that readied
                // it has run on for a whole period: a spinning M takes it, no handoff needed.
                wakep();
            } else if (now - p.sysmonSwitchWhen >= stuckNanos) {
                acted |= handoff(p, now - p.sysmonSwitchWhen);
            } else if (now - p.sysmonTickWhen >= sliceNanos) {
                p.requestPreempt();
                p.sysmonTickWhen = now;
            }
        }
        for (P d : detachedPs) {
            if (drainToGlobal(d) > 0) {
                acted = true;
                wakep();
            }
            d.moveTimersToShard(); // its goroutine may still add, until it parks
            if (d.released && d.runq.isEmpty() && !d.timers.hasWork()) {
                detachedPs.remove(d);
                P successor = d.handedTo;
                if (successor != null) {
                    // runs the stuck carrier made on d after the handoff copied its counters
                    successor.foldedRuns += d.switches() - successor.inheritedRuns;
                }
            }
        }
        acted |= watchdog();
        runnextWaitsSeen = runnextWaits;
        return acted;
    }

    /**
     * Sysmon's own: whether its last round found, while a P was idle, a running P with a goroutine in
     * runnext (readied, perhaps, without a wake-up). While it does, its period stays short
     * ({@link Sysmon}), which bounds how long such a runnext can wait for an M when the goroutine that
     * readied it runs on.
     */
    boolean runnextWaitsSeen;

    private long lastGlobalConsumerSeen = -1;
    private boolean globalLooksStuck;

    /**
     * Belt and braces against a lost wakeup: global work, an idle P, nobody spinning and no M on its
     * way to look ({@link #nmtransit}), twice in a row with no progress in between — wake an M.
     * Counted in the statistics; zero in a healthy run.
     */
    private boolean watchdog() {
        assert nmtransit.get() >= 0 : "Ms in transit below zero: " + nmtransit.get();
        if (runq.isEmpty() || npidle.get() == 0 || nmspinning.get() != 0 || nmtransit.get() != 0) {
            globalLooksStuck = false;
            return false;
        }
        long consumed = runq.taken();
        if (globalLooksStuck && consumed == lastGlobalConsumerSeen) {
            globalLooksStuck = false;
            sysmonWakeups.incrementAndGet();
            wakep();
            return true;
        }
        globalLooksStuck = true;
        lastGlobalConsumerSeen = consumed;
        return false;
    }

    /** Go's handoffp for a stuck P: a fresh P takes its place; its queue goes global; a spare M runs it. */
    private boolean handoff(P p, long stuckForNanos) {
        lock.lock();
        try {
            P[] all = allp;
            if (p.detached || p.id >= all.length || all[p.id] != p) {
                return false;
            }
            P fresh = new P(p.id, p);
            P[] copy = all.clone();
            copy[p.id] = fresh;
            p.handedTo = fresh;
            p.detached = true; // its timers move on sysmon's next look at detachedPs
            detachedPs.add(p);
            allp = copy;
            pidle.push(fresh);
            npidle.incrementAndGet();
        } finally {
            lock.unlock();
        }
        handoffs.incrementAndGet();
        int moved = drainToGlobal(p);
        startm(false);
        // Counted (Go.stats(), the MBean) and recorded (a JFR event), not logged: a handoff is what
        // sysmon is for, and on a loaded machine it happens without anything being wrong, so it
        // must not start SLF4J in a program where gort otherwise has nothing to say.
        GoEvents.handoff(p.id, stuckForNanos, moved);
        return true;
    }

    void attachDeadlockDetector(DeadlockDetector detector) {
        this.deadlockDetector = detector;
    }

    void attachMonitorChores(LongConsumer chores) {
        this.monitorChores = chores;
    }

    /** Sysmon, after each round: the runtime's chores, given the round's {@code System.nanoTime()}. */
    void monitorChores(long now) {
        LongConsumer c = monitorChores;
        if (c != null) {
            c.accept(now);
        }
    }

    /** Sysmon: nothing runs, nothing is queued, nobody looks for work. */
    private boolean quiescent() {
        return npidle.get() == allp.length && nmspinning.get() == 0 && runq.isEmpty();
    }

    /** Sysmon, after each round. */
    void deadlockCheck(long now) {
        DeadlockDetector d = deadlockDetector;
        if (d != null) {
            // called in OFF mode too, so that turning detection on starts a fresh quiet episode
            d.check(d.mode() != DeadlockDetector.Mode.OFF && quiescent(), now);
        }
    }

    // =============================================================================================
    // GOMAXPROCS
    // =============================================================================================

    public int maxProcs() {
        return allp.length;
    }

    /** Go's procresize. Returns the previous value. */
    public int setMaxProcs(int n) {
        if (n < 1 || n > MAX_PROCS) {
            throw new IllegalArgumentException("GOMAXPROCS must be between 1 and " + MAX_PROCS + ", got " + n);
        }
        int old;
        boolean moved = false;
        lock.lock();
        try {
            P[] all = allp;
            old = all.length;
            if (n > old) {
                P[] copy = Arrays.copyOf(all, n);
                for (int i = old; i < n; i++) {
                    copy[i] = new P(i);
                    pidle.push(copy[i]);
                    npidle.incrementAndGet();
                }
                allp = copy;
            } else if (n < old) {
                for (int i = n; i < old; i++) {
                    P q = all[i];
                    q.detached = true;
                    if (pidle.remove(q)) {
                        npidle.decrementAndGet();
                        q.released = true; // no M holds it
                    } else {
                        detachedPs.add(q); // its M drops it at its next schedule
                    }
                    moved |= drainToGlobal(q) > 0;
                    if (q.released) {
                        q.runq.clearConsumed(); // nobody else owns it now (see dropDetached)
                    }
                }
                allp = Arrays.copyOf(all, n);
            }
        } finally {
            lock.unlock();
        }
        if (n > old || moved) {
            wakep();
        }
        return old;
    }

    // =============================================================================================
    // statistics
    // =============================================================================================

    public SchedulerStats stats(int goroutines) {
        P[] all = allp;
        List<SchedulerStats.ProcStats> procs = new ArrayList<>(all.length);
        long steals = 0;
        for (P p : all) {
            procs.add(new SchedulerStats.ProcStats(p.id, p.totalRuns(), p.steals(), p.runq.size(), p.runq.hasNext()));
            steals += p.steals();
        }
        int carriersUsed = 0;
        for (M m : allm) {
            if (m.runs() > 0) {
                carriersUsed++;
            }
        }
        return new SchedulerStats(true, all.length, goroutines, List.copyOf(procs), mcount.get(), nmidle.get(),
                nmspinning.get(), carriersUsed, mwakeups.get(), steals, handoffs.get(), sysmonWakeups.get(), runq.size());
    }
}
