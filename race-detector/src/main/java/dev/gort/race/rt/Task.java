package dev.gort.race.rt;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A user's task or callback, wrapped where it is handed to an executor, a thread builder or a
 * CompletableFuture, so that the code that runs it needs no instrumentation: the task starts with
 * the submitter's clock (and the clocks of the stages it depends on), runs under a frame that
 * remembers where it was submitted, and leaves its final clock in {@link #done}, which its future
 * (and its executor, for {@code awaitTermination}) point to. Three classes implement the seven
 * functional interfaces (one class cannot: Function's and BiFunction's {@code andThen} clash).
 */
abstract class Task {
    private static final int RUN = 0;
    private static final int CALL = 1;
    private static final int GET = 2;
    private static final int APPLY = 3;
    private static final int ACCEPT = 4;
    private static final int APPLY2 = 5;
    private static final int ACCEPT2 = 6;

    private final Object body;
    /** Null for a callback that runs inside the caller's call, under its lock (a guarded callback). */
    private final Threads.Fork token;
    private final SyncVar[] sources;
    final SyncVar done;
    private final SyncVar executor;
    /** True when the task is a new thread's body (Thread.Builder.start): its frame is the thread's creation. */
    private final boolean threadBody;

    Task(Object body, Threads.Fork token, SyncVar[] sources, SyncVar executor, boolean threadBody) {
        this.body = body;
        this.token = token;
        this.sources = sources;
        this.executor = executor;
        this.threadBody = threadBody;
        this.done = new SyncVar();
    }

    /**
     * A guarded callback: a function a concurrent or synchronized collection runs under its own lock
     * (compute, merge, forEach...). It acquires the collection's clock when it starts and releases
     * into it when it ends, so successive callbacks are ordered as the lock orders them.
     */
    Task(Object body, SyncVar guard) {
        this.body = body;
        this.token = null;
        this.sources = new SyncVar[] {guard};
        this.executor = null;
        this.threadBody = false;
        this.done = guard;
    }

    /** Runs the body as {@code how} says, between the task's acquire and release. */
    @SuppressWarnings("unchecked")
    final Object invoke(int how, Object x, Object y) throws Exception {
        T t = Threads.current();
        int site = t.callSite;
        Frame saved = begin(t);
        Object r = null;
        try {
            switch (how) {
                case RUN -> ((Runnable) body).run();
                case CALL -> r = ((Callable<?>) body).call();
                case GET -> r = ((Supplier<?>) body).get();
                case APPLY -> r = ((Function<Object, Object>) body).apply(x);
                case ACCEPT -> ((Consumer<Object>) body).accept(x);
                case APPLY2 -> r = ((BiFunction<Object, Object, Object>) body).apply(x, y);
                default -> ((BiConsumer<Object, Object>) body).accept(x, y);
            }
            return r;
        } finally {
            end(t, saved, site, r);
        }
    }

    /** {@link #invoke} for bodies that throw no checked exception (all but Callable's). */
    final Object invokeUnchecked(int how, Object x, Object y) {
        try {
            return invoke(how, x, y);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // unreachable: such bodies cannot throw it
        }
    }

    private Frame begin(T t) {
        Frame saved = t.top;
        if (token == null) {
            sources[0].acquire(t);
            return saved;
        }
        t.vc.join(token.vc());
        if (sources != null) {
            for (SyncVar s : sources) {
                s.acquire(t);
            }
        }
        if (threadBody) {
            ThreadRoot r = t.root;
            if (r.createdTop == null && r.createdSite == 0) {
                r.createdTop = token.top();
                r.createdSite = token.site();
            }
        } else {
            ThreadRoot r = new ThreadRoot(Thread.currentThread(), token.top(), token.site(), true, false);
            t.top = new Frame(saved, 0, r, false);
            t.ignoring = false;
        }
        return saved;
    }

    private void end(T t, Frame saved, int savedSite, Object result) {
        if (token == null) {
            done.release(t, true);
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            done.addDep(SyncVar.of(stage)); // thenCompose: the returned stage completes the result
        }
        if (threadBody) {
            Threads.retire(t); // the thread ends with its body; a join reads its final clock
            return;
        }
        done.release(t, true);
        if (executor != null) {
            executor.release(t, true);
        }
        t.top = saved;
        t.callSite = savedSite;
        t.ignoring = saved.ignore;
    }

    /** Runnable, Callable and Supplier. */
    static final class Run extends Task implements Runnable, Callable<Object>, Supplier<Object> {
        Run(Object body, Threads.Fork token, SyncVar[] sources, SyncVar executor, boolean threadBody) {
            super(body, token, sources, executor, threadBody);
        }

        Run(Object body, SyncVar guard) {
            super(body, guard);
        }

        @Override
        public void run() {
            invokeUnchecked(RUN, null, null);
        }

        @Override
        public Object call() throws Exception {
            return invoke(CALL, null, null);
        }

        @Override
        public Object get() {
            return invokeUnchecked(GET, null, null);
        }
    }

    /** Function and Consumer. */
    static final class Fn extends Task implements Function<Object, Object>, Consumer<Object> {
        Fn(Object body, Threads.Fork token, SyncVar[] sources, SyncVar executor) {
            super(body, token, sources, executor, false);
        }

        Fn(Object body, SyncVar guard) {
            super(body, guard);
        }

        @Override
        public Object apply(Object x) {
            return invokeUnchecked(APPLY, x, null);
        }

        @Override
        public void accept(Object x) {
            invokeUnchecked(ACCEPT, x, null);
        }
    }

    /** BiFunction and BiConsumer. */
    static final class Bi extends Task implements BiFunction<Object, Object, Object>, BiConsumer<Object, Object> {
        Bi(Object body, Threads.Fork token, SyncVar[] sources, SyncVar executor) {
            super(body, token, sources, executor, false);
        }

        Bi(Object body, SyncVar guard) {
            super(body, guard);
        }

        @Override
        public Object apply(Object x, Object y) {
            return invokeUnchecked(APPLY2, x, y);
        }

        @Override
        public void accept(Object x, Object y) {
            invokeUnchecked(ACCEPT2, x, y);
        }
    }
}
