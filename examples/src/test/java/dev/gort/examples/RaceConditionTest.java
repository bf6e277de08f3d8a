package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RaceConditionTest {
    @Test
    void theRaceMayLoseUpdatesAndEveryFixIsExact() throws Exception {
        int procs = Go.maxProcs();
        String out = Capture.run(new RaceCondition());
        assertEquals(procs, Go.maxProcs(), "GOMAXPROCS restored");
        assertTrue(out.contains("4 goroutines add 1 to a shared counter, GOMAXPROCS=" + Math.max(2, procs)), out);

        // The racy counts vary from run to run (lost updates >= 0); what each line printed must add up.
        Matcher m = Pattern.compile("no synchronisation, (plain|volatile) int: +([\\d,]+) of 10,000,000 \\(([\\d,-]+) updates lost").matcher(out);
        int rounds = 0;
        while (m.find()) {
            long got = Capture.number(m.group(2));
            long lost = Capture.number(m.group(3));
            assertTrue(got > 0 && got <= RaceCondition.RACY_EXPECTED, out);
            assertEquals(RaceCondition.RACY_EXPECTED, got + lost, out);
            rounds++;
        }
        assertEquals(2, rounds, out);

        // Every fix is exact, every time.
        for (String fix : new String[] {"fix 1, Mutex", "fix 2, channel", "fix 3, AtomicLong", "fix 4, own slots"}) {
            assertTrue(out.matches("(?s).*" + fix + ": +400,000 of 400,000 \\(exact\\) in \\d+ ms, \\d+ ns per increment.*"), out);
        }
    }
}
