package dev.gort.context;

import dev.gort.chan.RecvChan;
import java.time.Instant;
import java.util.Optional;

/** Go's {@code withoutCancelCtx}: the parent's values, never canceled, no deadline. */
final class WithoutCancelCtx implements Context {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
    }

    @Override
    public Optional<Instant> deadline() {
        return Optional.empty();
    }

    @Override
    public RecvChan<Void> done() {
        return null;
    }

    @Override
    public Throwable err() {
        return null;
    }

    @Override
    public <T> T value(Key<T> key) {
        return Contexts.value(this, key);
    }

    @Override
    public String toString() {
        return "context.WithoutCancel";
    }
}
