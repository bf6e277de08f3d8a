package dev.gort.race.rt;

/**
 * Go's exit rule: when races were found and the program would exit with status 0, it exits with
 * status 66 instead ({@code exitcode=N} changes 66; {@code keepstatus} keeps the program's status).
 * The summary line "Found K data race(s)" is printed at exit whatever the status.
 *
 * <p>The program's status: what {@code System.exit} was called with (the agent records it in
 * {@link #STATUS_PROPERTY} from {@code java.lang.Shutdown.exit}), else 1 if the main thread died
 * of an uncaught exception, else 0.
 */
public final class Exit {
    /** System property holding the status of a {@code System.exit} in progress. */
    public static final String STATUS_PROPERTY = "gort.race.exitStatus";

    private static volatile boolean keepStatus;
    private static volatile boolean mainFailed;

    private Exit() {}

    public static void configure(boolean keep) {
        keepStatus = keep;
    }

    /** The main thread ended with an uncaught exception (the launcher will exit with 1). */
    public static void mainFailed() {
        mainFailed = true;
    }

    /**
     * Runs once at shutdown, after the application's shutdown hooks: the status is decided first,
     * then {@code report} (the {@code verbose} output, or null) and the summary are printed under
     * the {@link Watchdog}'s exit deadline, so a blocked standard error cannot keep the JVM alive.
     */
    public static void atExit(Runnable report) {
        boolean races = Reporter.found() > 0;
        if (!races && report == null) {
            return;
        }
        int program = programStatus();
        boolean replace = races && !keepStatus && program == 0;
        int status = replace ? Reporter.exitCode() : program;
        Watchdog.exiting(status < 0 ? 1 : status);
        if (report != null) {
            report.run();
        }
        if (!races) {
            return;
        }
        Reporter.summary();
        if (replace) {
            Reporter.out().flush();
            Runtime.getRuntime().halt(status);
        }
    }

    /**
     * The status the JVM is exiting with: what {@code System.exit} was called with, else 1 if main
     * died of an exception, else 0; -1 when a {@code System.exit} is under way whose status could
     * not be recorded (it is then kept, whatever it is).
     */
    private static int programStatus() {
        String recorded = System.getProperty(STATUS_PROPERTY);
        if (recorded != null) {
            try {
                return Integer.parseInt(recorded);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        if (viaSystemExit()) {
            return -1;
        }
        return mainFailed ? 1 : 0;
    }

    private static boolean viaSystemExit() {
        return StackWalker.getInstance().walk(s -> s.anyMatch(
                f -> f.getClassName().equals("java.lang.Shutdown") && f.getMethodName().equals("exit")));
    }

    /** {@code halt_on_error}: stop at the first report, like Go. */
    static void haltOnError() {
        Watchdog.exiting(Reporter.exitCode());
        Reporter.summary();
        Reporter.out().flush();
        Runtime.getRuntime().halt(Reporter.exitCode());
    }
}
