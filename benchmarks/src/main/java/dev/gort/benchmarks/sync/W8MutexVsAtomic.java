package dev.gort.benchmarks.sync;

import dev.gort.Go;
import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W8 (shared/WORKLOADS.md): 8 goroutines, 10,000,000 increments in total of one counter, under
 * {@link Mutex}, under {@link ReentrantLock}, with {@link AtomicLong#incrementAndGet()} and with
 * {@link LongAdder#increment()}. Score: ns per increment (one invocation = one whole W8 run, from the
 * first spawn to the last goroutine's exit).
 *
 * <p>GOMAXPROCS is a JVM-wide setting, so run once per value:
 * <pre>
 * java --add-opens java.base/java.lang=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar W8MutexVsAtomic \
 *      -jvmArgsAppend "-DGOMAXPROCS=1 -Djdk.virtualThreadScheduler.parallelism=1"
 * </pre>
 * (gort's scheduler reads {@code GOMAXPROCS}; until it lands goroutines are JDK virtual threads,
 * whose scheduler reads {@code jdk.virtualThreadScheduler.parallelism}: pass both.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED"})
public class W8MutexVsAtomic {
    static final int GOROUTINES = 8;
    static final int TOTAL = 10_000_000;
    static final int PER_GOROUTINE = TOTAL / GOROUTINES;

    @Param({"mutex", "reentrantLock", "atomicLong", "longAdder"})
    public String impl;

    private Runnable body;
    private long[] plain;
    private AtomicLong atomic;
    private LongAdder adder;

    @org.openjdk.jmh.annotations.Setup(org.openjdk.jmh.annotations.Level.Invocation)
    public void setUp() {
        plain = new long[1];
        atomic = new AtomicLong();
        adder = new LongAdder();
        long[] c = plain;
        switch (impl) {
            case "mutex" -> {
                Mutex mu = new Mutex();
                body = () -> {
                    for (int i = 0; i < PER_GOROUTINE; i++) {
                        mu.lock();
                        try {
                            c[0]++;
                        } finally {
                            mu.unlock();
                        }
                    }
                };
            }
            case "reentrantLock" -> {
                ReentrantLock lock = new ReentrantLock();
                body = () -> {
                    for (int i = 0; i < PER_GOROUTINE; i++) {
                        lock.lock();
                        try {
                            c[0]++;
                        } finally {
                            lock.unlock();
                        }
                    }
                };
            }
            case "atomicLong" -> {
                AtomicLong a = atomic;
                body = () -> {
                    for (int i = 0; i < PER_GOROUTINE; i++) {
                        a.incrementAndGet();
                    }
                };
            }
            case "longAdder" -> {
                LongAdder a = adder;
                body = () -> {
                    for (int i = 0; i < PER_GOROUTINE; i++) {
                        a.increment();
                    }
                };
            }
            default -> throw new IllegalArgumentException(impl);
        }
    }

    @Benchmark
    @OperationsPerInvocation(TOTAL)
    public long w8() {
        WaitGroup wg = new WaitGroup();
        wg.add(GOROUTINES);
        for (int g = 0; g < GOROUTINES; g++) {
            Go.go(() -> {
                try {
                    body.run();
                } finally {
                    wg.done();
                }
            });
        }
        wg.await();
        long total = plain[0] + atomic.get() + adder.sum();
        if (total != TOTAL) {
            throw new IllegalStateException(impl + ": counted " + total + ", expected " + TOTAL);
        }
        return total;
    }
}
