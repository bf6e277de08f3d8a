package dev.gort.benchmarks.workloads;

import com.softwaremill.jox.Channel;
import com.softwaremill.jox.ChannelClosed;
import com.softwaremill.jox.Select;
import dev.gort.benchmarks.harness.Workload;
import dev.gort.benchmarks.harness.Workloads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The channel workloads on Jox (com.softwaremill.jox:channels: Kotlin's lock-free segment
 * channel algorithm in Java) on JDK virtual threads and the default scheduler. Jox is a channel
 * library only: spawning, mutexes, sleeping and CPU work are plain JDK virtual threads, the same code
 * as the "jdk" column, so those workloads are n/a here rather than measured twice. A Jox channel is
 * closed with {@code done()}; Go's range is a {@code receiveOrClosed()} loop.
 */
public final class JoxWorkloads implements Workloads {

    @Override
    public String notApplicable(Workload w) {
        return switch (w) {
            case W4, W11, W12 -> "Jox is channels only: spawning and sleeping are the JDK's virtual threads (see jdk)";
            case W8 -> "Jox has no mutex (j.u.c's is the jdk column)";
            case W13 -> Workload.W13_NO_SOCKETS;
            default -> null;
        };
    }

    @Override
    public String note(Workload w) {
        return w == Workload.W10
                ? "jox: no context; the select waits on a channel that done() closes"
                : null;
    }

    @Override
    public long pingPong(int n) {
        return Vt.main(() -> {
            Channel<Integer> ping = Channel.newRendezvousChannel();
            Channel<Integer> pong = Channel.newRendezvousChannel();
            Vt.start(() -> {
                for (Object v; !((v = receiveOrClosed(ping)) instanceof ChannelClosed); ) {
                    send(pong, (Integer) v);
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                send(ping, i);
                sum += receive(pong);
            }
            ping.done();
            return sum;
        });
    }

    @Override
    public long spsc(int n) {
        return Vt.main(() -> {
            Channel<Integer> c = Channel.newBufferedChannel(1024);
            Vt.start(() -> {
                for (int i = 0; i < n; i++) {
                    send(c, i);
                }
                c.done();
            });
            long sum = 0;
            for (Object v; !((v = receiveOrClosed(c)) instanceof ChannelClosed); ) {
                sum += (Integer) v;
            }
            return sum;
        });
    }

    @Override
    public long mpmc(int n, int cap) {
        return Vt.main(() -> {
            Channel<Integer> c = cap == 0 ? Channel.newRendezvousChannel() : Channel.newBufferedChannel(cap);
            CountDownLatch producers = new CountDownLatch(4);
            for (int p = 0; p < 4; p++) {
                int first = p;
                Vt.start(() -> {
                    for (int i = first; i < n; i += 4) {
                        send(c, i);
                    }
                    producers.countDown();
                });
            }
            Vt.start(() -> {
                Vt.await(producers);
                c.done();
            });
            Channel<Long> sums = Channel.newBufferedChannel(4);
            for (int k = 0; k < 4; k++) {
                Vt.start(() -> {
                    long s = 0;
                    for (Object v; !((v = receiveOrClosed(c)) instanceof ChannelClosed); ) {
                        s += (Integer) v;
                    }
                    send(sums, s);
                });
            }
            long sum = 0;
            for (int k = 0; k < 4; k++) {
                sum += receive(sums);
            }
            return sum;
        });
    }

    @Override
    public long spawn(int n) {
        throw new UnsupportedOperationException(notApplicable(Workload.W4));
    }

    @Override
    public long skynet(int leaves) {
        return Vt.main(() -> {
            Channel<Long> c = Channel.newRendezvousChannel();
            Vt.start(() -> skynet(c, 0, leaves));
            return receive(c);
        });
    }

    private static void skynet(Channel<Long> c, long num, long size) {
        if (size == 1) {
            send(c, num);
            return;
        }
        Channel<Long> rc = Channel.newRendezvousChannel();
        for (int i = 0; i < 10; i++) {
            long sub = num + i * (size / 10);
            Thread.ofVirtual().start(() -> skynet(rc, sub, size / 10));
        }
        long sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += receive(rc);
        }
        send(c, sum);
    }

    @Override
    public Parked parked(int n) {
        Channel<Integer> c = Channel.newRendezvousChannel();
        return parkedOn(n, c::done, () -> receiveOrClosed(c) instanceof ChannelClosed);
    }

    private static Parked parkedOn(int n, Runnable release, java.util.function.BooleanSupplier waitForRelease) {
        CountDownLatch exited = new CountDownLatch(n);
        AtomicLong woke = new AtomicLong();
        Vt.main(() -> {
            CountDownLatch started = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Thread.ofVirtual().start(() -> {
                    started.countDown();
                    if (waitForRelease.getAsBoolean()) {
                        woke.incrementAndGet();
                    }
                    exited.countDown();
                });
            }
            Vt.await(started);
            return 0L;
        });
        return () -> Vt.main(() -> {
            release.run();
            Vt.await(exited);
            return woke.get();
        });
    }

