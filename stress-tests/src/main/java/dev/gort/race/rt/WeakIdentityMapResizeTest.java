package dev.gort.race.rt;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * The weak identity table's lock-free lookup against a resize: a key inserted before the test
 * starts is looked up while another thread inserts enough keys of the same segment to make it
 * resize (a new table of copies replaces the old one). The lookup reads whichever table is current
 * and must find the key in either (r1 == 1); a miss would make the detector create a second
 * shadow for a live object.
 */
@JCStressTest
@Description("race detector: WeakIdentityMap.get racing with a resize of the key's segment")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "found, in the old table or the new")
@Outcome(expect = Expect.FORBIDDEN, desc = "a present key missed during a resize")
@State
public class WeakIdentityMapResizeTest {
    final WeakIdentityMap<Object> map = new WeakIdentityMap<>(null);
    final Object key = new Object();
    final Object value = new Object();
    final List<Object> sameSegment = new ArrayList<>();

    public WeakIdentityMapResizeTest() {
        map.putIfAbsent(key, value);
        // A segment's table starts at 16 and resizes past 12 entries: 13 more keys of key's segment.
        int segment = WeakIdentityMap.segmentOf(key);
        while (sameSegment.size() < 13) {
            Object o = new Object();
            if (WeakIdentityMap.segmentOf(o) == segment) {
                sameSegment.add(o);
            }
        }
    }

    @Actor
    public void inserter() {
        for (Object o : sameSegment) {
            map.putIfAbsent(o, o);
        }
    }

    @Actor
    public void reader(I_Result r) {
        r.r1 = map.get(key) == value ? 1 : 0;
    }
}
