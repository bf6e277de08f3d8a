package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.testing.Testing;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SelectDemoTest {
    @Test
    void everyFormOfSelect() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new SelectDemo());

        // Multiplexing: all six values, each producer's in order; each close seen once, after its values.
        String mux = Capture.line(out, "multiplexing two producers: ").substring("multiplexing two producers: ".length());
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (String w : mux.replace("(a closed: a = null)", "A").replace("(b closed: b = null)", "B").split(" ")) {
            if (w.startsWith("a") || w.equals("A")) {
                a.add(w);
            } else {
                b.add(w);
            }
        }
        assertEquals(List.of("a0", "a1", "a2", "A"), a, out);
        assertEquals(List.of("b0", "b1", "b2", "B"), b, out);

        assertTrue(out.contains("""
                default: nothing ready on the empty channel, select did not block
                default: the full channel would block the send
                  chosen cases: 1, 1; a select on only a nil channel with a default: case 1 (default)
                receive with time.After(50 ms) as the other case: timeout (waited at least 50 ms: true)
                """), out);
        assertTrue(out.matches("(?s).*a 10 ms ticker: 5 ticks received, then stopped \\(in \\d+ ms\\).*"), out);

        Matcher m = Pattern.compile("first chosen (\\d+), second (\\d+)").matcher(out);
        assertTrue(m.find(), out);
        int first = Integer.parseInt(m.group(1));
        int second = Integer.parseInt(m.group(2));
        assertEquals(SelectDemo.FAIRNESS_ROUNDS, first + second, out);
        // 1,000 fair coin flips: 500 +- 16 (one standard deviation); below 350 is about 1 in 10^21.
        assertTrue(first > 350 && second > 350, out);
        Testing.awaitGoroutinesAtMost(before);
    }
}
