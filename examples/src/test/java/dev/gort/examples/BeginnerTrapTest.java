package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.Go;
import dev.gort.testing.Testing;
import org.junit.jupiter.api.Test;

class BeginnerTrapTest {
    @Test
    void showsTheTrapAndBothFixesEveryTime() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new BeginnerTrap());
        assertEquals("""
                1. go f(), then main returns
                   printed when main returned: [main: bye]
                   the goroutine's line is missing: the program ended with main and took the goroutine with it
                   (had the program lived on, it would have printed: [main: bye, hello from a goroutine])
                2. fix: wg.go(f); wg.await() before returning
                   printed when main returned: [hello from a goroutine, main: bye]
                3. fix: the goroutine closes a done channel; main receives from it before returning
                   printed when main returned: [hello from a goroutine, main: bye]
                4. not a fix: go f(); sleep 10 ms; return
                   printed when main returned: [main: bye]
                   a sleep is a guess about another goroutine's speed: too short on a loaded machine or
                   in a GC pause, wasted time otherwise; and it orders no memory, so even a goroutine that
                   did finish has no guarantee its writes are visible. WaitGroup and channels say "it is done".
                """, out.replace("\r\n", "\n"));
        Testing.awaitGoroutinesAtMost(before); // every goroutine it started has ended
    }
}
