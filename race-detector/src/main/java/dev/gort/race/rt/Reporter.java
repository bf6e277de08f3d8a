package dev.gort.race.rt;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints races in Go's format, each pair of source locations once, to the process's standard error
 * (file descriptor 2, whatever {@code System.err} became) or to the agent's {@code log_path}.
 */
public final class Reporter {
    private static final int MAX_FRAMES = 48;
    static final String RULE = "==================";

    private static volatile PrintStream out =
            new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    private static volatile boolean haltOnError;
    private static volatile int exitCode = 66;
    private static final ConcurrentHashMap<Long, Boolean> SEEN = new ConcurrentHashMap<>();
    private static final AtomicInteger FOUND = new AtomicInteger();

    private Reporter() {}

    /** Set by the agent's options before the program runs. */
    public static void configure(PrintStream stream, boolean halt, int code) {
        if (stream != null) {
            out = stream;
        }
        haltOnError = halt;
        exitCode = code;
    }

    /** Races reported so far. */
    public static int found() {
        return FOUND.get();
    }

    public static int exitCode() {
        return exitCode;
    }

    public static PrintStream out() {
        return out;
    }

    /**
     * One race: the current access by {@code t} at {@code site} and an earlier one (its stack and
     * site) that does not happen before it. Reported unless this pair of sites was reported before.
     */
    static void race(int locKind, Object owner, long key, T t, boolean write, int site,
                     boolean prevWrite, Frame prevStack, int prevSite) {
        int a = location(site);
        int b2 = location(prevSite);
        long pair = a <= b2 ? ((long) a << 32) | (b2 & 0xFFFFFFFFL) : ((long) b2 << 32) | (a & 0xFFFFFFFFL);
        if (SEEN.putIfAbsent(pair, Boolean.TRUE) != null) {
            return;
        }
        String where = location(locKind, owner, key);
        ThreadRoot cur = t.top.root;
        ThreadRoot prev = prevStack != null ? prevStack.root : null;
        StringBuilder b = new StringBuilder(1024);
        b.append(RULE).append('\n').append("WARNING: DATA RACE").append('\n');
        b.append(write ? "Write" : "Read").append(" at ").append(where).append(" by goroutine ").append(cur.goid)
                .append(":\n");
        stack(b, site, t.top);
        b.append('\n');
        b.append(prevWrite ? "Previous write" : "Previous read").append(" at ").append(where).append(" by goroutine ")
                .append(prev != null ? prev.goid : 0).append(":\n");
        stack(b, prevSite, prevStack);
        creation(b, cur);
        if (prev != null && prev != cur) {
            creation(b, prev);
        }
        b.append(RULE).append('\n');
        int n;
        synchronized (Reporter.class) {
            n = FOUND.incrementAndGet();
            out.print(b);
            out.flush();
        }
        if (haltOnError && n == 1) {
            Exit.haltOnError();
        }
    }

    private static int location(int site) {
        Sites.Site s = Sites.get(site);
        return s == null ? -site : s.location;
    }

    private static String location(int kind, Object owner, long key) {
        switch (kind) {
            case Detector.FIELD:
                return Fields.name((int) key) + " of " + identity(owner);
            case Detector.STATIC:
                return owner + " (static)";
            case Detector.ARRAY: {
                String type = owner.getClass().getComponentType().getSimpleName();
                return type + "[" + java.lang.reflect.Array.getLength(owner) + "]@"
                        + Integer.toHexString(System.identityHashCode(owner)) + "[" + key + "]";
            }
            default:
                return identity(owner) + " (gort runtime state, slot " + key + ")";
        }
    }

    private static String identity(Object o) {
        return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }

    /** The access's own frame, then its callers. */
    static void stack(StringBuilder b, int site, Frame top) {
        int n = 0;
        if (site != 0) {
            frame(b, site);
            n++;
        }
        for (Frame f = top; f != null; f = f.parent) {
            if (f.site != 0) {
                if (n++ == MAX_FRAMES) {
                    b.append("  ...\n");
                    break;
                }
                frame(b, f.site);
            }
        }
        if (n == 0) {
            b.append("  [stack unknown]\n");
        }
    }

    private static void frame(StringBuilder b, int id) {
        Sites.Site s = Sites.get(id);
        if (s == null) {
            b.append("  [site ").append(id).append(" unknown]\n");
            return;
        }
        b.append("  ").append(s.className).append('.').append(s.method).append("()\n");
        b.append("      ").append(s.source).append(':');
        if (s.line > 0) {
            b.append(s.line);
        } else {
            b.append('?');
        }
        b.append('\n');
    }

    private static void creation(StringBuilder b, ThreadRoot r) {
        if (r.main) {
            return;
        }
        b.append('\n').append("Goroutine ").append(r.goid).append(r.running() ? " (running)" : " (finished)");
        Frame top = r.createdTop;
        int site = r.createdSite;
        if (r.task) {
            b.append(" runs a task submitted at:\n");
        } else {
            b.append(" created at:\n");
        }
        if (site == 0 && top == null) {
            b.append("  [unknown: thread \"").append(r.name).append("\" was not started by instrumented code]\n");
        } else {
            stack(b, site, top);
        }
    }

    /** The exit line, Go's words. */
    static void summary() {
        int n = FOUND.get();
        if (n > 0) {
            synchronized (Reporter.class) {
                out.println("Found " + n + " data race(s)");
                out.flush();
            }
        }
    }
}
