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

    /** Runs once at shutdown, after the application's shutdown hooks. */
    public static void atExit() {
        if (Reporter.found() == 0) {
            return;
        }
        Reporter.summary();
        if (keepStatus) {
            return;
        }
        String recorded = System.getProperty(STATUS_PROPERTY);
        int status;
        if (recorded != null) {
            try {
                status = Integer.parseInt(recorded);
            } catch (NumberFormatException e) {
                return;
            }
        } else if (viaSystemExit()) {
            return; // System.exit(n) whose n we could not see: keep it
        } else {
            status = mainFailed ? 1 : 0;
        }
        if (status == 0) {
            Reporter.out().flush();
            Runtime.getRuntime().halt(Reporter.exitCode());
        }
    }

    private static boolean viaSystemExit() {
        return StackWalker.getInstance().walk(s -> s.anyMatch(
                f -> f.getClassName().equals("java.lang.Shutdown") && f.getMethodName().equals("exit")));
    }

    /** {@code halt_on_error}: stop at the first report, like Go. */
    static void haltOnError() {
        Reporter.summary();
        Reporter.out().flush();
        Runtime.getRuntime().halt(Reporter.exitCode());
    }
}
