package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.Go;
import dev.gort.testing.Testing;
import org.junit.jupiter.api.Test;

class CloseAndRangeTest {
    @Test
    void rangeEndsOnCloseAndRecvOkTellsCloseFromNull() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new CloseAndRange());
        assertEquals("""
                range over a channel: 1 4 9 16 25 -> the loop ended when the producer closed it
                buffered [a, null], then closed; v, ok := <-ch three times:
                  v=a ok=true
                  v=null ok=true   (a sent null: ok tells it from a close)
                  v=null ok=false   (closed and drained)
                recv() on it again: null (the zero value, at once, forever)
                three goroutines blocked on <-quit; close(quit) woke all 3, each with ok=false
                send on the closed channel: ChanClosedException("send on closed channel")
                close it again: ChanClosedException("close of closed channel")
                """, out.replace("\r\n", "\n"));
        Testing.awaitGoroutinesAtMost(before);
    }
}
