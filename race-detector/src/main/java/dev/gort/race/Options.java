package dev.gort.race;

import java.io.File;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's options: {@code -javaagent:gort-race.jar=key=value,key=value}, and the same keys in
 * the environment variable {@code GORACE} (space-separated, Go's way; the agent's own win).
 *
 * <ul>
 *   <li>{@code include=p1:p2} instrument these package or class name prefixes even if excluded by
 *       default; {@code exclude=p1:p2} do not instrument these; {@code only=p1:p2} instrument
 *       nothing else. The longest matching prefix decides.</li>
 *   <li>{@code include_from=dir:file.jar} (the platform's path separator) instrument every class
 *       loaded from these class path entries, whatever its package: a project's test classes, in
 *       the packages of the code they test.</li>
 *   <li>{@code exitcode=N} the status when races were found and the program would exit with 0
 *       (default 66, Go's); {@code keepstatus} never change the program's status.</li>
 *   <li>{@code halt_on_error} exit at the first race report.</li>
 *   <li>{@code log_path=FILE} write reports to {@code FILE.<pid>} instead of standard error.</li>
 *   <li>{@code readers=N} unordered reads kept per location (default 8).</li>
 *   <li>{@code verbose} print, at exit, what was instrumented and any class left alone.</li>
 * </ul>
 */
public final class Options {
    /**
     * Excluded by default: the JDK, gort's runtime (with JCTools, its queues, which synchronise
     * through Unsafe on plain fields) and this agent, build and test tooling.
     */
    static final List<String> DEFAULT_EXCLUDES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.",
            "org.xml.", "org.ietf.", "org.jcp.", "dev.gort.", "org.jctools.", "org.junit.", "junit.", "org.opentest4j.",
            "org.apiguardian.", "org.apache.maven.", "org.codehaus.plexus.", "org.gradle.", "worker.org.gradle.",
            "org.openjdk.jmh.", "org.openjdk.jcstress.", "com.intellij.", "org.jetbrains.jps.");
    /** Included although a default exclude covers them: gort's examples are application code. */
    static final List<String> DEFAULT_INCLUDES = List.of("dev.gort.examples.");

    private final List<String> prefixes = new ArrayList<>();
    private final List<Boolean> include = new ArrayList<>();
    private boolean defaultInclude = true;
    private final List<Path> includeFrom = new ArrayList<>();
    int exitCode = 66;
    boolean keepStatus;
    boolean haltOnError;
    String logPath;
    int readers = 8;
    boolean verbose;

    private Options() {
        for (String p : DEFAULT_EXCLUDES) {
            rule(p, false);
        }
        for (String p : DEFAULT_INCLUDES) {
            rule(p, true);
        }
    }

    /** Parses the agent argument and GORACE; a bad option is an IllegalArgumentException naming it. */
    static Options parse(String agentArgs, String gorace) {
        Options o = new Options();
        if (gorace != null && !gorace.isBlank()) {
            for (String kv : gorace.trim().split("\\s+")) {
                o.apply(kv, "GORACE");
            }
        }
        if (agentArgs != null && !agentArgs.isBlank()) {
            for (String kv : agentArgs.split(",")) {
                if (!kv.isBlank()) {
                    o.apply(kv.trim(), "-javaagent");
                }
            }
        }
        return o;
    }

    private void apply(String kv, String from) {
        int eq = kv.indexOf('=');
        String key = eq < 0 ? kv : kv.substring(0, eq);
        String value = eq < 0 ? null : kv.substring(eq + 1);
        switch (key) {
            case "include" -> list(key, value, from).forEach(p -> rule(p, true));
            case "exclude" -> list(key, value, from).forEach(p -> rule(p, false));
            case "only" -> {
                defaultInclude = false;
                list(key, value, from).forEach(p -> rule(p, true));
            }
            case "include_from" -> {
                for (String p : nonEmpty(key, value, from).split(File.pathSeparator)) {
                    if (!p.isBlank()) {
                        includeFrom.add(Path.of(p.trim()).toAbsolutePath().normalize());
                    }
                }
            }
            case "exitcode" -> exitCode = integer(key, value, from, 0, 255);
            case "keepstatus" -> keepStatus = flag(key, value, from);
            case "halt_on_error" -> haltOnError = flag(key, value, from);
            case "log_path" -> logPath = nonEmpty(key, value, from);
            case "readers", "history_size" -> readers = integer(key, value, from, 2, 64);
            case "verbose" -> verbose = flag(key, value, from);
            default -> throw new IllegalArgumentException("gort race detector: unknown option '" + key + "' in " + from
                    + " (known: include, exclude, only, include_from, exitcode, keepstatus, halt_on_error, log_path, readers, verbose)");
        }
    }

    private void rule(String prefix, boolean inc) {
        int i = prefixes.indexOf(prefix);
        if (i >= 0) {
            include.set(i, inc);
        } else {
            prefixes.add(prefix);
            include.add(inc);
        }
    }

    /** Whether the class (internal name, {@code a/b/C}) is instrumented. */
    boolean instrument(String internalName) {
        String dotted = internalName.replace('/', '.');
        int best = -1;
        int bestLen = -1;
        for (int i = 0; i < prefixes.size(); i++) {
            String p = prefixes.get(i);
            if (p.length() > bestLen && dotted.startsWith(p)) {
                best = i;
                bestLen = p.length();
            }
        }
        return best < 0 ? defaultInclude : include.get(best);
    }

    /** Whether a class loaded from {@code location} (its code source) is instrumented whatever its name. */
    boolean includesFrom(URL location) {
        if (includeFrom.isEmpty() || location == null) {
            return false;
        }
        try {
            Path p = Path.of(location.toURI()).toAbsolutePath().normalize();
            for (Path dir : includeFrom) {
                if (p.startsWith(dir)) {
                    return true;
                }
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // not a file: not one of ours
        }
        return false;
    }

    /** True when some class path entries are instrumented whatever their classes' names. */
    boolean hasIncludeFrom() {
        return !includeFrom.isEmpty();
    }

    private static List<String> list(String key, String value, String from) {
        String v = nonEmpty(key, value, from);
        List<String> out = new ArrayList<>();
        for (String p : v.split("[:;]")) {
            if (!p.isBlank()) {
                out.add(p.trim());
            }
        }
        return out;
    }

    private static String nonEmpty(String key, String value, String from) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("gort race detector: option '" + key + "' in " + from + " needs a value");
        }
        return value;
    }

    private static boolean flag(String key, String value, String from) {
        if (value == null || value.equals("1") || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equals("0") || value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("gort race detector: option '" + key + "' in " + from
                + " is 1/0 or true/false, not '" + value + "'");
    }

    private static int integer(String key, String value, String from, int min, int max) {
        try {
            int v = Integer.parseInt(nonEmpty(key, value, from));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new IllegalArgumentException("gort race detector: option '" + key + "' in " + from
                + " must be an integer from " + min + " to " + max + ", not '" + value + "'");
    }
}
