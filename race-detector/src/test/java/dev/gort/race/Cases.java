package dev.gort.race;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expected verdict of each case of a testdata group, read from its source: a case named
 * {@code testRace...} must be reported and {@code testNoRace...} must not; a reported case's racing
 * lines end with the comment {@code // RACE} (inside the case's method) or {@code // RACE: name}
 * (in a helper, naming the cases).
 */
final class Cases {
    static final String PACKAGE_DIR = "dev/gort/race/testdata/";
    private static final Pattern CASE = Pattern.compile("^\\s*static void (test\\w+)\\(");
    private static final Pattern MARK = Pattern.compile("//\\s*RACE(?::\\s*([\\w ]+))?\\s*$");

    private Cases() {}

    /** A case and the source lines ({@code path/File.java:N}) that race in it. */
    record Case(String name, boolean racy, Set<String> lines) {}

    static Map<String, Case> of(String group) throws IOException {
        String path = PACKAGE_DIR + group + ".java";
        List<String> src = Files.readAllLines(Path.of("src/test/java", path));
        Map<String, Case> cases = new LinkedHashMap<>();
        Map<String, Set<String>> marks = new LinkedHashMap<>();
        String current = null;
        for (int i = 0; i < src.size(); i++) {
            String l = src.get(i);
            Matcher c = CASE.matcher(l);
            if (c.find()) {
                current = c.group(1);
                marks.computeIfAbsent(current, k -> new LinkedHashSet<>());
            }
            Matcher m = MARK.matcher(l);
            if (m.find()) {
                List<String> names = new ArrayList<>();
                if (m.group(1) != null) {
                    names.addAll(List.of(m.group(1).trim().split("\\s+")));
                } else if (current != null) {
                    names.add(current);
                } else {
                    throw new IllegalStateException(path + ":" + (i + 1) + ": a RACE mark outside any case names none");
                }
                for (String n : names) {
                    marks.computeIfAbsent(n, k -> new LinkedHashSet<>()).add(path + ":" + (i + 1));
                }
            }
        }
        for (Map.Entry<String, Set<String>> e : marks.entrySet()) {
            String n = e.getKey();
            boolean racy = n.startsWith("testRace");
            if (!racy && !n.startsWith("testNoRace")) {
                throw new IllegalStateException(path + ": case " + n + " is neither testRace... nor testNoRace...");
            }
            if (racy == e.getValue().isEmpty()) {
                throw new IllegalStateException(path + ": case " + n + (racy ? " marks no racing line" : " marks a racing line"));
            }
            cases.put(n, new Case(n, racy, e.getValue()));
        }
        return cases;
    }

    /** Null if {@code reports} are what {@code c} expects, else why not. */
    static String check(Case c, List<AgentRun.Report> reports) {
        if (!c.racy()) {
            return reports.isEmpty() ? null : "expected no race, got " + reports.size() + ":\n" + texts(reports);
        }
        if (reports.isEmpty()) {
            return "expected a race on " + c.lines() + ", got no report";
        }
        Set<String> seen = new LinkedHashSet<>();
        for (AgentRun.Report r : reports) {
            if (!c.lines().contains(r.line()) || !c.lines().contains(r.prevLine())) {
                return "report names " + r.line() + " and " + r.prevLine() + ", expected lines among " + c.lines() + ":\n"
                        + r.text();
            }
            seen.add(r.line());
            seen.add(r.prevLine());
        }
        if (c.lines().size() <= 2 && !seen.equals(c.lines())) {
            return "reports name " + seen + ", expected both of " + c.lines() + ":\n" + texts(reports);
        }
        return null;
    }

    private static String texts(List<AgentRun.Report> reports) {
        StringBuilder b = new StringBuilder();
        for (AgentRun.Report r : reports) {
            b.append(r.text()).append('\n');
        }
        return b.toString();
    }
}
