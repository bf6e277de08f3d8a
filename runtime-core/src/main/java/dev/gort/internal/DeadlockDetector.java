package dev.gort.internal;

import dev.gort.internal.time.TimerHeap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Opt-in detection of Go's {@code all goroutines are asleep - deadlock!}, in both scheduling modes.
 *
 * <p>The runtime's monitor thread (sysmon, or the fallback mode's monitor) calls {@link #check} every
 * round. After {@value #QUIET_MILLIS} ms in which the scheduler was quiescent (G-M-P mode: every P
 * idle, nothing queued, nobody spinning; fallback mode cannot tell and passes true) while goroutines
 * are alive, it looks at gort's goroutine registry: if every goroutine is parked, untimed, on one of
 * gort's blockers (a wait node of the blocking layer, a gort mutex) and no timer of the runtime is
 * pending, it remembers what each one is parked on and looks again after another quiet interval.
 * Finding every goroutine still parked on the <em>same</em> blocker objects (wait nodes are never
 * reused, so that means none of them woke in between) is a deadlock — unless a thread outside gort
 * wakes one of them later, which gort cannot know: this is why it is opt-in (system property
 * {@code gort.deadlock=log|exit}, or the JMX attribute {@code DeadlockDetection}). {@code log} logs
 * an ERROR with the dump, once per episode; {@code exit} also ends the JVM with status 2, as Go does.
 */
final class DeadlockDetector {
    private static final LazyLog log = new LazyLog(DeadlockDetector.class);
    static final long QUIET_MILLIS = 1000;

    enum Mode { OFF, LOG, EXIT }

    private final Goroutines registry;
    private volatile Mode mode;
    // Monitor thread only.
    private long quietSince = -1;
    private boolean reportedThisEpisode;
    /** Goroutine id to the blocker it was parked on at the last look, when all looked deadlocked. */
    private Map<Long, Object> candidate;
    private volatile String lastReport;

    DeadlockDetector(Mode mode, Goroutines registry) {
        this.mode = mode;
        this.registry = registry;
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

    /** Monitor thread only. */
    void check(boolean quiescent, long nowNanos) {
        if (mode == Mode.OFF || !quiescent || registry.count() == 0) {
            quietSince = -1;
            reportedThisEpisode = false;
            candidate = null;
            return;
        }
        if (quietSince < 0) {
            quietSince = nowNanos;
            return;
        }
        if (reportedThisEpisode || nowNanos - quietSince < QUIET_MILLIS * 1_000_000) {
            return;
        }
        // Look again after another quiet interval of the same episode, whatever this look finds.
        quietSince = nowNanos;
        if (TimerHeap.pendingIfStarted() > 0) {
            candidate = null; // a timer will wake somebody
            return;
        }
        List<GoroutineDump.Goroutine> all;
        try {
            all = GoroutineDump.snapshot(registry, false);
        } catch (RuntimeException | LinkageError e) {
            log.get().debug("gort: deadlock check skipped", e);
            return;
        }
        if (all.isEmpty() || !all.stream().allMatch(GoroutineDump.Goroutine::gortBlocked)) {
            candidate = null;
            return;
        }
        Map<Long, Object> now = new HashMap<>();
        for (GoroutineDump.Goroutine g : all) {
            now.put(g.id(), g.blocker());
        }
        Map<Long, Object> before = candidate;
        candidate = now;
        if (before == null || !sameBlockers(before, now)) {
            return; // asleep now, but some woke since the last look (or this is the first look)
        }
        reportedThisEpisode = true;
        candidate = null;
        String report = "fatal error: all goroutines are asleep - deadlock!\n\n"
                + GoroutineDump.format(GoroutineDump.snapshot(registry, true));
        lastReport = report;
        log.get().error("gort: {}", report);
        if (mode == Mode.EXIT) {
            System.exit(2);
        }
    }

    private static boolean sameBlockers(Map<Long, Object> a, Map<Long, Object> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<Long, Object> e : a.entrySet()) {
            if (b.get(e.getKey()) != e.getValue()) {
                return false;
            }
        }
        return true;
    }
}
