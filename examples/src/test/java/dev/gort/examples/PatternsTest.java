package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.testing.Testing;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The four patterns: exact results where they are exact, invariants where scheduling decides. */
class PatternsTest {
    private static long group(String out, String regex) {
        Matcher m = Pattern.compile(regex).matcher(out);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + out);
        return Capture.number(m.group(1));
    }

    @Test
    void workerPool() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new WorkerPool());
        assertTrue(out.contains("no failure: 20 jobs done, sum of squares 2,870, at most "), out);
        long max = group(out, "at most (\\d+) in progress at once");
        assertTrue(max >= 1 && max <= WorkerPool.WORKERS, out);
        assertTrue(out.contains("job 7 fails: await() threw IllegalArgumentException: job 7: bad input"), out);
        long done = group(out, "the pool stopped early: (\\d+) of 20 jobs done");
        assertTrue(done < 20, "job 7 can never be done:\n" + out);
        Testing.awaitGoroutinesAtMost(before);
    }

    @Test
    void pipeline() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new Pipeline());
        assertEquals("""
                gen(1, 2, 3, ...) -> square -> take 5: [1, 4, 9, 16, 25]
                  then cancel(): the infinite generator and the squarer returned (await() came back; goroutines still running: 0)
                gen("1", "2", "x", ...) -> parse -> sum: await() threw NumberFormatException: For input string: "x"
                  the failure canceled the group's context: the endless generator and the summer returned (goroutines still running: 0); cause: NumberFormatException
                """, out.replace("\r\n", "\n"));
        Testing.awaitGoroutinesAtMost(before);
    }

    @Test
    void fanOutFanIn() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new FanOutFanIn());
        assertTrue(out.contains("12 items, 3 workers reading one channel, results merged into one: 12 results, sum 78, err null"), out);
        Matcher per = Pattern.compile("w\\d=(\\d+)").matcher(Capture.line(out, "  items per worker: "));
        long total = 0;
        while (per.find()) {
            total += Long.parseLong(per.group(1));
        }
        assertEquals(12, total, out);
        long cut = group(out, "under a 30 ms deadline: (\\d+) results, then err: context deadline exceeded");
        assertTrue(cut < 300, out);
        assertTrue(out.contains("source, workers and merge all stopped (goroutines still running: 0)"), out);
        Testing.awaitGoroutinesAtMost(before);
    }

    @Test
    void producerConsumer() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new ProducerConsumer());
        assertTrue(out.contains("produced 100, consumed 100, checksum matches; the buffer never held more than "), out);
        long maxLen = group(out, "the buffer never held more than (\\d+)");
        assertTrue(maxLen <= ProducerConsumer.CAPACITY, out);
        assertTrue(out.contains("item 25 is poisoned: await() threw IllegalStateException: poisoned item 25"), out);
        // Usually the producers stop early through ctx.done(); when the consumer holding item 25
        // runs late they finish first (a scheduling outcome, not an error). Either way the failure
        // is reported and no goroutine is left.
        if (out.contains("producers finished all 100 before the failure was seen")) {
            assertTrue(out.contains("goroutines still running: 0"), out);
        } else {
            long produced = group(out, "produced (\\d+) of 100; goroutines still running: 0");
            assertTrue(produced >= 26 && produced < 100, out);
        }
        Testing.awaitGoroutinesAtMost(before);
    }
}
