package demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.Go;
import dev.gort.context.Context;
import org.junit.jupiter.api.Test;

class SquaresTest {
    @Test
    void sumsOnGortsScheduler() {
        assertTrue(Go.gmpScheduler());
        assertEquals(338350L, Squares.sum(Context.background(), 100));
    }
}
