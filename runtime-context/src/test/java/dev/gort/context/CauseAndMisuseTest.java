package dev.gort.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gort.sync.Semaphore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CauseAndMisuseTest {

    @Test
    void firstCauseWinsAndReachesDescendants() {
        CancelableContext p = Context.withCancelCause(Context.background());
        CancelableContext c = Context.withCancel(p);
        Context v = Context.withValue(c, Context.Key.of("k"), 1);
        assertNull(Context.cause(p), "not canceled yet");
        IllegalStateException first = new IllegalStateException("first");
        p.cancel(first);
        p.cancel(new IllegalStateException("second"));
        assertSame(Context.CANCELED, p.err());
        assertSame(first, Context.cause(p));
        assertSame(first, Context.cause(c));
        assertSame(first, Context.cause(v), "through a value context");
        c.cancel(new RuntimeException("late"));
        assertSame(first, Context.cause(c), "a child already canceled keeps its cause");
    }

    @Test
    void noCauseMeansErr() {
        CancelableContext a = Context.withCancel(Context.background());
        a.cancel();
        assertSame(Context.CANCELED, Context.cause(a));
        CancelableContext b = Context.withCancel(Context.background());
        b.cancel(null);
        assertSame(Context.CANCELED, Context.cause(b));
        assertNull(Context.cause(Context.background()));
    }

    @Test
    void childCanceledFirstKeepsItsOwnCause() {
        CancelableContext p = Context.withCancel(Context.background());
        CancelableContext c = Context.withCancelCause(p);
        RuntimeException mine = new RuntimeException("mine");
        c.cancel(mine);
        p.cancel(new RuntimeException("parent's"));
        assertSame(mine, Context.cause(c));
    }

    @Test
    void foreignContextCauseIsItsErr() {
        ContextTesting.Foreign f = new ContextTesting.Foreign();
        assertNull(Context.cause(f));
        f.cancel(Context.CANCELED);
        assertSame(Context.CANCELED, Context.cause(f));
    }

    @Test
    void sharedErrorsAreStablePackageVariables() {
        assertEquals("context canceled", Context.CANCELED.getMessage());
        assertEquals("context deadline exceeded", Context.DEADLINE_EXCEEDED.getMessage());
        assertEquals(0, Context.CANCELED.getStackTrace().length, "shared: no stack trace");
        Context.CANCELED.addSuppressed(new RuntimeException());
        assertEquals(0, Context.CANCELED.getSuppressed().length, "shared: suppression disabled");
        assertThrows(IllegalStateException.class, () -> Context.CANCELED.initCause(new RuntimeException()));
        assertThrows(IllegalStateException.class, () -> Context.DEADLINE_EXCEEDED.initCause(new RuntimeException()));
        assertFalse(RuntimeException.class.isAssignableFrom(Exception.class));
        assertFalse(CanceledException.class.isAssignableFrom(DeadlineExceededException.class));
        assertFalse(DeadlineExceededException.class.isAssignableFrom(CanceledException.class));
        assertTrue(Context.DEADLINE_EXCEEDED.timeout());
        assertTrue(new CanceledException("x").getStackTrace().length > 0, "own instances keep a stack");
        assertSame(Context.CANCELED, new CanceledException("m", Context.CANCELED).getCause());
    }

    private static void npe(String message, Executable e) {
        NullPointerException x = assertThrows(NullPointerException.class, e);
        assertEquals(message, x.getMessage());
    }

    @Test
    void everyMisuseSaysWhatWasWrong() {
        String nilParent = "cannot create context from nil parent";
        Context.Key<String> k = Context.Key.of("k");
        npe(nilParent, () -> Context.withCancel(null));
        npe(nilParent, () -> Context.withCancelCause(null));
        npe(nilParent, () -> Context.withTimeout(null, Duration.ofSeconds(1)));
        npe(nilParent, () -> Context.withTimeoutCause(null, Duration.ofSeconds(1), null));
        npe(nilParent, () -> Context.withDeadline(null, Instant.now()));
        npe(nilParent, () -> Context.withDeadlineCause(null, Instant.now(), null));
        npe(nilParent, () -> Context.withValue(null, k, "v"));
        npe(nilParent, () -> Context.withoutCancel(null));
        npe(nilParent, () -> ErrGroups.withContext(null));
        npe("nil key", () -> Context.withValue(Context.background(), null, "v"));
        npe("timeout", () -> Context.withTimeout(Context.background(), null));
        npe("timeout", () -> Context.withTimeoutCause(Context.background(), null, null));
        npe("deadline", () -> Context.withDeadline(Context.background(), null));
        npe("deadline", () -> Context.withDeadlineCause(Context.background(), null, null));
        npe("ctx", () -> Context.afterFunc(null, () -> { }));
        npe("f", () -> Context.afterFunc(Context.background(), null));
        npe("ctx", () -> Context.cause(null));
        npe("name", () -> Context.Key.of(null));
        npe("ctx", () -> Semaphores.acquire(null, new Semaphore(1), 1));
        npe("sem", () -> Semaphores.acquire(Context.background(), null, 1));
        CancelableContext cc = Context.withCancel(Context.background());
        for (Context c : List.of(Context.background(), Context.todo(), cc,
                Context.withValue(cc, k, "v"), Context.withoutCancel(cc),
                Context.withTimeout(cc, Duration.ofHours(1)))) {
            npe("nil key", () -> c.value(null));
        }
        cc.cancel();
    }

    @Test
    void toStringsNameTheKind() {
        CancelableContext c = Context.withCancel(Context.background());
        assertEquals("context.WithCancel", c.toString());
        c.cancel();
        assertEquals("context.WithCancel[context canceled]", c.toString());
        assertEquals("context.TODO", Context.todo().toString());
        assertEquals("context.WithValue(Key(user))", Context.withValue(c, Context.Key.of("user"), 1).toString());
        assertEquals("context.WithoutCancel", Context.withoutCancel(c).toString());
        assertTrue(Context.withTimeout(Context.background(), Duration.ZERO).toString().startsWith("context.WithDeadline("));
    }
}
