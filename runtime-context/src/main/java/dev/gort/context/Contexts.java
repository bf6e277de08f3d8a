package dev.gort.context;

import dev.gort.chan.Chan;
import dev.gort.chan.RecvChan;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The factories behind {@link Context}'s static methods, and the two walks every context type
 * shares: value lookup ({@link #value}) and attaching a child to the nearest ancestor that can
 * cancel it ({@link #propagateCancel}, Go's {@code propagateCancel}).
 */
final class Contexts {
    static final Logger LOG = LoggerFactory.getLogger(Context.class);

    /** Go's {@code cancelCtxKey}: {@code value(CANCEL_KEY)} finds the nearest {@link CancelCtx}. */
    static final Context.Key<Object> CANCEL_KEY = Context.Key.of("gort.context.cancelCtx");

    private Contexts() {}

    private static Context checkParent(Context parent) {
        return Objects.requireNonNull(parent, "cannot create context from nil parent");
    }

    static CancelableContext withCancel(Context parent) {
        checkParent(parent);
        CancelCtx c = new CancelCtx(parent, deadlineOf(parent));
        propagateCancel(parent, c);
        return c;
    }

    static CancelableContext withDeadline(Context parent, Instant d, Throwable cause) {
        return withDeadline(parent, d, null, cause);
    }

    static CancelableContext withTimeout(Context parent, Duration timeout, Throwable cause) {
        Objects.requireNonNull(timeout, "timeout");
        checkParent(parent);
        return withDeadline(parent, deadlineAfter(timeout), timeout, cause);
    }

    /**
     * {@code timeout}, when given, arms the timer on the monotonic clock as Go's timeouts do; the
     * wall-clock {@code d} is then only what {@code deadline()} reports.
     */
    private static CancelableContext withDeadline(Context parent, Instant d, Duration timeout, Throwable cause) {
        checkParent(parent);
        Instant current = deadlineOf(parent);
        if (current != null && current.isBefore(d)) {
            // The parent's deadline comes first and will cancel the child: no timer of its own.
            return withCancel(parent);
        }
        TimerCtx c = new TimerCtx(parent, d);
        propagateCancel(parent, c);
        Duration remaining = timeout != null ? timeout : Duration.between(Instant.now(), d);
        if (remaining.isNegative() || remaining.isZero()) {
            c.cancel(true, Context.DEADLINE_EXCEEDED, cause); // already past: done before we return
        } else if (c.err() == null) {
            c.arm(remaining, cause);
        }
        return c;
    }

    private static Instant deadlineAfter(Duration timeout) {
        try {
            return Instant.now().plus(timeout);
        } catch (DateTimeException | ArithmeticException e) {
            return timeout.isNegative() ? Instant.MIN : Instant.MAX; // saturate, as Go's time does
        }
    }

    static <T> Context withValue(Context parent, Context.Key<T> key, T value) {
        checkParent(parent);
        Objects.requireNonNull(key, "nil key");
        return new ValueCtx(parent, key, value);
    }

    static Context withoutCancel(Context parent) {
        checkParent(parent);
        return new WithoutCancelCtx(parent);
    }

    static Stoppable afterFunc(Context ctx, Runnable f) {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(f, "f");
        AfterFuncNode n = new AfterFuncNode(f, false);
        propagateCancel(ctx, n);
        return n;
    }

    /**
     * Runs {@code wakeup} inline (on the canceling thread) once {@code ctx} is done; returns the
     * handle that withdraws it. For the sync hooks: {@code wakeup} only unparks a thread.
     */
    static Stoppable onCancel(Context ctx, Runnable wakeup) {
        AfterFuncNode n = new AfterFuncNode(wakeup, true);
        propagateCancel(ctx, n);
        return n;
    }

    static Throwable cause(Context ctx) {
        Objects.requireNonNull(ctx, "ctx");
        Object cc = ctx instanceof CancelCtx c ? c : ctx.value(CANCEL_KEY);
        if (cc instanceof CancelCtx c) {
            return c.causeIfCanceled();
        }
        return ctx.err();
    }

    /** The deadline of {@code parent}: a field read for gort's own contexts. */
    private static Instant deadlineOf(Context parent) {
        Context src = parent instanceof ValueCtx v ? v.source : parent;
        if (src instanceof CancelCtx c) {
            return c.deadline;
        }
        if (src instanceof EmptyCtx || src instanceof WithoutCancelCtx) {
            return null;
        }
        return src.deadline().orElse(null);
    }

    /**
     * Value lookup, iterative over gort's own context types (Go's {@code value}); a foreign context
     * met on the way is asked with its own {@code value}.
     */
    @SuppressWarnings("unchecked")
    static <T> T value(Context start, Context.Key<T> key) {
        Objects.requireNonNull(key, "nil key");
        Context c = start;
        for (;;) {
            if (c instanceof ValueCtx v) {
                if (v.key == key) {
                    return (T) v.val;
                }
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                if (key == CANCEL_KEY) {
                    return (T) cc;
                }
                c = cc.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                if (key == CANCEL_KEY) {
                    return null; // Cause() of a WithoutCancel context is its (null) err
                }
                c = w.parent;
            } else if (c instanceof EmptyCtx) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    /**
     * Arranges for {@code child} to be canceled when {@code parent} is (at once if it already is).
     * Go's {@code propagateCancel}, with two differences: gort's own parents are recognised without
     * making their done channel, and foreign parents share one watcher goroutine ({@link ForeignWatch}).
     */
    static void propagateCancel(Context parent, Node child) {
        Context src = parent instanceof ValueCtx v ? v.source : parent;
        if (src instanceof CancelCtx p) {
            attach(p, child);
            return;
        }
        if (src instanceof EmptyCtx || src instanceof WithoutCancelCtx) {
            return; // never canceled
        }
        RecvChan<Void> d = src.done();
        if (d == null) {
            return; // never canceled
        }
        Throwable e = src.err();
        if (e != null) {
            CancelCtx.propagate(child, e, cause(src));
            return;
        }
        // A wrapper whose done() and value() delegate to a gort context: attach to that context.
        if (src.value(CANCEL_KEY) instanceof CancelCtx p && p.doneIfMade() == d) {
            attach(p, child);
            return;
        }
        ForeignWatch.register(src, d, child);
    }

    private static void attach(CancelCtx p, Node child) {
        if (p.addChild(child) == CancelCtx.CANCELED) {
            CancelCtx.propagate(child, p.err(), p.causeIfCanceled());
        }
    }
}
