package dev.gort.internal;

import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opt-in detection of Go's {@code all goroutines are asleep - deadlock!}.
 *
 * <p>Sysmon asks {@link #check} every round. When the scheduler has been quiescent (every P idle,
 * nothing queued, nobody spinning) for {@value #QUIET_MILLIS} ms while goroutines are alive, it takes a
 * goroutine dump; if every goroutine is parked, untimed, on a gort object (a channel, a mutex, ...)
 * and no gort timer is pending, that is a deadlock — unless a thread outside gort wakes one of them
 * later, which gort cannot know: this is why it is opt-in (system property
 * {@code gort.deadlock=log|exit}, or the JMX attribute {@code DeadlockDetection}). {@code log} logs an
 * ERROR with the dump, once per episode; {@code exit} also ends the JVM with status 2, as Go does.
 */
final class DeadlockDetector {
    private static final Logger log = LoggerFactory.getLogger(DeadlockDetector.class);
    static final long QUIET_MILLIS = 1000;

    enum Mode { OFF, LOG, EXIT }

    private volatile Mode mode;
    private long quietSince = -1;
    private boolean reportedThisEpisode;
    private volatile String lastReport;
    private volatile long reports;

    DeadlockDetector(Mode mode) {
        this.mode = mode;
    }

    static Mode parse(String value) {
        if (value == null || value.isBlank()) {
            return Mode.OFF;
        }
        try {
            return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gort.deadlock=\"" + value + "\" is not one of off, log, exit", e);
        }
    }

    Mode mode() {
        return mode;
    }

    void setMode(Mode m) {
        mode = m;
    }

    String lastReport() {
        return lastReport;
    }

    long reports() {
        return reports;
    }

    /** Sysmon thread only. */
    void check(boolean quiescent, int liveGoroutines, long nowNanos) {
        if (mode == Mode.OFF || !quiescent || liveGoroutines == 0) {
            quietSince = -1;
            reportedThisEpisode = false;
            return;
        }
        if (quietSince < 0) {
            quietSince = nowNanos;
            return;
        }
        if (reportedThisEpisode || nowNanos - quietSince < QUIET_MILLIS * 1_000_000) {
            return;
        }
        // Not (yet) a deadlock - a timer pending, a goroutine parked on something else, a dump
        // that failed: look again after another quiet interval of the same episode. A report is
        // made at most once per episode.
        quietSince = nowNanos;
        if (Diagnostics.pendingTimers() > 0) {
            return;
        }
        List<GoroutineDump.Goroutine> all;
        try {
            all = GoroutineDump.snapshot();
        } catch (RuntimeException | LinkageError e) {
            log.debug("gort: deadlock check skipped, no thread dump", e);
            return;
        }
        if (all.isEmpty() || !all.stream().allMatch(GoroutineDump.Goroutine::gortBlocked)) {
            return;
        }
        reportedThisEpisode = true;
        String report = "fatal error: all goroutines are asleep - deadlock!\n\n" + GoroutineDump.format(all);
        lastReport = report;
        reports++;
        log.error("gort: {}", report);
        if (mode == Mode.EXIT) {
            System.exit(2);
        }
    }
}
