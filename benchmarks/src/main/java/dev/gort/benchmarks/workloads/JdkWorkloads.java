package dev.gort.benchmarks.workloads;

import dev.gort.benchmarks.harness.Spin;
import dev.gort.benchmarks.harness.Workload;
import dev.gort.benchmarks.harness.Workloads;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The workloads on plain JDK virtual threads (the default ForkJoinPool scheduler) with
 * java.util.concurrent, written the way a Java programmer would without a channel library:
 * SynchronousQueue for an unbuffered channel, ArrayBlockingQueue for a buffered one, CountDownLatch
 * for a WaitGroup and for "close wakes every receiver", ReentrantLock for a mutex. Queues cannot be
 * closed, so consumers stop on a count or a poison value; there is no select (W7 is n/a, W10 waits on
 * a latch instead of a select over ctx.Done()). W13 runs gort's socket code ({@link NetEcho}) on
 * virtual threads.
 */
public final class JdkWorkloads implements Workloads {
    private static final Integer POISON = Integer.MIN_VALUE;

    /** W13's goroutines: plain virtual threads, and a {@link CountDownLatch} for the clients. */
    static final NetEcho.Goroutines GOROUTINES = new NetEcho.Goroutines(body -> Thread.ofVirtual().start(body), n -> {
        CountDownLatch wg = new CountDownLatch(n);
        return new NetEcho.Group(wg::countDown, () -> Vt.await(wg));
    });

    private final NetEcho.PerCell echo = new NetEcho.PerCell(GOROUTINES);

    @Override
    public String notApplicable(Workload w) {
        return w == Workload.W7 ? "j.u.c has no select over several queues" : null;
    }

    @Override
    public String note(Workload w) {
        return switch (w) {
            case W3 -> "jdk: queues cannot be closed; consumers stop on a poison value per consumer";
            case W6 -> "jdk: the parked threads wait on one CountDownLatch (the JDK's close-wakes-all)";
            case W10 -> "jdk: no context or select; threads wait on a CountDownLatch, cancel is countDown()";
            case W13 -> "jdk: the same java.net.Socket code as gort's, on virtual threads; the JDK's default "
                    + "socket pollers (on Linux: virtual threads on the same scheduler, jdk.pollerMode=2)";
            default -> null;
        };
    }

