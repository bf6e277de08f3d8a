package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MillionGoroutinesTest {
    @Test
    void printsCountsThatAddUp() throws Exception {
        String out = Capture.run(new MillionGoroutines());
        assertTrue(out.contains("goroutines started and joined: 1,000,000 (sum correct)"), out);
        assertTrue(out.contains("scheduler: gort G-M-P, GOMAXPROCS=" + Go.maxProcs()), out);
        Matcher runs = Pattern.compile("P\\d ran ([\\d,]+) goroutines").matcher(out);
        long total = 0;
        while (runs.find()) {
            total += Long.parseLong(runs.group(1).replace(",", ""));
        }
        // the million plus the spawner (and any goroutine a concurrent test ran). A sysmon handoff (a
        // carrier descheduled for 10 ms on a loaded machine) detaches a P, and the runs its stuck
        // carrier makes afterwards are not counted in any P's statistics, so the sum is exact only
        // without one.
        long handoffs = Capture.number(Capture.line(out, "sysmon handoffs").replaceAll(".*: ([\\d,]+)$", "$1"));
        if (handoffs == 0) {
            assertTrue(total >= 1_000_001, "per-P runs add up to " + total + ":\n" + out);
        } else {
            assertTrue(total > 0, out);
        }
        assertTrue(out.matches("(?s).*carrier threads used: [1-9]\\d* of [1-9]\\d* created.*"), out);

        // 100,000 parked at once, each costing some hundreds of bytes (JDK 25: about 600-800; never a thread's stack)
        long alive = Capture.number(Capture.line(out, "parked on one channel: 100,000 goroutines (Go.numGoroutine(): ")
                .replaceAll(".*numGoroutine\\(\\): ([\\d,]+)\\).*", "$1"));
        assertTrue(alive >= MillionGoroutines.PARKED, out);
        long perGoroutine = Capture.number(Capture.line(out, "heap per parked goroutine: ").replaceAll("\\D*([\\d,]+) bytes.*", "$1"));
        assertTrue(perGoroutine > 100 && perGoroutine < 10_000, perGoroutine + " bytes per goroutine:\n" + out);
        assertTrue(out.contains("all 100,000 woke on close(gate) and returned"), out);
    }
}
