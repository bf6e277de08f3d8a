package dev.gort.benchmarks.workloads;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * W13's socket code (net-echo), shared by the gort and JDK workloads so that the only difference
 * between them is who runs the goroutines: blocking {@link Socket} / {@link ServerSocket} streams,
 * which park a virtual thread (a goroutine) on the JDK's poller instead of blocking its carrier.
 * The Go twin's {@code echoServer} in benchmarks/go/main.go is the same code on {@code net.Conn}.
 *
 * <p>One server per cell: the first {@link #clients} call of a process starts it (a listener on
 * 127.0.0.1 and an accept loop goroutine, a goroutine per accepted connection echoing each 4-byte
 * big-endian int plus one until the client closes), and every repetition's clients dial the same
 * port. Every socket gets {@code TCP_NODELAY}, as Go's {@code net} package sets on every TCP
 * connection.
 *
 * <p>No TIME_WAIT: a client closes once it has all its echoes; its server goroutine reads the end of
 * stream and closes with linger 0, a reset that ends the connection on both sides at once. With an
 * orderly close each client port would stay in TIME_WAIT for 60 s: 16,000 connections a cell (8
 * repetitions), a few cells a minute, against Linux's 28,232 ephemeral ports; connects then depend
 * on {@code tcp_tw_reuse} (loopback only, and not on older kernels) and the port search slows as
 * the range fills.
 *
 * <p>Any I/O error on either side (a reset, a torn 4-byte message, a failed dial) is kept and thrown
 * by {@link #clients} once every client has finished: a broken run fails the cell, it never reports
 * a time.
 */
final class NetEcho implements AutoCloseable {
    /**
     * The listen backlog asked for: all 2,000 clients dial at once. Linux caps it at
     * {@code net.core.somaxconn} (4,096 by default since 5.4), which is also what Go asks for.
     */
    static final int BACKLOG = 4096;

    /**
     * How a system runs W13's goroutines: {@code go} starts one; {@code group(n)} makes a WaitGroup
     * for n of them (gort's {@code Go.go} and {@code WaitGroup}, or virtual threads and a latch).
     */
    record Goroutines(Consumer<Runnable> go, IntFunction<Group> group) {}

    /** A WaitGroup after {@code add(n)}: each goroutine of it runs {@code done} once; {@code await} waits for all. */
    record Group(Runnable done, Runnable await) {}

    private final Goroutines goroutines;
    private final IntUnaryOperator reply;
    private final ServerSocket listener;
    private final InetSocketAddress address;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean closed;
    /** {@link #finishSpreadPercent()} of the last {@link #clients} call; NaN before the first. */
    private volatile double lastSpread = Double.NaN;

    private NetEcho(Goroutines goroutines, IntUnaryOperator reply) throws IOException {
        this.goroutines = goroutines;
        this.reply = reply;
        ServerSocket ss = new ServerSocket();
        try {
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        } catch (IOException e) {
            ss.close();
            throw e;
        }
        this.listener = ss;
        this.address = (InetSocketAddress) ss.getLocalSocketAddress();
    }

    /** Listens on 127.0.0.1 (a free port) and starts the accept loop as a goroutine of {@code g}. */
    static NetEcho start(Goroutines g) {
        return start(g, v -> v + 1);
    }

    /** {@link #start(Goroutines)} with another server reply than v + 1 (tests: a wrong echo). */
    static NetEcho start(Goroutines g, IntUnaryOperator reply) {
        try {
            NetEcho server = new NetEcho(g, reply);
            g.go().accept(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("W13: cannot listen on the loopback interface", e);
        }
    }

    /**
     * A cell's server, started by its first repetition (from that repetition's main goroutine) and
     * closed with the system's {@code Workloads}.
     */
    static final class PerCell implements AutoCloseable {
        private final Goroutines goroutines;
        private NetEcho server;

        PerCell(Goroutines goroutines) {
            this.goroutines = goroutines;
        }

        /** {@link NetEcho#clients} on this cell's server, which the first call starts. */
        long clients(int conns, int roundTrips) {
            return server().clients(conns, roundTrips);
        }

        /** The last {@link #clients} call's {@link NetEcho#finishSpreadPercent()}; NaN before the first. */
        synchronized double finishSpreadPercent() {
            return server == null ? Double.NaN : server.finishSpreadPercent();
        }

        // Only the lazy start is synchronized: clients() parks, and on JDK 21 a monitor held over
        // a park pins the carrier.
        private synchronized NetEcho server() {
            if (server == null) {
                server = start(goroutines);
            }
            return server;
        }

        @Override
        public synchronized void close() {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }

    private void acceptLoop() {
        while (true) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    fail(e);
                }
                return;
            }
            goroutines.go().accept(() -> serve(s));
        }
    }

    /** One connection's server side: read an int, write its reply (plus one), until the client closes. */
    private void serve(Socket s) {
        try (s) {
            // Caught inside the try: the failure is recorded before the close that its client sees.
            try {
                s.setTcpNoDelay(true);
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                byte[] buf = new byte[4];
                while (true) {
                    int got = in.readNBytes(buf, 0, 4);
                    if (got == 0) {
                        // The client closed between messages: the end of this connection. Close
                        // with a reset (linger 0) so that neither side keeps it in TIME_WAIT.
                        s.setSoLinger(true, 0);
                        return;
                    }
                    if (got < 4) {
                        throw new EOFException("W13 server: the client closed after " + got + " bytes of a message");
                    }
                    putInt(buf, reply.applyAsInt(getInt(buf)));
                    out.write(buf);
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
            }
        } catch (IOException e) {
            fail(e);
        }
    }

    /**
     * {@code conns} client goroutines, each dialing the server and making {@code roundTrips}
     * write/read round trips with its own ints ({@code c * roundTrips + r}), checking every echo;
     * waits for all of them and returns how many echoes were right (all: {@code conns * roundTrips}).
     * Call it from a goroutine of the system (the "main goroutine").
     *
     * @throws UncheckedIOException if a socket failed on either side, now or since the last call
     *     (IllegalStateException if the failure was not an IOException)
     */
    long clients(int conns, int roundTrips) {
        AtomicLong correct = new AtomicLong();
        Group wg = goroutines.group().apply(conns);
        // Each client writes its own slot before its done(), which happens-before await's return.
        long[] finished = new long[conns];
        long start = System.nanoTime();
        for (int c = 0; c < conns; c++) {
            int first = c * roundTrips;
            int me = c;
            goroutines.go().accept(() -> {
                try {
                    correct.addAndGet(client(first, roundTrips));
                } catch (IOException | RuntimeException e) {
                    fail(e);
                } finally {
                    finished[me] = System.nanoTime() - start;
                    wg.done().run();
                }
            });
        }
        wg.await().run();
        lastSpread = spreadPercent(finished);
        Throwable t = failure.getAndSet(null);
        if (t != null) {
            throw t instanceof IOException io ? new UncheckedIOException("W13: a socket failed", io)
                    : new IllegalStateException("W13: a socket failed", t);
        }
        return correct.get();
    }

    /** One client: dial, {@code roundTrips} round trips of the ints from {@code first}; the right echoes. */
    private long client(int first, int roundTrips) throws IOException {
        try (Socket s = new Socket(address.getAddress(), address.getPort())) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[4];
            long ok = 0;
            for (int r = 0; r < roundTrips; r++) {
                int v = first + r;
                putInt(buf, v);
                out.write(buf);
                if (in.readNBytes(buf, 0, 4) != 4) {
                    throw new EOFException("W13 client: the server closed before echoing " + v);
                }
                if (getInt(buf) == v + 1) {
                    ok++;
                }
            }
            return ok;
        }
    }

    private void fail(Throwable t) {
        failure.compareAndSet(null, t);
    }

    /**
     * How fairly the last {@link #clients} call served its connections: the share of the run, in
     * percent, from the moment the first tenth of the clients had finished to the moment the last
     * did. Every client makes the same round trips, so a scheduler that serves connections in turn
     * finishes them together (a few percent); one that lets some connections run ahead while others
     * wait finishes the first tenth early (tens of percent). Lower is fairer. The Go twin reports
     * the same figure.
     */
    double finishSpreadPercent() {
        return lastSpread;
    }

    /** (last - first tenth) / last, in percent, of the clients' finishing times from the start. */
    static double spreadPercent(long[] finished) {
        if (finished.length == 0) {
            return 0;
        }
        long[] t = finished.clone();
        java.util.Arrays.sort(t);
        long last = t[t.length - 1];
        long firstTenth = t[(t.length + 9) / 10 - 1]; // when the ceil(n / 10)-th client finished
        return last <= 0 ? 0 : 100.0 * (last - firstTenth) / last;
    }

    /** Stops the accept loop; connections still open end when their clients close. */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // nothing to do: the listener is gone either way
        }
    }

    private static void putInt(byte[] b, int v) {
        b[0] = (byte) (v >>> 24);
        b[1] = (byte) (v >>> 16);
        b[2] = (byte) (v >>> 8);
        b[3] = (byte) v;
    }

    private static int getInt(byte[] b) {
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }
}
