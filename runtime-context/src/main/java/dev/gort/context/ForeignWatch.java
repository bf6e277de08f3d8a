package dev.gort.context;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.Go;
import dev.gort.GoInterruptedException;
import dev.gort.chan.Chan;
import dev.gort.chan.RecvChan;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a user-implemented ("foreign") parent context for all of its gort children at once.
 *
 * <h2>Implementation overview</h2>
 *
 * <p>Go starts one goroutine per child of a foreign parent, selecting on the parent's and the
 * child's done channels. Here a foreign parent gets one watcher, shared by all its live children:
 * a {@link CancelCtx} (never seen by users) whose children are the gort children of that parent,
 * plus one goroutine selecting on the parent's done channel and the watcher's {@link #retire}
 * channel. When the parent is done, the goroutine cancels the watcher with the parent's error and
 * cause, and the ordinary iterative walk cancels every child. A child that is canceled first
 * leaves the watcher's list like any child leaves its parent; when the last one leaves, the watcher
 * <em>retires</em>: it refuses new children, leaves {@link #WATCHES} and closes {@code retire}, and
 * its goroutine exits. A registration that meets a retired watcher makes a new one. So a foreign
 * parent costs one goroutine while it has live gort children and nothing after.
 *
 * <p>{@link #WATCHES} maps a foreign parent, by identity, to its current watcher. An entry is
 * removed by the watcher itself, when it retires or when its parent is done, so the map never keeps
 * a foreign context alive after its children are gone.
 *
 * <p>{@link #retired}: written once (false to true) under the watcher's lock, in
 * {@link #emptiedLocked()}; read under it in {@link #retiredLocked()}.
 */
final class ForeignWatch extends CancelCtx {
    static final ConcurrentHashMap<Identity, ForeignWatch> WATCHES = new ConcurrentHashMap<>();

    /** Identity key: a foreign context's own equals/hashCode must not matter here. */
    static final class Identity {
        final Context ctx;

        Identity(Context ctx) {
            this.ctx = ctx;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && i.ctx == ctx;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(ctx);
        }
    }

    private final Identity key;
    private final RecvChan<Void> parentDone;
    private final Chan<Void> retire = Chan.make();
    private boolean retired;

    private ForeignWatch(Identity key, RecvChan<Void> parentDone) {
        super(key.ctx, null);
        this.key = key;
        this.parentDone = parentDone;
    }

    /**
     * Registers {@code child} to be canceled when {@code parent} (foreign, not done a moment ago,
     * with done channel {@code parentDone}) is done.
     */
    static void register(Context parent, RecvChan<Void> parentDone, Node child) {
        Identity k = new Identity(parent);
        for (;;) {
            ForeignWatch w = WATCHES.get(k);
            if (w == null) {
                ForeignWatch fresh = new ForeignWatch(k, parentDone);
                w = WATCHES.putIfAbsent(k, fresh);
                if (w == null) {
                    w = fresh;
                    fresh.start();
                }
            }
            switch (w.addChild(child)) {
                case ADDED:
                    return;
                case CANCELED:
                    propagate(child, w.err(), w.causeIfCanceled());
                    return;
                default: // RETIRED: its last child left just now; make a new watcher
                    WATCHES.remove(k, w);
            }
        }
    }

    private void start() {
        Go.go("gort-context-watch", () -> {
            int i;
            try {
                i = select(recv(parentDone), recv(retire));
            } catch (GoInterruptedException e) {
                Contexts.LOG.warn("context: the watcher of a foreign parent was interrupted; "
                        + "its children will not see that parent's cancellation", e);
                WATCHES.remove(key, this);
                return;
            }
            if (i == 0) {
                WATCHES.remove(key, this);
                Throwable e = parent.err();
                cancel(false, e != null ? e : Context.CANCELED, Contexts.cause(parent));
            }
        });
    }

    @Override
    boolean retiredLocked() {
        return retired;
    }

    @Override
    boolean emptiedLocked() {
        retired = true;
        return true;
    }

    @Override
    void emptied() {
        WATCHES.remove(key, this);
        retire.close();
    }

    @Override
    public String toString() {
        return "context.foreignWatch(" + parent.getClass().getName() + ")";
    }
}
