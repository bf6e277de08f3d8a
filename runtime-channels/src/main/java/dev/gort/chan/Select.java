package dev.gort.chan;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Go's {@code select} statement.
 *
 * <pre>{@code
 * import static dev.gort.chan.Select.*;
 *
 * int i = select(
 *     recv(jobs, job -> process(job)),
 *     recv(results, (r, ok) -> { if (!ok) results = null; }),
 *     send(out, value, () -> sent()),
 *     recv(Time.after(Duration.ofSeconds(1)), t -> timeout()),
 *     otherwise(() -> idle()));
 * }</pre>
 *
 * <ul>
 *   <li>{@code select} blocks until one case can proceed, performs exactly that one communication,
 *       then runs that case's handler on the calling thread, outside every channel lock (a handler
 *       may block or select again), and returns the case's index in argument order.</li>
 *   <li>When several cases are ready, one is chosen uniformly at random.</li>
 *   <li>A case on a {@code null} channel is never ready (Go's nil channel). {@code select()} with
 *       no cases (or only nil-channel cases) blocks until interrupted.</li>
 *   <li>{@link #otherwise} (Go's {@code default}, which is a Java keyword) makes the select
 *       non-blocking; at most one, at any position; it counts in the indices like any case.</li>
 *   <li>A receive case on a closed, drained channel is ready and receives {@code null} (a
 *       {@link Consumer} handler gets {@code null}, a {@link BiConsumer} gets {@code ok == false}).
 *       A send case on a closed channel throws {@link ChanClosedException}, as Go panics.</li>
 *   <li>Interrupted while blocked: {@link dev.gort.GoInterruptedException}, interrupt status kept,
 *       no communication happened, no handler ran.</li>
 * </ul>
 *
 * <p>The expression form {@link #returning()} builds a select whose handlers return a value:
 * <pre>{@code
 * String r = Select.<String>returning()
 *     .recv(results, v -> "got " + v)
 *     .recv(Time.after(Duration.ofSeconds(1)), t -> "timeout")
 *     .select();
 * }</pre>
 */
public final class Select {
    private Select() {}

    /** One case of a select: build it with {@link #recv}, {@link #send} or {@link #otherwise}. */
    public static final class Case {
        static final byte RECV = 0;
        static final byte SEND = 1;
        static final byte DEFAULT = 2;

        // Handler shapes.
        static final byte H_NONE = 0;
        static final byte H_CONSUMER = 1;
        static final byte H_BICONSUMER = 2;
        static final byte H_RUNNABLE = 3;
        static final byte H_FUNCTION = 4;
        static final byte H_BIFUNCTION = 5;
        static final byte H_SUPPLIER = 6;

        final Chan<?> chan;
        final byte kind;
        final Object value;
        final Object handler;
        final byte shape;

        Case(Chan<?> chan, byte kind, Object value, Object handler, byte shape) {
            this.chan = chan;
            this.kind = kind;
            this.value = value;
            this.handler = handler;
            this.shape = shape;
        }

        /** Runs the handler after the communication; returns its value (null for void shapes). */
        @SuppressWarnings({"unchecked", "rawtypes"})
        Object fire(Object v, boolean ok) {
            switch (shape) {
                case H_CONSUMER -> ((Consumer) handler).accept(v);
                case H_BICONSUMER -> ((BiConsumer) handler).accept(v, ok);
                case H_RUNNABLE -> ((Runnable) handler).run();
                case H_FUNCTION -> {
                    return ((Function) handler).apply(v);
                }
                case H_BIFUNCTION -> {
                    return ((BiFunction) handler).apply(v, ok);
                }
                case H_SUPPLIER -> {
                    return ((Supplier) handler).get();
                }
                default -> { }
            }
            return null;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case RECV -> "recv(" + chan + ")";
                case SEND -> "send(" + chan + ")";
                default -> "otherwise";
            };
        }
    }

    /** The channel behind a case: {@code SendChan} and {@code RecvChan} are sealed, so it is a {@link Chan}. */
    static Chan<?> chan(Object c) {
        return (Chan<?>) c;
    }

    /** A receive case without a handler. */
    public static <T> Case recv(RecvChan<T> c) {
        return new Case(chan(c), Case.RECV, null, null, Case.H_NONE);
    }

    /** A receive case; {@code handler} gets the value ({@code null} if the channel is closed). */
    public static <T> Case recv(RecvChan<T> c, Consumer<? super T> handler) {
        return new Case(chan(c), Case.RECV, null, Objects.requireNonNull(handler, "handler"), Case.H_CONSUMER);
    }

    /** A receive case; {@code handler} gets the value and {@code ok} (false: closed and drained). */
    public static <T> Case recv(RecvChan<T> c, BiConsumer<? super T, Boolean> handler) {
        return new Case(chan(c), Case.RECV, null, Objects.requireNonNull(handler, "handler"), Case.H_BICONSUMER);
    }

    /** A send case without a handler. */
    public static <T> Case send(SendChan<T> c, T value) {
        return new Case(chan(c), Case.SEND, value, null, Case.H_NONE);
    }

    /** A send case; {@code handler} runs after the value was sent. */
    public static <T> Case send(SendChan<T> c, T value, Runnable handler) {
        return new Case(chan(c), Case.SEND, value, Objects.requireNonNull(handler, "handler"), Case.H_RUNNABLE);
    }

    /** Go's {@code default}: chosen when no other case is ready, making the select non-blocking. */
    public static Case otherwise(Runnable handler) {
        return new Case(null, Case.DEFAULT, null, Objects.requireNonNull(handler, "handler"), Case.H_RUNNABLE);
    }

    /** Go's {@code default} without a handler. */
    public static Case otherwise() {
        return new Case(null, Case.DEFAULT, null, null, Case.H_NONE);
    }

    /**
     * Runs a select over {@code cases}; returns the index of the case that proceeded.
     *
     * @throws IllegalArgumentException if more than one case is an {@code otherwise}
     * @throws NullPointerException {@code "select: cases"} if the array is null, {@code "select: case
     *     i is null"} for a null case; nothing was communicated
     * @throws ChanClosedException if the chosen case is a send on a closed channel
     * @throws dev.gort.GoInterruptedException if interrupted while blocked
     */
    public static int select(Case... cases) {
        // Named like every other null argument of the API, rather than by the JDK's "Cannot read
        // the array length", which names the parameter only in classes compiled with -g.
        return SelectCore.select(Objects.requireNonNull(cases, "select: cases"), null);
    }

    /** {@link #select(Case...)} over a list of cases built at run time. */
    public static int select(List<Case> cases) {
        return SelectCore.select(Objects.requireNonNull(cases, "select: cases").toArray(new Case[0]), null);
    }

    /** Starts an expression-form select whose handlers return an {@code R}; see {@link Returning}. */
    public static <R> Returning<R> returning() {
        return new Returning<>();
    }

    /**
     * A select whose handlers return a value: add cases, then {@link #select()} returns the value
     * of the handler that ran. Semantics are exactly those of {@link Select#select(Case...)}. The
     * builder may be kept and selected again (in a loop, say): each {@code select()} is a fresh
     * select over the same cases (a send case sends the same value each time). Not thread-safe
     * while cases are being added.
     *
     * @param <R> the value the handlers return
     */
    public static final class Returning<R> {
        private final List<Case> cases = new ArrayList<>(4);
        private Case[] frozen;

        Returning() {}

        private Returning<R> add(Case c) {
            cases.add(c);
            frozen = null;
            return this;
        }

        /** A receive case; {@code f} maps the value received ({@code null} if closed). */
        public <T> Returning<R> recv(RecvChan<T> c, Function<? super T, ? extends R> f) {
            return add(new Case(chan(c), Case.RECV, null, Objects.requireNonNull(f, "f"), Case.H_FUNCTION));
        }

        /** A receive case; {@code f} maps the value and {@code ok} (false: closed and drained). */
        public <T> Returning<R> recv(RecvChan<T> c, BiFunction<? super T, Boolean, ? extends R> f) {
            return add(new Case(chan(c), Case.RECV, null, Objects.requireNonNull(f, "f"), Case.H_BIFUNCTION));
        }

        /** A send case; {@code f} supplies the result after the value was sent. */
        public <T> Returning<R> send(SendChan<T> c, T value, Supplier<? extends R> f) {
            return add(new Case(chan(c), Case.SEND, value, Objects.requireNonNull(f, "f"), Case.H_SUPPLIER));
        }

        /** Go's {@code default}; {@code f} supplies the result when no other case is ready. */
        public Returning<R> otherwise(Supplier<? extends R> f) {
            return add(new Case(null, Case.DEFAULT, null, Objects.requireNonNull(f, "f"), Case.H_SUPPLIER));
        }

        /** Runs the select; returns the value of the handler of the case that proceeded. */
        @SuppressWarnings("unchecked")
        public R select() {
            Case[] cs = frozen;
            if (cs == null) {
                cs = frozen = cases.toArray(new Case[0]);
            }
            Object[] out = new Object[1];
            SelectCore.select(cs, out);
            return (R) out[0];
        }
    }
}
