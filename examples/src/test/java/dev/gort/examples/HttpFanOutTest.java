package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.Go;
import org.junit.jupiter.api.Test;

class HttpFanOutTest {
    @Test
    void everyRequestGetsTheFastBackendsAndGivesUpOnTheSlowOneAtTheDeadline() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new HttpFanOut());
        assertEquals("""
                3 requests at once to an HttpServer with setExecutor(Go.executor()); each handler fans out to 3 backends under a 1 s deadline
                GET /search?q=channels -> 200
                  web results for "channels"
                  images results for "channels"
                  video: no answer within the deadline
                GET /search?q=gophers -> 200
                  web results for "gophers"
                  images results for "gophers"
                  video: no answer within the deadline
                GET /search?q=select -> 200
                  web results for "select"
                  images results for "select"
                  video: no answer within the deadline
                handlers that ran on goroutines: 3 of 3; slow backends interrupted at the deadline: 3; goroutines still running: 0
                """, out.replace("\r\n", "\n"));
        dev.gort.testing.Testing.awaitGoroutinesAtMost(before);
    }
}