    @Override
    public long pingPong(int n) {
        return Vt.main(() -> {
            SynchronousQueue<Integer> ping = new SynchronousQueue<>();
            SynchronousQueue<Integer> pong = new SynchronousQueue<>();
            Thread echo = Vt.start(() -> {
                for (int i = 0; i < n; i++) {
                    Vt.put(pong, Vt.take(ping));
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                Vt.put(ping, i);
                sum += Vt.take(pong);
            }
            Vt.join(echo);
            return sum;
        });
    }

    @Override
    public long spsc(int n) {
        return Vt.main(() -> {
            ArrayBlockingQueue<Integer> q = new ArrayBlockingQueue<>(1024);
            Vt.start(() -> {
                for (int i = 0; i < n; i++) {
                    Vt.put(q, i);
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += Vt.take(q);
            }
            return sum;
        });
    }

    @Override
    public long mpmc(int n, int cap) {
        return Vt.main(() -> {
            BlockingQueue<Integer> q = cap == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(cap);
            Thread[] producers = new Thread[4];
            for (int p = 0; p < 4; p++) {
                int first = p;
                producers[p] = Vt.start(() -> {
                    for (int i = first; i < n; i += 4) {
                        Vt.put(q, i);
                    }
                });
            }
            long[] sums = new long[4];
            Thread[] consumers = new Thread[4];
            for (int c = 0; c < 4; c++) {
                int me = c;
                consumers[c] = Vt.start(() -> {
                    long s = 0;
                    for (Integer v; !(v = Vt.take(q)).equals(POISON); ) {
                        s += v;
                    }
                    sums[me] = s;
                });
            }
            for (Thread t : producers) {
                Vt.join(t);
            }
            for (int c = 0; c < 4; c++) {
                Vt.put(q, POISON); // the queue's "close": one poison value per consumer
            }
            long sum = 0;
            for (int c = 0; c < 4; c++) {
                Vt.join(consumers[c]);
                sum += sums[c];
            }
            return sum;
        });
    }

    @Override
    public long spawn(int n) {
        return Vt.main(() -> {
            byte[] ran = new byte[n];
            CountDownLatch wg = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int me = i;
                Thread.ofVirtual().start(() -> {
                    ran[me] = 1;
                    wg.countDown();
                });
            }
            Vt.await(wg);
            long count = 0;
            for (byte b : ran) {
                count += b;
            }
            return count;
        });
    }

    @Override
    public long skynet(int leaves) {
        return Vt.main(() -> {
            SynchronousQueue<Long> c = new SynchronousQueue<>();
            Vt.start(() -> skynet(c, 0, leaves));
            return Vt.take(c);
        });
    }

    private static void skynet(SynchronousQueue<Long> c, long num, long size) {
        if (size == 1) {
            Vt.put(c, num);
            return;
        }
        SynchronousQueue<Long> rc = new SynchronousQueue<>();
        for (int i = 0; i < 10; i++) {
            long sub = num + i * (size / 10);
            Thread.ofVirtual().start(() -> skynet(rc, sub, size / 10));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += Vt.take(rc);
        }
        Vt.put(c, sum);
    }

    @Override
    public Parked parked(int n) {
        return latchParked(n);
    }

    /** n virtual threads parked on one latch (the JDK's "close wakes every receiver"). */
    private static Parked latchParked(int n) {
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch exited = new CountDownLatch(n);
        AtomicLong woke = new AtomicLong();
        Vt.main(() -> {
            CountDownLatch started = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(() -> {
                    started.countDown();
                    Vt.await(gate);
                    woke.incrementAndGet();
                    exited.countDown();
                });
            }
            Vt.await(started);
            return 0L;
        });
        return () -> Vt.main(() -> {
            gate.countDown();
            Vt.await(exited);
            return woke.get();
        });
    }

    @Override
    public long selectFanIn(int n) {
        throw new UnsupportedOperationException(notApplicable(Workload.W7));
    }

    @Override
    public long mutex(int n, int workers) {
        return Vt.main(() -> {
            ReentrantLock mu = new ReentrantLock();
            long[] counter = new long[1];
            Thread[] ts = new Thread[workers];
            for (int w = 0; w < workers; w++) {
                int k = share(n, workers, w);
                ts[w] = Vt.start(() -> {
                    for (int i = 0; i < k; i++) {
                        mu.lock();
                        try {
                            counter[0]++;
                        } finally {
                            mu.unlock();
                        }
                    }
                });
            }
            for (Thread t : ts) {
                Vt.join(t);
            }
            return counter[0];
        });
    }

    @Override
    public long atomic(int n, int workers) {
        return Vt.main(() -> {
            AtomicLong counter = new AtomicLong();
            Thread[] ts = new Thread[workers];
            for (int w = 0; w < workers; w++) {
                int k = share(n, workers, w);
                ts[w] = Vt.start(() -> {
                    for (int i = 0; i < k; i++) {
                        counter.incrementAndGet();
                    }
                });
            }
            for (Thread t : ts) {
                Vt.join(t);
            }
            return counter.get();
        });
    }

    /** Worker w's part of n increments over {@code workers} (the first ones take the remainder). */
    static int share(int n, int workers, int w) {
        return n / workers + (w < n % workers ? 1 : 0);
    }

    @Override
    public long daisyChain(int n, int passes) {
        return Vt.main(() -> {
            SynchronousQueue<Integer> first = new SynchronousQueue<>();
            SynchronousQueue<Integer> in = first;
            for (int i = 0; i < n; i++) {
                SynchronousQueue<Integer> from = in;
                SynchronousQueue<Integer> to = new SynchronousQueue<>();
                Thread.ofVirtual().start(() -> {
                    for (int p = 0; p < passes; p++) {
                        Vt.put(to, 1 + Vt.take(from));
                    }
                });
                in = to;
            }
            long sum = 0;
            for (int p = 0; p < passes; p++) {
                Vt.put(first, p);
                sum += Vt.take(in);
            }
            return sum;
        });
    }

    @Override
    public Parked ctxCancel(int n) {
        // No context and no select in the JDK: the natural "cancel" is a latch everyone awaits.
        return latchParked(n);
    }

    @Override
    public long timers(int n, Duration d) {
        return Vt.main(() -> {
            CountDownLatch wg = new CountDownLatch(n);
            AtomicLong woke = new AtomicLong();
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(() -> {
                    try {
                        Thread.sleep(d);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    woke.incrementAndGet();
                    wg.countDown();
                });
            }
            Vt.await(wg);
            return woke.get();
        });
    }

    @Override
    public long parallel(int n) {
        return Vt.main(() -> {
            long[] results = new long[n];
            CountDownLatch wg = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int me = i;
                Thread.ofVirtual().start(() -> {
                    results[me] = Spin.spin(me);
                    wg.countDown();
                });
            }
            Vt.await(wg);
            long sum = 0;
            for (long r : results) {
                sum += r;
            }
            return sum;
        });
    }

    @Override
    public long netEcho(int conns, int roundTrips) {
        return Vt.main(() -> echo.clients(conns, roundTrips));
    }

    @Override
    public double netEchoFinishSpreadPercent() {
        return echo.finishSpreadPercent();
    }

    @Override
    public void close() {
        echo.close();
    }
}
