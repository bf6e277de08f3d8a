package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConcurrencyVsParallelismTest {
    @Test
    void interleavesOnOnePAndCountsRightOnMany() throws Exception {
        int before = Go.maxProcs();
        String out = Capture.run(new ConcurrencyVsParallelism());
        assertEquals(before, Go.maxProcs(), "GOMAXPROCS restored");

        // One P: every chunk ran once, and the goroutines took turns (A A A A B B B B C C C C would be 2 switches).
        String order = Capture.line(out, "order the chunks ran in: ").substring("order the chunks ran in: ".length());
        for (char g : "ABC".toCharArray()) {
            for (int c = 1; c <= 4; c++) {
                assertTrue((" " + order + " ").contains(" " + g + c + " "), g + "" + c + " missing: " + out);
            }
        }
        assertEquals(12, order.split(" ").length, out);
        assertTrue(ConcurrencyVsParallelism.switches(order) > 2, "no interleaving on one P:\n" + out);

        // Both timed runs counted right; the speedup is printed (its size depends on the machine's load).
        Matcher m = Pattern.compile("GOMAXPROCS=(\\d+): ([\\d,]+) primes in \\d+ ms").matcher(out);
        int runs = 0;
        while (m.find()) {
            assertEquals(ConcurrencyVsParallelism.PRIMES_BELOW_LIMIT, Capture.number(m.group(2)), out);
            runs++;
        }
        assertEquals(2, runs, out);
        assertTrue(out.contains("GOMAXPROCS=1: 78,498 primes"), out);
        assertTrue(out.contains("GOMAXPROCS=" + Runtime.getRuntime().availableProcessors() + ": 78,498 primes"), out);
        assertTrue(out.matches("(?s).*speedup with \\d+ Ps over 1: \\d+\\.\\d\\dx.*"), out);
    }
}
