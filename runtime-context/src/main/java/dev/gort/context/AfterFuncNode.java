package dev.gort.context;

import dev.gort.Go;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A function registered to run when a context is done: {@link Context#afterFunc} (run in a new
 * goroutine, Go's semantics) or an internal wake-up hook (run inline by the canceling thread; it
 * only unparks a thread). It sits in the context's child list like a derived context.
 *
 * <p>{@link #state} decides, by one CAS from {@link #PENDING}, which of "run" and "stop" happens:
 * exactly one of them, whatever the interleaving of a cancel and a {@link #stop()}.
 */
final class AfterFuncNode extends Node implements Stoppable {
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(AfterFuncNode.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int PENDING = 0;
    private static final int RAN = 1;
    private static final int STOPPED = 2;

    private final Runnable f;
    private final boolean inline;
    /** PENDING until one CAS moves it to RAN (by the canceller) or STOPPED (by stop()). */
    private volatile int state;

    AfterFuncNode(Runnable f, boolean inline) {
        this.f = f;
        this.inline = inline;
    }

    @Override
    Node parentCanceled(Throwable err, Throwable cause) {
        if (STATE.compareAndSet(this, PENDING, RAN)) {
            try {
                if (inline) {
                    f.run();
                } else {
                    Go.go("gort-context-afterFunc", f);
                }
            } catch (Throwable t) {
                // The walk must go on: every other descendant still has to be canceled.
                Contexts.LOG.error("context: afterFunc callback could not run", t);
            }
        }
        return null;
    }

    @Override
    public boolean stop() {
        if (!STATE.compareAndSet(this, PENDING, STOPPED)) {
            return false;
        }
        CancelCtx o = owner;
        if (o != null) {
            o.removeChild(this); // leave the context now, not when it is canceled
        }
        return true;
    }

    @Override
    public String toString() {
        return "context.AfterFunc[" + (state == PENDING ? "pending" : state == RAN ? "ran" : "stopped") + "]";
    }
}
