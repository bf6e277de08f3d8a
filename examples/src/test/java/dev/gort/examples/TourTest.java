package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TourTest {
    @Test
    void everyIdeaOfTheIssueIsInTheTourOnceWithAUniqueName() {
        List<String> names = Tour.EXAMPLES.stream().map(Example::name).toList();
        assertEquals(List.of("parallelism", "trap", "million", "channels", "close", "select", "race", "context",
                "workers", "pipeline", "fanout", "prodcons", "httpserver"), names);
        Set<String> unique = new HashSet<>(names);
        assertEquals(names.size(), unique.size());
        for (Example e : Tour.EXAMPLES) {
            assertFalse(e.title().isBlank(), e.name());
            assertTrue(e.name().matches("[a-z]+"), e.name());
        }
    }
}
