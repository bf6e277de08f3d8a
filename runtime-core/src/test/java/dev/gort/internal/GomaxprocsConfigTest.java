package dev.gort.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GomaxprocsConfigTest {
    private static int resolve(Map<String, String> props, Map<String, String> env, int cores) {
        return Gomaxprocs.resolve(props::get, env::get, cores);
    }

    @Test
    void systemPropertyWinsOverEnvironmentWhichWinsOverCores() {
        assertEquals(3, resolve(Map.of("GOMAXPROCS", "3"), Map.of("GOMAXPROCS", "5"), 8));
        assertEquals(5, resolve(Map.of(), Map.of("GOMAXPROCS", "5"), 8));
        assertEquals(8, resolve(Map.of(), Map.of(), 8));
        assertEquals(2, resolve(Map.of("GOMAXPROCS", " 2 "), Map.of(), 8), "surrounding blanks are allowed");
    }

    @Test
    void badValuesNameTheValueAndWhereItCameFrom() {
        assertEquals("GOMAXPROCS=\"0\" (from system property GOMAXPROCS) is out of range: must be between 1 and 1024",
                assertThrows(IllegalArgumentException.class,
                        () -> resolve(Map.of("GOMAXPROCS", "0"), Map.of(), 4)).getMessage());
        assertEquals("GOMAXPROCS=\"-3\" (from environment variable GOMAXPROCS) is out of range: must be between 1 and 1024",
                assertThrows(IllegalArgumentException.class,
                        () -> resolve(Map.of(), Map.of("GOMAXPROCS", "-3"), 4)).getMessage());
        assertEquals("GOMAXPROCS=\"abc\" (from environment variable GOMAXPROCS) is not a positive integer",
                assertThrows(IllegalArgumentException.class,
                        () -> resolve(Map.of(), Map.of("GOMAXPROCS", "abc"), 4)).getMessage());
        assertEquals("GOMAXPROCS=\"\" (from system property GOMAXPROCS) is not a positive integer",
                assertThrows(IllegalArgumentException.class,
                        () -> resolve(Map.of("GOMAXPROCS", ""), Map.of(), 4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> resolve(Map.of("GOMAXPROCS", "100000"), Map.of(), 4));
    }
}
