package dev.gort.benchmarks.chan;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.benchmarks.Systems;
import dev.gort.chan.Chan;
import dev.gort.chan.Select;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
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
 * Channel workloads W1 (ping-pong), W2 (spsc, cap 1024), W3 (4x4 mpmc, cap 128 and 0) and W7 (select
 * fan-in) of WORKLOADS.md, and a select whose work is ready beside a shared done channel: gort channels on gort goroutines ({@code system=gort}) against
 * {@link SynchronousQueue} / {@link ArrayBlockingQueue} on JDK virtual threads ({@code system=jdk};
 * W7 has no JDK peer and reports the JDK's figure as a plain 4-producer SynchronousQueue fan-in).
 * Scores are ns per round trip (W1) or per message.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'chan.ChanBenchmark' -f 1 -wi 3 -i 5</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class ChanBenchmark {
    static final int N = 100_000;
    private static final Integer[] BOXES = new Integer[1024];

    static {
        for (int i = 0; i < BOXES.length; i++) {
            BOXES[i] = i;
        }
    }

    @Param({"gort", "jdk"})
    public String system;

    @Param({"1", "2"})
    public int procs;

    @Setup(Level.Trial)
    public void setUp() {
        Systems.setUp(system, procs);
    }

    private boolean gort() {
        return Systems.GORT.equals(system);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> void put(BlockingQueue<T> q, T v) {
        try {
            q.put(v);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T take(BlockingQueue<T> q) {
        try {
            return q.take();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** W1: two goroutines, two unbuffered channels; ns per round trip. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void w1PingPong() {
        CountDownLatch done = new CountDownLatch(2);
        if (gort()) {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Systems.start(system, () -> {
                for (int i = 0; i < N; i++) {
                    pong.send(ping.recv());
                }
                done.countDown();
            });
            Systems.start(system, () -> {
                for (int i = 0; i < N; i++) {
                    ping.send(BOXES[i & 1023]);
                    pong.recv();
                }
                done.countDown();
            });
        } else {
            SynchronousQueue<Integer> ping = new SynchronousQueue<>();
            SynchronousQueue<Integer> pong = new SynchronousQueue<>();
            Systems.start(system, () -> {
                for (int i = 0; i < N; i++) {
                    put(pong, take(ping));
                }
                done.countDown();
            });
            Systems.start(system, () -> {
                for (int i = 0; i < N; i++) {
                    put(ping, BOXES[i & 1023]);
                    take(pong);
                }
                done.countDown();
            });
        }
        await(done);
    }

    /** W2: one producer, cap 1024, one consumer; ns per message. */
    @Benchmark
    @OperationsPerInvocation(10 * N)
    public void w2Spsc1024() {
        mpmc(1, 1, 1024, 10 * N);
    }

    /** W3: 4 producers, 4 consumers, cap 128; ns per message. */
    @Benchmark
    @OperationsPerInvocation(4 * N)
    public void w3Mpmc128() {
        mpmc(4, 4, 128, 4 * N);
    }

    /** W3: 4 producers, 4 consumers, unbuffered; ns per message. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void w3Mpmc0() {
        mpmc(4, 4, 0, N);
    }

    private void mpmc(int producers, int consumers, int cap, int n) {
        CountDownLatch done = new CountDownLatch(producers + consumers);
        int share = n / producers;
        int each = n / consumers;
        if (gort()) {
            Chan<Integer> c = Chan.make(cap);
            for (int p = 0; p < producers; p++) {
                Systems.start(system, () -> {
                    for (int i = 0; i < share; i++) {
                        c.send(BOXES[i & 1023]);
                    }
                    done.countDown();
                });
            }
            for (int k = 0; k < consumers; k++) {
                Systems.start(system, () -> {
                    for (int i = 0; i < each; i++) {
                        c.recv();
                    }
                    done.countDown();
                });
            }
        } else {
            BlockingQueue<Integer> q = cap == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(cap);
            for (int p = 0; p < producers; p++) {
                Systems.start(system, () -> {
                    for (int i = 0; i < share; i++) {
                        put(q, BOXES[i & 1023]);
                    }
                    done.countDown();
                });
            }
            for (int k = 0; k < consumers; k++) {
                Systems.start(system, () -> {
                    for (int i = 0; i < each; i++) {
                        take(q);
                    }
                    done.countDown();
                });
            }
        }
        await(done);
    }

    /** W7: 4 producers, each on its own unbuffered channel; one consumer selects over the 4. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void w7SelectFanIn() {
        int producers = 4;
        int share = N / producers;
        CountDownLatch done = new CountDownLatch(1);
        if (gort()) {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] ins = new Chan[producers];
            Select.Case[] cases = new Select.Case[producers];
            for (int p = 0; p < producers; p++) {
                Chan<Integer> in = Chan.make();
                ins[p] = in;
                cases[p] = recv(in);
                Systems.start(system, () -> {
                    for (int i = 0; i < share; i++) {
                        in.send(BOXES[i & 1023]);
                    }
                });
            }
            Systems.start(system, () -> {
                for (int i = 0; i < share * producers; i++) {
                    select(cases);
                }
                done.countDown();
            });
        } else {
            // No select on j.u.c queues: the nearest JDK shape, 4 producers into one SynchronousQueue.
            SynchronousQueue<Integer> q = new SynchronousQueue<>();
            for (int p = 0; p < producers; p++) {
                Systems.start(system, () -> {
                    for (int i = 0; i < share; i++) {
                        put(q, BOXES[i & 1023]);
                    }
                });
            }
            Systems.start(system, () -> {
                for (int i = 0; i < share * producers; i++) {
                    take(q);
                }
                done.countDown();
            });
        }
        await(done);
    }
    /**
     * Go's most common select, {@code select { case v := <-work: ... case <-ctx.Done(): ... }}, with
     * the work always ready: {@code procs} goroutines, each with its own buffered work channel, all
     * selecting beside one shared done channel that never fires. ns per select (plus the trySend
     * that makes it ready). The JDK's nearest shape: offer and poll on a queue of its own, and a
     * shared volatile flag read.
     */
    @Benchmark
    @OperationsPerInvocation(N)
    public void selectReadyBesideSharedDone() {
        int share = N / procs;
        CountDownLatch done = new CountDownLatch(procs);
        if (gort()) {
            Chan<Integer> shared = sharedDone;
            for (int g = 0; g < procs; g++) {
                Systems.start(system, () -> {
                    Chan<Integer> work = Chan.make(64);
                    Select.Case[] cases = {recv(work), recv(shared)};
                    for (int i = 0; i < share; i++) {
                        work.trySend(BOXES[i & 1023]);
                        select(cases);
                    }
                    done.countDown();
                });
            }
        } else {
            for (int g = 0; g < procs; g++) {
                Systems.start(system, () -> {
                    ArrayBlockingQueue<Integer> work = new ArrayBlockingQueue<>(64);
                    for (int i = 0; i < share && !sharedFlag; i++) {
                        work.offer(BOXES[i & 1023]);
                        work.poll();
                    }
                    done.countDown();
                });
            }
        }
        await(done);
    }

    private final Chan<Integer> sharedDone = Chan.make();
    private volatile boolean sharedFlag;
}
