package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MillionGoroutinesTest {
    @Test
    void printsCountsThatAddUp() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new MillionGoroutines().run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("goroutines started and joined: 1,000,000 (sum correct)"), out);
        assertTrue(out.contains("scheduler: gort G-M-P, GOMAXPROCS=" + Go.maxProcs()), out);
        Matcher runs = Pattern.compile("P\\d ran ([\\d,]+) goroutines").matcher(out);
        long total = 0;
        while (runs.find()) {
            total += Long.parseLong(runs.group(1).replace(",", ""));
        }
        // the million plus the spawner (and any goroutine a concurrent test ran)
        assertTrue(total >= 1_000_001, "per-P runs add up to " + total + ":\n" + out);
        assertTrue(out.matches("(?s).*carrier threads used: [1-9]\\d* of [1-9]\\d* created.*"), out);
    }
}
