package dev.gort.benchmarks.core;

import dev.gort.internal.race.Race;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the race detector's hooks cost gort when the agent is absent: a hot loop of uncontended
 * lock/unlock-like work (a CAS on a field, as a Mutex's fast path does) without hooks, with
 * {@code if (Race.ENABLED) Race.acquire/release} around it, and with the hooks called unguarded
 * (each tests {@code ENABLED} itself). {@code Race.ENABLED} is a static final false here, so the
 * three should score the same: the JIT folds the branch away.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2)
@State(Scope.Thread)
public class RaceHookBenchmark {
    private final java.util.concurrent.atomic.AtomicInteger lock = new java.util.concurrent.atomic.AtomicInteger();
    private long counter;

    private void lockUnlock() {
        while (!lock.compareAndSet(0, 1)) {
            Thread.onSpinWait();
        }
        counter++;
        lock.set(0);
    }

    @Benchmark
    public long noHooks() {
        lockUnlock();
        return counter;
    }

    @Benchmark
    public long guardedHooks() {
        while (!lock.compareAndSet(0, 1)) {
            Thread.onSpinWait();
        }
        if (Race.ENABLED) {
            Race.acquire(lock);
        }
        counter++;
        if (Race.ENABLED) {
            Race.release(lock);
        }
        lock.set(0);
        return counter;
    }

    @Benchmark
    public long unguardedHooks() {
        while (!lock.compareAndSet(0, 1)) {
            Thread.onSpinWait();
        }
        Race.acquire(lock);
        counter++;
        Race.release(lock);
        lock.set(0);
        return counter;
    }
}
