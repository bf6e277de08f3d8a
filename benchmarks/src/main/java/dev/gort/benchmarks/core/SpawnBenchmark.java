package dev.gort.benchmarks.core;

import dev.gort.benchmarks.Systems;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawn + join cost per goroutine: {@value #N} goroutines that each count down a latch, started from
 * the benchmark thread (a platform thread, like Go's W4 from main) or from inside a goroutine (where
 * gort puts each new goroutine in the spawner's runnext, as Go's newproc does). Score: ns per goroutine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SpawnBenchmark {
    static final int N = 100_000;

    @Param({"gort", "jdk"})
    public String system;

    @Param({"1", "2"})
    public int procs;

    @Setup(Level.Trial)
    public void setUp() {
        Systems.setUp(system, procs);
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void spawnFromPlatformThread() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(N);
        Runnable body = done::countDown;
        for (int i = 0; i < N; i++) {
            Systems.start(system, body);
        }
        done.await();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public void spawnFromGoroutine() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(N);
        Runnable body = done::countDown;
        Systems.start(system, () -> {
            for (int i = 0; i < N; i++) {
                Systems.start(system, body);
            }
        });
        done.await();
    }
}
