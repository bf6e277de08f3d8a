package dev.gort.context;

import dev.gort.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code valueCtx}: one key-value pair on top of its parent. Everything but {@link #value} is
 * answered by {@link #source}, the nearest ancestor that is not a value context, found once at
 * construction, so {@code done()}, {@code err()} and {@code deadline()} cost one call however many
 * value contexts are stacked (Go recurses through each). All fields are final.
 */
final class ValueCtx implements Context {
    final Context parent;
    /** The nearest ancestor that is not a ValueCtx: it decides done, err and deadline. */
    final Context source;
    final Key<?> key;
    final Object val;

    ValueCtx(Context parent, Key<?> key, Object val) {
        this.parent = parent;
        this.source = parent instanceof ValueCtx v ? v.source : parent;
        this.key = key;
        this.val = val;
    }

    @Override
    public Optional<Instant> deadline() {
        return source.deadline();
    }

    @Override
    public RecvChan<Void> done() {
        return source.done();
    }

    @Override
    public Throwable err() {
        return source.err();
    }

    @Override
    public <T> T value(Key<T> k) {
        return Contexts.value(this, k);
    }

    @Override
    public String toString() {
        return "context.WithValue(" + key + ")";
    }
}
