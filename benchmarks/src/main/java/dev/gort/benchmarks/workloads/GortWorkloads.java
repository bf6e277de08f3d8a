package dev.gort.benchmarks.workloads;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;

import dev.gort.Go;
import dev.gort.benchmarks.harness.Spin;
import dev.gort.benchmarks.harness.Workload;
import dev.gort.benchmarks.harness.Workloads;
import dev.gort.chan.Chan;
import dev.gort.chan.Time;
import dev.gort.context.CancelableContext;
import dev.gort.context.Context;
import dev.gort.sync.Mutex;
import dev.gort.sync.WaitGroup;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The workloads on gort: goroutines on the G-M-P scheduler, {@link Chan}, {@code select},
 * {@link WaitGroup}, {@link Mutex}, {@link Time#sleep} and {@link Context}; W13 blocks goroutines on
 * {@code java.net.Socket} streams ({@link NetEcho}). Each method is a line-by-line translation of the
 * Go twin in benchmarks/go/main.go, so a difference in figures is a difference in runtimes.
 */
public final class GortWorkloads implements Workloads {
    /** W13's goroutines: {@link Go#go}, and a {@link WaitGroup} for the clients. */
    static final NetEcho.Goroutines GOROUTINES = new NetEcho.Goroutines(Go::go, n -> {
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        return new NetEcho.Group(wg::done, wg::await);
    });

    private final NetEcho.PerCell echo = new NetEcho.PerCell(GOROUTINES);

    @Override
    public String note(Workload w) {
        return w == Workload.W13
                ? "gort: java.net.Socket streams in goroutines; the JDK's default socket pollers "
                        + "(on Linux: virtual threads, jdk.pollerMode=2), which run as goroutines on gort's Ps"
                : null;
    }

    /** Runs {@code body} as the "main goroutine" and returns its result to the calling thread. */
    private static long main(Supplier<Long> body) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        Go.go("main", () -> {
            try {
                f.complete(body.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.join();
    }

    @Override
    public long pingPong(int n) {
        return main(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (Integer v : ping) {
                    pong.send(v);
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                ping.send(i);
                sum += pong.recv();
            }
            ping.close();
            return sum;
        });
    }

    @Override
    public long spsc(int n) {
        return main(() -> {
            Chan<Integer> c = Chan.make(1024);
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    c.send(i);
                }
                c.close();
            });
            long sum = 0;
            for (Integer v : c) {
                sum += v;
            }
            return sum;
        });
    }

    @Override
    public long mpmc(int n, int cap) {
        return main(() -> {
            Chan<Integer> c = Chan.make(cap);
            WaitGroup producers = new WaitGroup();
            for (int p = 0; p < 4; p++) {
                int first = p;
                producers.add(1);
                Go.go(() -> {
                    for (int i = first; i < n; i += 4) {
                        c.send(i);
                    }
                    producers.done();
                });
            }
            Go.go(() -> {
                producers.await();
                c.close();
            });
            Chan<Long> sums = Chan.make(4);
            for (int k = 0; k < 4; k++) {
                Go.go(() -> {
                    long s = 0;
                    for (Integer v : c) {
                        s += v;
                    }
                    sums.send(s);
                });
            }
            long sum = 0;
            for (int k = 0; k < 4; k++) {
                sum += sums.recv();
            }
            return sum;
        });
    }

    @Override
    public long spawn(int n) {
        return main(() -> {
            byte[] ran = new byte[n];
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                int me = i;
                Go.go(() -> {
                    ran[me] = 1;
                    wg.done();
                });
            }
            wg.await();
            long count = 0;
            for (byte b : ran) {
                count += b;
            }
            return count;
        });
    }

    @Override
    public long skynet(int leaves) {
        return main(() -> {
            Chan<Long> c = Chan.make();
            Go.go(() -> skynet(c, 0, leaves));
            return c.recv();
        });
    }

    private static void skynet(Chan<Long> c, long num, long size) {
        if (size == 1) {
            c.send(num);
            return;
        }
        Chan<Long> rc = Chan.make();
        for (int i = 0; i < 10; i++) {
            long sub = num + i * (size / 10);
            Go.go(() -> skynet(rc, sub, size / 10));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += rc.recv();
        }
        c.send(sum);
    }

    @Override
    public Parked parked(int n) {
        Chan<Object> c = Chan.make();
        return parkedOn(n, c::close, () -> !c.recvOk().ok());
    }

    /**
     * Starts n goroutines that each run {@code waitForRelease} (true when it saw the close or
     * cancel), from a main goroutine; returns once all have started.
     */
    private static Parked parkedOn(int n, Runnable release, BooleanSupplier waitForRelease) {
        WaitGroup exited = new WaitGroup();
        AtomicLong woke = new AtomicLong();
        main(() -> {
            WaitGroup started = new WaitGroup();
            started.add(n);
            exited.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    started.done();
                    if (waitForRelease.getAsBoolean()) {
                        woke.incrementAndGet();
                    }
                    exited.done();
                });
            }
            started.await();
            return 0L;
        });
        return () -> main(() -> {
            release.run();
            exited.await();
            return woke.get();
        });
    }

    @Override
    public long selectFanIn(int n) {
        return main(() -> {
            @SuppressWarnings("unchecked")
            Chan<Integer>[] cs = new Chan[4];
            for (int p = 0; p < 4; p++) {
                cs[p] = Chan.make();
                Chan<Integer> mine = cs[p];
                int first = p;
                Go.go(() -> {
                    for (int i = first; i < n; i += 4) {
                        mine.send(i);
                    }
                });
            }
            long[] sum = new long[1];
            Consumer<Integer> add = v -> sum[0] += v;
            for (int k = 0; k < n; k++) {
                select(recv(cs[0], add), recv(cs[1], add), recv(cs[2], add), recv(cs[3], add));
            }
            return sum[0];
        });
    }

    @Override
    public long mutex(int n, int workers) {
        return main(() -> {
            Mutex mu = new Mutex();
            long[] counter = new long[1];
            WaitGroup wg = new WaitGroup();
            for (int w = 0; w < workers; w++) {
                int k = JdkWorkloads.share(n, workers, w);
                wg.add(1);
                Go.go(() -> {
                    for (int i = 0; i < k; i++) {
                        mu.lock();
                        counter[0]++;
                        mu.unlock();
                    }
                    wg.done();
                });
            }
            wg.await();
            return counter[0];
        });
    }

    @Override
    public long atomic(int n, int workers) {
        return main(() -> {
            AtomicLong counter = new AtomicLong();
            WaitGroup wg = new WaitGroup();
            for (int w = 0; w < workers; w++) {
                int k = JdkWorkloads.share(n, workers, w);
                wg.add(1);
                Go.go(() -> {
                    for (int i = 0; i < k; i++) {
                        counter.incrementAndGet();
                    }
                    wg.done();
                });
            }
            wg.await();
            return counter.get();
        });
    }

    @Override
    public long daisyChain(int n, int passes) {
        return main(() -> {
            Chan<Integer> first = Chan.make();
            Chan<Integer> in = first;
            for (int i = 0; i < n; i++) {
                Chan<Integer> from = in;
                Chan<Integer> to = Chan.make();
                Go.go(() -> {
                    for (int p = 0; p < passes; p++) {
                        to.send(1 + from.recv());
                    }
                });
                in = to;
            }
            long sum = 0;
            for (int p = 0; p < passes; p++) {
                first.send(p);
                sum += in.recv();
            }
            return sum;
        });
    }

    @Override
    public Parked ctxCancel(int n) {
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Integer> never = Chan.make();
        // select over ctx.Done() and a channel nobody sends on; index 0 is the cancel.
        return parkedOn(n, ctx::cancel, () -> select(recv(ctx.done()), recv(never)) == 0);
    }

    @Override
    public long timers(int n, Duration d) {
        return main(() -> {
            WaitGroup wg = new WaitGroup();
            AtomicLong woke = new AtomicLong();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    Time.sleep(d);
                    woke.incrementAndGet();
                    wg.done();
                });
            }
            wg.await();
            return woke.get();
        });
    }

    @Override
    public long parallel(int n) {
        return main(() -> {
            long[] results = new long[n];
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                int me = i;
                Go.go(() -> {
                    results[me] = Spin.spin(me);
                    wg.done();
                });
            }
            wg.await();
            long sum = 0;
            for (long r : results) {
                sum += r;
            }
            return sum;
        });
    }

    @Override
    public long netEcho(int conns, int roundTrips) {
        return main(() -> echo.clients(conns, roundTrips));
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
