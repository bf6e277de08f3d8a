package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTest {

    @Test
    void valuesThrough1000LevelsOfMixedContexts() {
        List<Context.Key<Integer>> keys = new ArrayList<>();
        Context c = Context.background();
        CancelableContext first = null;
        for (int i = 0; i < 1000; i++) {
            Context.Key<Integer> k = Context.Key.of("k" + i);
            keys.add(k);
            c = Context.withValue(c, k, i);
            if (i % 10 == 0) {
                CancelableContext cc = Context.withCancel(c);
                if (first == null) {
                    first = cc;
                }
                c = cc;
            }
            if (i % 100 == 50) {
                c = Context.withTimeout(c, Duration.ofHours(1));
            }
        }
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, c.value(keys.get(i)), "key " + i);
        }
        assertNull(c.value(Context.Key.of("k5")), "keys compare by identity, not by name");
        first.cancel();
        assertSame(Context.CANCELED, c.err(), "and the deep leaf was canceled through all levels");
        assertEquals(7, c.value(keys.get(7)), "values survive cancellation");
    }

    @Test
    void innerBindingShadowsOuterAndNullIsAValue() {
        Context.Key<String> k = Context.Key.of("user");
        Context outer = Context.withValue(Context.background(), k, "alice");
        Context inner = Context.withValue(outer, k, "bob");
        Context cleared = Context.withValue(inner, k, null);
        assertEquals("alice", outer.value(k));
        assertEquals("bob", inner.value(k));
        assertNull(cleared.value(k));
        assertEquals("user", k.name());
        assertEquals("Key(user)", k.toString());
    }

    @Test
    void deepValueChainDelegatesDoneErrDeadlineInOneStep() {
        CancelableContext base = Context.withTimeout(Context.background(), Duration.ofHours(1));
        Context c = base;
        for (int i = 0; i < 100_000; i++) {
            c = Context.withValue(c, Context.Key.of("x"), i);
        }
        assertSame(base.done(), c.done());
        assertEquals(base.deadline(), c.deadline());
        base.cancel();
        assertSame(Context.CANCELED, c.err());
    }

    @Test
    void withoutCancelKeepsValuesDropsCancellationAndDeadline() {
        Context.Key<String> k = Context.Key.of("req");
        CancelableContext parent = Context.withTimeout(Context.withValue(Context.background(), k, "r1"), Duration.ofHours(1));
        Context wc = Context.withoutCancel(parent);
        assertEquals("r1", wc.value(k));
        assertNull(wc.done());
        assertEquals(java.util.Optional.empty(), wc.deadline());
        CancelableContext child = Context.withCancel(wc);
        parent.cancel(new RuntimeException("gone"));
        assertNull(wc.err());
        assertNull(Context.cause(wc));
        assertNull(child.err(), "a child of withoutCancel does not see the outer cancellation");
        assertEquals("r1", child.value(k));
        assertEquals(0, ((CancelCtx) parent).childCount());
        child.cancel();
    }
}