    @Override
    public long selectFanIn(int n) {
        return Vt.main(() -> {
            @SuppressWarnings("unchecked")
            Channel<Integer>[] cs = new Channel[4];
            for (int p = 0; p < 4; p++) {
                cs[p] = Channel.newRendezvousChannel();
                Channel<Integer> mine = cs[p];
                int first = p;
                Vt.start(() -> {
                    for (int i = first; i < n; i += 4) {
                        send(mine, i);
                    }
                });
            }
            long sum = 0;
            try {
                for (int k = 0; k < n; k++) {
                    sum += Select.select(cs[0].receiveClause(), cs[1].receiveClause(),
                            cs[2].receiveClause(), cs[3].receiveClause());
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return sum;
        });
    }

    @Override
    public long mutex(int n, int workers) {
        throw new UnsupportedOperationException(notApplicable(Workload.W8));
    }

    @Override
    public long atomic(int n, int workers) {
        throw new UnsupportedOperationException(notApplicable(Workload.W8));
    }

    @Override
    public long daisyChain(int n, int passes) {
        return Vt.main(() -> {
            Channel<Integer> first = Channel.newRendezvousChannel();
            Channel<Integer> in = first;
            for (int i = 0; i < n; i++) {
                Channel<Integer> from = in;
                Channel<Integer> to = Channel.newRendezvousChannel();
                Thread.ofVirtual().start(() -> {
                    for (int p = 0; p < passes; p++) {
                        send(to, 1 + receive(from));
                    }
                });
                in = to;
            }
            long sum = 0;
            for (int p = 0; p < passes; p++) {
                send(first, p);
                sum += receive(in);
            }
            return sum;
        });
    }

    @Override
    public Parked ctxCancel(int n) {
        Channel<Integer> done = Channel.newRendezvousChannel();
        Channel<Integer> never = Channel.newRendezvousChannel();
        return parkedOn(n, done::done, () -> {
            try {
                // A select over a closed channel returns ChannelClosed: that is the cancel.
                return Select.selectOrClosed(done.receiveClause(), never.receiveClause()) instanceof ChannelClosed;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public long timers(int n, Duration d) {
        throw new UnsupportedOperationException(notApplicable(Workload.W11));
    }

    @Override
    public long parallel(int n) {
        throw new UnsupportedOperationException(notApplicable(Workload.W12));
    }

    @Override
    public long netEcho(int conns, int roundTrips) {
        throw new UnsupportedOperationException(notApplicable(Workload.W13));
    }

    private static <T> void send(Channel<T> c, T v) {
        try {
            c.send(v);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T receive(Channel<T> c) {
        try {
            return c.receive();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object receiveOrClosed(Channel<?> c) {
        try {
            return c.receiveOrClosed();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
