package dev.gort.internal;

import dev.gort.internal.time.TimerHeap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A P (processor): the right to run goroutines, GOMAXPROCS of them. It carries a local run queue
 * with its runnext slot, the scheduling counters sysmon watches, and statistics.
 *
 * <p>Who writes what:
 * <ul>
 *   <li>The owning M (the carrier holding this P) writes {@link #schedtick}, {@link #switches},
 *       {@link #running} and the statistics, with opaque stores; sysmon and statistics readers read
 *       them with opaque loads and tolerate staleness.</li>
 *   <li>Sysmon writes {@link #preempt} (the owner clears it) and the {@code sysmon*} bookkeeping,
 *       which no one else touches.</li>
 *   <li>{@link #detached} is set once, under the scheduler lock, when sysmon hands this P's work to
 *       another M or GOMAXPROCS shrinks; {@link #released} is set once by the last owner when it has
 *       drained the queue of a detached P.</li>
 * </ul>
 * A detached P never returns to the idle list and is never owned again: it is garbage once drained.
 * That keeps the run queue's single producer single — the stuck M that still holds a detached P is
 * the only thread that can ever put into it.
 */
final class P {
    private static final VarHandle SCHEDTICK;
    private static final VarHandle SWITCHES;
    private static final VarHandle RUNNING;
    private static final VarHandle STEALS;
    private static final VarHandle PREEMPT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SCHEDTICK = l.findVarHandle(P.class, "schedtick", long.class);
            SWITCHES = l.findVarHandle(P.class, "switches", long.class);
            RUNNING = l.findVarHandle(P.class, "running", boolean.class);
            STEALS = l.findVarHandle(P.class, "steals", long.class);
            PREEMPT = l.findVarHandle(P.class, "preempt", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Index in allp; a P that replaces a detached one takes its id. */
    final int id;
    final RunQueue runq = new RunQueue();

    /** Incremented by the owner each time a goroutine starts a new time slice (not for runnext). */
    private long schedtick;
    /** Incremented by the owner each time it runs a goroutine, inherited slice or not. */
    private long switches;
    /** Owner: true while a goroutine runs on this P. */
    private boolean running;
    /** Goroutines this P's Ms stole from other Ps. */
    private long steals;
    /** Set by sysmon when the current slice is over; the owner clears it at its next schedule. */
    private boolean preempt;

    volatile boolean detached;
    volatile boolean released;

    /** The fresh P that took this one's place at a handoff (set under the scheduler lock). */
    volatile P handedTo;
    /** Runs this P started with, copied from the P it replaced (statistics). */
    long inheritedRuns;
    /**
     * Runs made on replaced Ps after they were replaced, folded in by sysmon when it drops them, so
     * per-P statistics lose nothing to a handoff. Written by sysmon only.
     */
    volatile long foldedRuns;

    // sysmon's private bookkeeping (Go's sysmontick)
    long sysmonSwitches;
    long sysmonSwitchWhen;
    long sysmonTick;
    long sysmonTickWhen;

    /**
     * This P's timers (Go's {@code p.timers}): added by the goroutines that run on it, run by its M
     * between goroutines, moved to a timer shard when the P goes idle or is retired, or when its
     * goroutine runs on without a switch (see Scheduler, "A P's timers"). Nodes reach it lock-free;
     * its M and whoever moves it take turns under the heap's own lock.
     */
    final TimerHeap timers = TimerHeap.newLocal();

    /**
     * Hands this P's timers, if it has any, to a timer shard, whose thread keeps their time while no
     * M runs this P between goroutines (it went idle, was retired or handed on, or its goroutine runs
     * on). Returns whether there were any.
     */
    boolean moveTimersToShard() {
        if (!timers.hasWork()) {
            return false;
        }
        timers.moveTo(TimerHeap.shard(id));
        return true;
    }

    P(int id) {
        this.id = id;
    }

    /** A P taking over from {@code old} keeps its statistics running. */
    P(int id, P old) {
        this(id);
        this.switches = old.switches();
        this.inheritedRuns = this.switches;
        this.steals = old.steals();
        this.foldedRuns = old.foldedRuns;
    }

    /** Runs on this P, counting those made on the Ps it replaced after their handoff. */
    long totalRuns() {
        return switches() + foldedRuns;
    }

    // ---- owner writes --------------------------------------------------------------------------

    void beginRun(boolean inheritTime) {
        if (!inheritTime) {
            SCHEDTICK.setOpaque(this, schedtick + 1);
        }
        SWITCHES.setOpaque(this, switches + 1);
        RUNNING.setOpaque(this, true);
    }

    void endRun() {
        RUNNING.setOpaque(this, false);
    }

    void addSteals(int n) {
        STEALS.setOpaque(this, steals + n);
    }

    /** Owner: reads and clears the preempt request. */
    boolean takePreempt() {
        if ((boolean) PREEMPT.getOpaque(this)) {
            PREEMPT.setOpaque(this, false);
            return true;
        }
        return false;
    }

    // ---- sysmon and readers --------------------------------------------------------------------

    void requestPreempt() {
        PREEMPT.setOpaque(this, true);
    }

    long schedtick() {
        return (long) SCHEDTICK.getOpaque(this);
    }

    long switches() {
        return (long) SWITCHES.getOpaque(this);
    }

    boolean running() {
        return (boolean) RUNNING.getOpaque(this);
    }

    long steals() {
        return (long) STEALS.getOpaque(this);
    }

    @Override
    public String toString() {
        return "P" + id + (detached ? "(detached)" : "");
    }
}
