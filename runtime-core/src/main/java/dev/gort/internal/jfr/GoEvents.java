package dev.gort.internal.jfr;

import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;

/**
 * The one door to gort's JDK Flight Recorder events, for the runtime's hot paths.
 *
 * <p>Cost when nothing records: a static final boolean and one volatile read, and once the Flight
 * Recorder is up, JFR's own {@code isEnabled()} on an instance the JIT does not allocate (escape
 * analysis), which is false until a recording enables that event. Where the module {@code jdk.jfr}
 * is missing (a jlink image without it), {@link #AVAILABLE} is false and no event class is ever
 * loaded: every method here returns at its first line.
 *
 * <p><b>The event classes load only once the Flight Recorder is initialized.</b> Loading a
 * {@code jdk.jfr.Event} subclass costs 60-90 ms in a JVM whose recorder has not started (JFR
 * instruments the class and builds its metadata machinery), which every program would pay on its
 * first goroutine although most never record. So until JFR initializes (a recording started from
 * the command line, by {@code jcmd} or through {@code jdk.jfr.Recording}), this class loads none of
 * them: a {@link FlightRecorderListener} registered at class initialization (under a millisecond)
 * sets {@link #recorderUp} when it does, after loading them. JFR applies the settings of running
 * recordings to event classes loaded later, so a recording sees every event from then on.
 *
 * <p>The event classes appear in no signature here (tokens are {@code Object}), so loading this
 * class never loads them.
 *
 * <p>Wait reasons for {@link #endBlock} are Go's strings ({@code "chan receive"}, {@code "chan send"},
 * {@code "select"}, {@code "sync.Mutex.Lock"}, {@code "sync.WaitGroup.Wait"}, {@code "sleep"}, ...),
 * the same words the goroutine dump prints.
 */
public final class GoEvents {
    /** Event names start with this. */
    public static final String PREFIX = "dev.gort.";

    /** Whether the module jdk.jfr is present in this JVM. */
    public static final boolean AVAILABLE = jfrPresent();

    /**
     * Whether the Flight Recorder is initialized and the event classes are loaded. Written once,
     * false &rarr; true, by the listener (on the thread that initialized JFR, or the one that
     * initialized this class if JFR was up already); read by any thread.
     */
    private static volatile boolean recorderUp;

    static {
        if (AVAILABLE) {
            Listener.install();
        }
    }

    private GoEvents() {}

    /** Whether the Flight Recorder is up and gort's event classes are loaded (tests). */
    public static boolean recorderUp() {
        return recorderUp;
    }

