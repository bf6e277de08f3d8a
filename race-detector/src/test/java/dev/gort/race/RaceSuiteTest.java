package dev.gort.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The race suite: each group of racy and race-free programs (package {@code testdata}, modelled on
 * Go's runtime/race/testdata) runs in one child JVM under the agent; each case is one test that
 * asserts its verdict and, for a race, that the report names the marked source lines. GortCases
 * are the Go memory model's edges through gort itself (goroutines, channels, select, sync,
 * context, timers), seen through the hooks gort's runtime calls; HookCases checks the same edges
 * on a miniature runtime that calls the hooks alone.
 */
class RaceSuiteTest {
    static final List<String> GROUPS = List.of("MopCases", "ArrayCases", "LockCases", "AtomicCases", "JucCases",
            "CounterCases", "HookCases", "GortCases", "GortEdgeCases");
    /** The test programs are instrumented; the miniature hooked runtime is not, as gort's runtime is not. */
    static final String OPTIONS = "only=dev.gort.race.testdata,exclude=dev.gort.race.testdata.hooked";

    private static final int[] TALLY = new int[4]; // true positives, false negatives, false positives, true negatives

    @TestFactory
    Stream<DynamicContainer> groups() {
        return GROUPS.stream().map(g -> DynamicContainer.dynamicContainer(g, cases(g)));
    }

    private static Stream<DynamicTest> cases(String group) {
        Map<String, Cases.Case> expected;
        AgentRun.Result run;
        try {
            expected = Cases.of(group);
            run = AgentRun.run(OPTIONS, List.of(), "dev.gort.race.testdata.Runner", group);
        } catch (Exception e) {
            throw new IllegalStateException("running " + group + " under the agent", e);
        }
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest(group + ": ran every case, summary and exit status", () -> {
            assertEquals(expected.keySet(), run.byCase().keySet(), "cases run\n" + run.stderr());
            assertEquals(run.all().size(), run.found(), "Found K data race(s) counts the reports\n" + run.stderr());
            assertEquals(run.all().isEmpty() ? 0 : 66, run.exitCode(), "exit status\n" + run.stderr());
        }));
        for (Cases.Case c : expected.values()) {
            List<AgentRun.Report> reports = run.byCase().getOrDefault(c.name(), List.of());
            String failure = run.failures().get(c.name());
            String problem = failure != null ? "the case threw: " + failure : Cases.check(c, reports);
            synchronized (TALLY) {
                TALLY[c.racy() ? (reports.isEmpty() ? 1 : 0) : (reports.isEmpty() ? 3 : 2)]++;
            }
            tests.add(DynamicTest.dynamicTest(c.name(), () -> {
                if (problem != null) {
                    fail(group + "." + c.name() + ": " + problem);
                }
            }));
        }
        assertTrue(tests.size() > 1, group + " has cases");
        return tests.stream();
    }

    @AfterAll
    static void tally() {
        int tp = TALLY[0];
        int fn = TALLY[1];
        int fp = TALLY[2];
        int tn = TALLY[3];
        System.out.printf("race suite: %d racy cases (%d reported, %d missed), %d race-free (%d reported, %d clean);"
                + " precision %.3f, recall %.3f%n", tp + fn, tp, fn, fp + tn, fp, tn,
                tp + fp == 0 ? 1.0 : (double) tp / (tp + fp), tp + fn == 0 ? 1.0 : (double) tp / (tp + fn));
    }
}
