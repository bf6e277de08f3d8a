package dev.gort.race.rt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** VectorClock's sparse and dense forms against a map, under random operations. */
class VectorClockTest {
    private static long get(Map<Integer, Long> m, int slot) {
        return m.getOrDefault(slot, 0L);
    }

    @Test
    void behavesLikeAMapOfSlotsToClocks() {
        Random rnd = new Random(42);
        for (int round = 0; round < 300; round++) {
            int slotRange = switch (round % 3) {
                case 0 -> 20;
                case 1 -> 200;
                default -> 5000;
            };
            int clocks = round % 3 == 1 ? 8 : 4;
            List<VectorClock> vcs = new ArrayList<>();
            List<Map<Integer, Long>> refs = new ArrayList<>();
            for (int i = 0; i < clocks; i++) {
                vcs.add(new VectorClock());
                refs.add(new HashMap<>());
            }
            for (int step = 0; step < 300; step++) {
                int a = rnd.nextInt(clocks);
                int b = rnd.nextInt(clocks);
                switch (rnd.nextInt(4)) {
                    case 0, 1 -> {
                        int slot = rnd.nextInt(slotRange);
                        long v = get(refs.get(a), slot) + 1 + rnd.nextInt(3);
                        vcs.get(a).set(slot, v);
                        refs.get(a).put(slot, v);
                    }
                    case 2 -> {
                        vcs.get(a).join(vcs.get(b));
                        Map<Integer, Long> ra = refs.get(a);
                        refs.get(b).forEach((k, v) -> ra.merge(k, v, Math::max));
                    }
                    default -> {
                        vcs.get(a).copyFrom(vcs.get(b));
                        refs.set(a, new HashMap<>(refs.get(b)));
                    }
                }
                Map<Integer, Long> ra = refs.get(a);
                int max = ra.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
                for (int s : ra.keySet()) {
                    assertEquals(get(ra, s), vcs.get(a).get(s), "slot " + s + " of " + vcs.get(a));
                }
                for (int k = 0; k < 8; k++) {
                    int s = rnd.nextInt(slotRange + 2);
                    assertEquals(get(ra, s), vcs.get(a).get(s), "slot " + s + " of " + vcs.get(a));
                }
                // Never much wider than what it holds: the highest slot known + 64 (spare capacity is not carried).
                int w = vcs.get(a).width();
                assertTrue(w <= Math.max(ra.size(), max + 65), "width " + w + " for " + ra.size() + " entries, max " + max);
                // Copies share arrays: every other clock must still match its own map.
                for (int o = 0; o < clocks; o++) {
                    for (Map.Entry<Integer, Long> e : refs.get(o).entrySet()) {
                        assertEquals(e.getValue(), vcs.get(o).get(e.getKey()), "clock " + o + " slot " + e.getKey());
                    }
                }
            }
        }
    }

    @Test
    void copiesShareTheDenseArrayUntilTheyDiverge() {
        VectorClock parent = new VectorClock();
        for (int s = 0; s < 1000; s++) {
            parent.set(s, s + 1);
        }
        VectorClock child = new VectorClock(parent);
        child.set(5000, 1);
        parent.set(7, 99);
        assertEquals(8, child.get(7), "the child's copy does not see the parent's later write");
        assertEquals(99, parent.get(7));
        assertEquals(1, child.get(5000));
        assertEquals(0, parent.get(5000));
        VectorClock lock = new VectorClock();
        lock.join(child);
        lock.join(child);
        assertEquals(1, lock.get(5000));
        assertEquals(1000, lock.get(999));
    }

    @Test
    void aMillionSlotsApartCostTwoEntries() {
        VectorClock parent = new VectorClock();
        parent.set(0, 7);
        VectorClock child = new VectorClock(parent);
        child.set(1_000_000, 1);
        assertEquals(2, child.width());
        assertEquals(7, child.get(0));
        assertEquals(1, child.get(1_000_000));
        assertEquals(0, child.get(999_999));
    }

    @Test
    void threadsOfOneSpawnerJoiningOneWideClockShareOneArray() {
        VectorClock wide = new VectorClock(); // a closer that joined ten thousand goroutines
        for (int s = 0; s < 10_000; s++) {
            wide.set(s, s + 2);
        }
        VectorClock spawner = new VectorClock();
        for (int s = 0; s < 5_000; s++) {
            spawner.set(s, s + (s % 2 == 0 ? 1 : 3)); // above the wide clock at odd slots
        }
        List<VectorClock> woken = new ArrayList<>();
        for (int g = 0; g < 100; g++) {
            VectorClock c = new VectorClock(spawner);
            c.set(20_000 + g, 1); // its own slot
            c.join(wide);
            woken.add(c);
        }
        for (int g = 0; g < 100; g++) {
            VectorClock c = woken.get(g);
            for (int s = 0; s < 10_000; s++) {
                long expected = s < 5_000 ? Math.max(s + 2, s + (s % 2 == 0 ? 1 : 3)) : s + 2;
                assertEquals(expected, c.get(s), "goroutine " + g + " slot " + s);
            }
            assertEquals(1, c.get(20_000 + g));
            assertEquals(0, c.get(20_000 + (g + 1) % 100));
        }
        // The first one took a private array (it may go on to join other clocks); the rest share one.
        assertTrue(woken.get(1).denseArray() == woken.get(99).denseArray());
        assertTrue(woken.get(0).denseArray() != woken.get(1).denseArray());
        // A sparse clock joining a wide one shares the wide one's array.
        VectorClock sparse = new VectorClock();
        sparse.set(30_000, 4);
        sparse.join(wide);
        assertTrue(sparse.denseArray() == wide.denseArray());
        assertEquals(4, sparse.get(30_000));
        assertEquals(10_001, sparse.get(9_999));
        wide.set(3, 99); // the shared array is not written: the joiner keeps what it joined
        assertEquals(5, sparse.get(3));
        assertEquals(99, wide.get(3));
    }
}