    private static boolean jfrPresent() {
        try {
            Class.forName("jdk.jfr.Event", false, GoEvents.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** On the new goroutine {@code self}, before its body. */
    public static void goroutineStart(Thread self, long parentId) {
        if (AVAILABLE && recorderUp) {
            Recorder.start(self, parentId);
        }
    }

    /** On the goroutine, after its body; {@code uncaught} is what it threw, or null. */
    public static void goroutineEnd(Throwable uncaught) {
        if (AVAILABLE && recorderUp) {
            Recorder.end(uncaught);
        }
    }

    /** On sysmon, after it handed P {@code proc} on. */
    public static void handoff(int proc, long stuckForNanos, int moved) {
        if (AVAILABLE && recorderUp) {
            Recorder.handoff(proc, stuckForNanos, moved);
        }
    }

    /** On the thread that changed GOMAXPROCS. */
    public static void gomaxprocs(int oldProcs, int newProcs) {
        if (AVAILABLE && recorderUp) {
            Recorder.gomaxprocs(oldProcs, newProcs);
        }
    }

    /**
     * Before a goroutine parks in gort: a token for {@link #endBlock}, or null when the block event
     * is not being recorded (the common case: nothing allocated).
     */
    public static Object beginBlock() {
        return AVAILABLE && recorderUp ? Recorder.beginBlock() : null;
    }

    /**
     * After the goroutine resumed: commits the block event begun by {@link #beginBlock()} if it
     * lasted past the recording's threshold. {@code token} null does nothing.
     *
     * @param waitReason Go's wait reason ({@code toString()} is taken only when committing)
     * @param blocker    the object waited on, or null
     */
    public static void endBlock(Object token, Object waitReason, Object blocker) {
        if (token != null) {
            Recorder.endBlock(token, String.valueOf(waitReason), blocker);
        }
    }

    /**
     * Sets {@link #recorderUp} when the Flight Recorder initializes, after loading the event
     * classes. Its own class names JFR's API only, which costs nothing to load.
     */
    private static final class Listener implements FlightRecorderListener {
        static void install() {
            try {
                // Calls recorderInitialized at once, on this thread, if the recorder is up already.
                FlightRecorder.addListener(new Listener());
            } catch (RuntimeException | LinkageError e) {
                // A JVM built without JFR's native part: no recording can start, no event is needed.
            }
        }

        /**
         * Runs on the thread that initializes JFR, which holds JFR's recorder lock meanwhile (or on
         * the thread initializing {@link GoEvents}, if JFR was up first): it only loads classes
         * and sets a flag. The one wait it can meet is for GoEvents' own initialization to finish
         * on another thread, which by then has registered this listener and needs nothing more
         * of JFR, so it cannot deadlock with the recorder lock.
         */
        @Override
        public void recorderInitialized(FlightRecorder recorder) {
            Recorder.load();
            recorderUp = true;
        }
    }

    /** The code that touches the event classes, loaded only once the Flight Recorder is up. */
    private static final class Recorder {
        /** Probes for isEnabled() (an event class's state, not an instance's): no allocation per goroutine. */
        private static final GoroutineStartEvent START_PROBE = new GoroutineStartEvent();
        private static final GoroutineEndEvent END_PROBE = new GoroutineEndEvent();

        /** Initializes this class, and so loads every event class it names in its static fields. */
        static void load() {
            assert START_PROBE != null && END_PROBE != null && BLOCK_PROBE != null;
            // The two events without a probe are loaded here too, off the sysmon and maxProcs paths.
            new SysmonHandoffEvent();
            new GomaxprocsEvent();
        }

        static void start(Thread self, long parentId) {
            if (!START_PROBE.isEnabled()) {
                return;
            }
            GoroutineStartEvent e = new GoroutineStartEvent();
            if (e.isEnabled()) {
                String name = self.getName();
                e.name = name.isEmpty() ? null : name;
                e.parentId = parentId;
                e.commit();
            }
        }

        static void end(Throwable uncaught) {
            if (!END_PROBE.isEnabled()) {
                return;
            }
            GoroutineEndEvent e = new GoroutineEndEvent();
            if (e.isEnabled()) {
                e.uncaught = uncaught == null ? null : uncaught.getClass();
                e.commit();
            }
        }

        static void handoff(int proc, long stuckForNanos, int moved) {
            SysmonHandoffEvent e = new SysmonHandoffEvent();
            if (e.isEnabled()) {
                e.proc = proc;
                e.stuckFor = stuckForNanos;
                e.moved = moved;
                e.commit();
            }
        }

        static void gomaxprocs(int oldProcs, int newProcs) {
            GomaxprocsEvent e = new GomaxprocsEvent();
            if (e.isEnabled()) {
                e.oldProcs = oldProcs;
                e.newProcs = newProcs;
                e.commit();
            }
        }

        /**
         * Asks whether the block event is enabled without allocating one per park: an event's
         * {@code isEnabled()} reads its class's state only, so one shared instance can answer.
         */
        private static final GoroutineBlockEvent BLOCK_PROBE = new GoroutineBlockEvent();

        static Object beginBlock() {
            if (!BLOCK_PROBE.isEnabled()) {
                return null;
            }
            GoroutineBlockEvent e = new GoroutineBlockEvent();
            e.begin();
            return e;
        }

        static void endBlock(Object token, String waitReason, Object blocker) {
            GoroutineBlockEvent e = (GoroutineBlockEvent) token;
            e.end();
            if (e.shouldCommit()) {
                e.waitReason = waitReason;
                e.blockerClass = blocker == null ? null : blocker.getClass();
                e.commit();
            }
        }
    }
}
