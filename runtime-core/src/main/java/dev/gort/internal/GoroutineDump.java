package dev.gort.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * All live goroutines with their wait reasons and stacks, formatted like Go's goroutine dump
 * ({@code goroutine 17 [chan receive]:} followed by the stack).
 *
 * <p>The data comes from the JDK's own thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads} in
 * JSON — the same one {@code jcmd <pid> Thread.dump_to_file -format=json} writes), which lists
 * virtual threads with their state, park blocker and stack. Every virtual thread is listed: those
 * started with {@code Go.go} and any other. The wait reason is read from the first frame in a public
 * gort package ({@code dev.gort.chan.Chan.recv} is "chan receive"), else from the thread's state.
 */
public final class GoroutineDump {
    /** One goroutine. {@code gortBlocked}: parked, untimed, on an object of a gort class. */
    public record Goroutine(long id, String name, String state, String waitReason, boolean gortBlocked, List<String> stack) {}

    /** Frame prefixes (class.method) in gort's public packages and the wait reason Go would print. */
    private static final String[][] REASONS = {
        {"dev.gort.chan.Chan.send", "chan send"},
        {"dev.gort.chan.Chan.recv", "chan receive"},
        {"dev.gort.chan.Chan$", "chan receive"}, // the range iterator
        {"dev.gort.chan.Select", "select"},
        {"dev.gort.chan.Time.sleep", "sleep"},
        {"dev.gort.sync.Mutex.lock", "sync.Mutex.Lock"},
        {"dev.gort.sync.RWMutex.rLock", "sync.RWMutex.RLock"},
        {"dev.gort.sync.RWMutex.lock", "sync.RWMutex.Lock"},
        {"dev.gort.sync.WaitGroup.await", "sync.WaitGroup.Wait"},
        {"dev.gort.sync.Cond.await", "sync.Cond.Wait"},
        {"dev.gort.sync.Semaphore.acquire", "semacquire"},
        {"dev.gort.sync.Once.run", "sync.Once.Do"},
        {"dev.gort.sync.ErrGroup.await", "errgroup.Wait"},
        {"dev.gort.context.", "context"},
    };

    /** Leading frames of the JDK's park machinery, left out as Go leaves out gopark. */
    private static final String[] PARK_MACHINERY = {
        "java.base/java.lang.VirtualThread.", "java.base/java.lang.System$", "java.base/jdk.internal.",
        "java.base/java.util.concurrent.locks.LockSupport.",
    };

    private GoroutineDump() {}

    /** A snapshot of every live virtual thread, by id. */
    @SuppressWarnings("unchecked")
    public static List<Goroutine> snapshot() {
        String json = jdkThreadDump();
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        Map<String, Object> dump = (Map<String, Object>) root.get("threadDump");
        List<Goroutine> out = new ArrayList<>();
        for (Object c : (List<Object>) dump.get("threadContainers")) {
            for (Object t : (List<Object>) ((Map<String, Object>) c).get("threads")) {
                Map<String, Object> th = (Map<String, Object>) t;
                if (!Boolean.TRUE.equals(th.get("virtual"))) {
                    continue;
                }
                out.add(goroutine(th));
            }
        }
        out.sort(Comparator.comparingLong(Goroutine::id));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Goroutine goroutine(Map<String, Object> th) {
        long id = Long.parseLong(String.valueOf(th.get("tid")));
        String name = String.valueOf(th.getOrDefault("name", ""));
        String state = String.valueOf(th.getOrDefault("state", "UNKNOWN"));
        String blocker = null;
        Object pb = th.get("parkBlocker");
        if (pb instanceof Map<?, ?> m && m.get("object") != null) {
            blocker = String.valueOf(m.get("object"));
        }
        List<String> frames = new ArrayList<>();
        for (Object f : (List<Object>) th.getOrDefault("stack", List.of())) {
            frames.add(String.valueOf(f));
        }
        int first = 0;
        while (first < frames.size() - 1 && isParkMachinery(frames.get(first))) {
            first++;
        }
        List<String> stack = List.copyOf(frames.subList(first, frames.size()));
        boolean gortBlocked = "WAITING".equals(state) && blocker != null && blocker.startsWith("dev.gort.");
        return new Goroutine(id, name, state, reason(state, frames), gortBlocked, stack);
    }

    private static boolean isParkMachinery(String frame) {
        for (String p : PARK_MACHINERY) {
            if (frame.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static String reason(String state, List<String> frames) {
        for (String f : frames) {
            String frame = f.contains("/") ? f.substring(f.indexOf('/') + 1) : f;
            if (!frame.startsWith("dev.gort.") || frame.contains(".internal.")) {
                continue;
            }
            for (String[] r : REASONS) {
                if (frame.startsWith(r[0])) {
                    return r[1];
                }
            }
        }
        for (String f : frames) {
            if (f.contains("java.lang.Thread.sleep")) {
                return "sleep";
            }
        }
        return switch (state) {
            case "RUNNABLE" -> "runnable";
            case "BLOCKED" -> "monitor enter";
            case "TIMED_WAITING" -> "timed park";
            case "WAITING" -> "park";
            default -> state.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Go's format: a header per goroutine, then its frames, a blank line between goroutines. */
    public static String format(List<Goroutine> goroutines) {
        StringBuilder b = new StringBuilder();
        for (Goroutine g : goroutines) {
            b.append("goroutine ").append(g.id());
            if (!g.name().isEmpty()) {
                b.append(" \"").append(g.name()).append('"');
            }
            b.append(" [").append(g.waitReason()).append("]:\n");
            for (String f : g.stack()) {
                b.append('\t').append(f).append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String jdkThreadDump() {
        Path file = null;
        try {
            file = Files.createTempFile("gort-goroutines", ".json");
            Files.delete(file); // dumpThreads refuses to overwrite
            com.sun.management.HotSpotDiagnosticMXBean bean =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            bean.dumpThreads(file.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("goroutine dump: cannot write the JDK thread dump", e);
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file left behind is harmless
                }
            }
        }
    }
}
