package dev.gort.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * An M (machine): a platform carrier thread named {@code gort-m-N} that runs goroutines while it
 * holds a P, and parks on its own note when there is nothing to do. The loop itself is
 * {@link Scheduler#mstart}; this class holds the M's state.
 *
 * <p>Every field but {@link #notified}, {@link #wakeSpinning} and {@link #runs} is read and written by
 * this thread alone — including while a goroutine is mounted on it, since the scheduler's
 * {@code execute} then runs on this same platform thread.
 */
final class M extends Thread {
    private static final VarHandle RUNS;

    static {
        try {
            RUNS = MethodHandles.lookup().findVarHandle(M.class, "runs", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Scheduler sched;
    final int mid;

    /** The P held, or null. Written by this M only (a detached P stays here until this M drops it). */
    P p;
    /** Looking for work to steal; counted in {@link Scheduler#nmspinning}. */
    boolean spinning;
    /** The runnable found by findRunnable came from runnext: run it in the current time slice. */
    boolean inheritTime;
    /** The goroutine run task now on this carrier; a re-submission of it is a yield (unless {@link #parking}). */
    Runnable current;
    /**
     * Set by the current goroutine just before it spins or parks in the blocking layer
     * ({@link Carriers#beginPark}), cleared after that and whenever this M starts a run: a
     * re-submission of {@link #current} while it is set is the JDK re-running a goroutine whose
     * wake-up beat its park, not a yield.
     */
    boolean parking;
    /**
     * Set by the current goroutine around its {@code start()} of a new goroutine ({@link Carriers#start}):
     * a start readied into runnext wakes an M at once, as Go's newproc does, where another ready may not.
     */
    boolean spawning;
    /** Scratch space for moving half a full local queue, plus the one that did not fit, to the global queue. */
    final Runnable[] batch = new Runnable[RunQueue.CAPACITY / 2 + 1];
    /** Scratch space for a fair share taken from the global queue (globrunqget). */
    final Runnable[] fromGlobal = new Runnable[RunQueue.CAPACITY / 2];
    private int seed;

    /** Goroutine runs on this carrier (statistics; opaque). */
    private long runs;

    /** Set by a waker (after {@link #wakeSpinning}), cleared by this M: Go's m.park note. */
    private volatile boolean notified;
    /** Whether the waker counted this M as spinning. */
    private volatile boolean wakeSpinning;

    M(Scheduler sched, int mid, boolean spinning) {
        super(null, null, "gort-m-" + mid, 0, false);
        this.sched = sched;
        this.mid = mid;
        this.spinning = spinning;
        this.seed = 0x9E3779B9 * (mid + 1);
        setDaemon(true);
    }

    @Override
    public void run() {
        sched.mstart(this);
    }

    /** Parks until {@link #wake}; then takes on the spinning state the waker accounted for. */
    void sleep() {
        while (!notified) {
            // An M is a carrier (platform) thread sleeping on its note, as Go's notesleep: the
            // blocking layer parks goroutines, which need a carrier to run on.
            LockSupport.park(this);
        }
        notified = false;
        spinning = wakeSpinning;
    }

    /** Any thread: wakes this M, counted as spinning or not. */
    void wake(boolean asSpinning) {
        wakeSpinning = asSpinning;
        notified = true;
        LockSupport.unpark(this);
    }

    void countRun() {
        RUNS.setOpaque(this, runs + 1);
    }

    long runs() {
        return (long) RUNS.getOpaque(this);
    }

    /** xorshift: a random start for the steal order. */
    int nextRandom(int bound) {
        int x = seed;
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        seed = x;
        return (x & Integer.MAX_VALUE) % bound;
    }
}
