package dev.gort.internal;

import dev.gort.internal.park.Blocker;
import dev.gort.internal.park.Clock;
import dev.gort.internal.park.WaitReason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Every live goroutine with its wait reason and stack, in Go's format:
 * <pre>
 * goroutine 18 "worker-3" [chan receive, 2 minutes]:
 * 	dev.gort.chan.Chan.recv(Chan.java:171)
 * 	com.example.Worker.run(Worker.java:40)
 * 	...
 * created by goroutine 1
 * </pre>
 * The goroutines come from gort's own registry ({@link Goroutines}), not from the JDK's thread dump,
 * so this works the same on every JDK from 21 on and in both scheduling modes. The wait reason is
 * what the goroutine's park named ({@link Blocker#waitReason}); for a wait outside gort (a JDK lock,
 * a socket, {@code Thread.sleep}) the thread's state stands in: {@code park}, {@code timed park},
 * {@code monitor enter}, {@code runnable}. Frames of the park machinery at the top of the stack (the
 * JDK's and gort's own layer) are left out, as Go leaves out {@code gopark}.
 */
final class GoroutineDump {
    /**
     * One goroutine as seen at one moment.
     *
     * @param blocker what it is parked on (identity matters to the deadlock detector), or null
     * @param gortBlocked parked, untimed, on one of gort's blockers: only gort can wake it
     */
    public record Goroutine(long id, String name, Thread.State state, String waitReason, int waitMinutes,
            Object blocker, boolean gortBlocked, long creator, boolean createdByGoroutine, List<String> stack) {}

    /** Frames of the park and spawn machinery (class-name prefixes), left out at the top and the bottom. */
    private static final String[] PARK_MACHINERY = {
        "java.lang.VirtualThread", "java.lang.System$", "jdk.internal.", "java.util.concurrent.locks.",
        "dev.gort.internal.",
    };

    private GoroutineDump() {}

    /** Every live goroutine, by id; {@code withStacks} false skips the (costly) stack walks. */
    static List<Goroutine> snapshot(Goroutines registry, boolean withStacks) {
        List<Goroutines.G> gs = registry.snapshot();
        List<Goroutine> out = new ArrayList<>(gs.size());
        Thread self = Thread.currentThread();
        int now = Clock.seconds();
        for (Goroutines.G g : gs) {
            Thread t = g.thread;
            Object blocker = LockSupport.getBlocker(t);
            Thread.State state = t.getState();
            if (state == Thread.State.TERMINATED) {
                continue; // ended after the snapshot
            }
            String reason;
            int minutes = 0;
            boolean parked = state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
            if (parked && blocker instanceof Blocker b) {
                WaitReason r = b.waitReason(t);
                reason = r.toString();
                int since = b.waitingSince();
                if (since != Clock.UNKNOWN) {
                    minutes = (now - since) / 60;
                }
            } else {
                reason = switch (state) {
                    case NEW, RUNNABLE -> t == self ? "running" : "runnable";
                    case BLOCKED -> "monitor enter";
                    case WAITING -> "park";
                    case TIMED_WAITING -> "timed park";
                    default -> state.name().toLowerCase(java.util.Locale.ROOT);
                };
            }
            boolean gortBlocked = state == Thread.State.WAITING && blocker instanceof Blocker;
            List<String> stack = withStacks ? frames(t.getStackTrace()) : List.of();
            out.add(new Goroutine(t.threadId(), t.getName(), state, reason, minutes, blocker, gortBlocked,
                    g.creatorId(), g.createdByGoroutine(), stack));
        }
        out.sort(Comparator.comparingLong(Goroutine::id));
        return out;
    }

    private static List<String> frames(StackTraceElement[] trace) {
        int first = 0;
        while (first < trace.length - 1 && isParkMachinery(trace[first].getClassName())) {
            first++;
        }
        // The goroutine's own start (the JDK's VirtualThread.run, gort's spawn wrapper) at the bottom:
        // "created by" says where it came from, as in Go.
        int end = trace.length;
        while (end > first + 1 && isParkMachinery(trace[end - 1].getClassName())) {
            end--;
        }
        List<String> out = new ArrayList<>(end - first);
        for (int i = first; i < end; i++) {
            StackTraceElement e = trace[i];
            String where = e.getFileName() == null ? "Unknown Source"
                    : e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
            out.add(e.getClassName() + "." + e.getMethodName() + "(" + where + ")");
        }
        return out;
    }

    private static boolean isParkMachinery(String className) {
        for (String p : PARK_MACHINERY) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    /** Go's format: a header per goroutine, its frames, who created it, a blank line between goroutines. */
    public static String format(List<Goroutine> goroutines) {
        StringBuilder b = new StringBuilder();
        for (Goroutine g : goroutines) {
            b.append("goroutine ").append(g.id());
            if (!g.name().isEmpty()) {
                b.append(" \"").append(g.name()).append('"');
            }
            b.append(" [").append(g.waitReason());
            if (g.waitMinutes() > 0) {
                b.append(", ").append(g.waitMinutes()).append(" minutes"); // Go's wording, "1 minutes" too
            }
            b.append("]:\n");
            for (String f : g.stack()) {
                b.append('\t').append(f).append('\n');
            }
            b.append(g.createdByGoroutine() ? "created by goroutine " : "created by thread ").append(g.creator()).append('\n');
            b.append('\n');
        }
        return b.toString();
    }
}
