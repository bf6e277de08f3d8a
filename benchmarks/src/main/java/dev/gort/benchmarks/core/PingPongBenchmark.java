package dev.gort.benchmarks.core;

import dev.gort.benchmarks.Systems;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Park/unpark ping-pong between two goroutines: the scheduler's handoff path with no channel in
 * between. Each side waits for its turn with {@code LockSupport.park}, passes the turn and unparks the
 * other. Score: ns per round trip (two handoffs).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class PingPongBenchmark {
    static final int ROUND_TRIPS = 100_000;

    @Param({"gort", "jdk"})
    public String system;

    @Param({"1", "2"})
    public int procs;

    @Setup(Level.Trial)
    public void setUp() {
        Systems.setUp(system, procs);
    }

    /** The two players' shared state: whose turn it is, and who they are. */
    static final class Table {
        volatile int turn;
        final Thread[] players = new Thread[2];
        final CountDownLatch seated = new CountDownLatch(2);
        final CountDownLatch done = new CountDownLatch(2);

        void play(int me) {
            players[me] = Thread.currentThread();
            seated.countDown();
            try {
                seated.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            Thread other = players[1 - me];
            for (int i = 0; i < ROUND_TRIPS; i++) {
                while (turn != me) {
                    // Raw park/unpark on purpose: this benchmark measures the scheduler's handoff floor.
                    LockSupport.park(this);
                }
                turn = 1 - me;
                LockSupport.unpark(other);
            }
            done.countDown();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void parkUnparkPingPong() throws InterruptedException {
        Table t = new Table();
        Systems.start(system, () -> t.play(0));
        Systems.start(system, () -> t.play(1));
        t.done.await();
    }
}
