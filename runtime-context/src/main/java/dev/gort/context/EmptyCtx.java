package dev.gort.context;

import dev.gort.chan.RecvChan;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Go's {@code backgroundCtx} and {@code todoCtx}: never canceled, no deadline, no values. */
final class EmptyCtx implements Context {
    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
    static final EmptyCtx TODO = new EmptyCtx("context.TODO");

    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
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
        Objects.requireNonNull(key, "nil key");
        return null;
    }

    @Override
    public String toString() {
        return name;
    }
}
