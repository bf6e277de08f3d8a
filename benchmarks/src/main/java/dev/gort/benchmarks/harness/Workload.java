package dev.gort.benchmarks.harness;

import java.util.List;

/**
 * The thirteen workloads of WORKLOADS.md: their default N (the same in every system, Go included:
 * the harness passes it to every process) and the figures each one reports.
 *
 * <p>Every system implements each workload in {@link Workloads}; the Go twin in
 * {@code benchmarks/go/main.go} mirrors the same list. A figure is a per-operation time, a total
 * time or a memory size; all are lower-is-better, and {@link #W12}'s speedup (higher is better) is
 * derived by the report from its P=1 and P=2 cells.
 */
public enum Workload {
    W1("pingpong", 200_000, false, m("ns_per_roundtrip", "ns/round trip")),
    W2("spsc-buffered", 2_000_000, false, m("ns_per_msg", "ns/msg")),
    W3("mpmc", 400_000, false, m("cap128_ns_per_msg", "cap 128 ns/msg"), m("cap0_ns_per_msg", "cap 0 ns/msg")),
    W4("spawn", 1_000_000, true, m("ns_per_goroutine", "ns/goroutine"), m("peak_rss_mb", "peak RSS MB")),
    W5("skynet", 1_000_000, false, m("ms", "ms")),
    W6("parked", 1_000_000, true, m("rss_bytes_per_parked", "RSS B/parked"),
            m("heap_bytes_per_parked", "retained B/parked"), m("drain_ms", "ms to drain")),
    W7("select-fanin", 400_000, false, m("ns_per_msg", "ns/msg")),
    W8("mutex-vs-atomic", 10_000_000, false, m("mutex_ns_per_inc", "mutex ns/inc"), m("atomic_ns_per_inc", "atomic ns/inc")),
    W9("daisy-chain", 10_000, false, m("ns_per_hop", "ns/hop")),
    W10("ctx-cancel", 10_000, false, m("ms", "ms cancel to exit")),
    W11("timers", 100_000, false, m("ms", "ms")),
    W12("parallel-speedup", 100_000, false, m("ms", "ms")),
    W13("net-echo", 2_000, false, m("ms", "ms"), m("finish_spread_pct", "client finish spread %"));

    /** W8's goroutines, W9's passes of the token, W11's sleep, W13's round trips: fixed by WORKLOADS.md. */
    public static final int W8_WORKERS = 8;
    public static final int W9_PASSES = 100;
    public static final long W11_SLEEP_MS = 1;
    public static final int W13_ROUND_TRIPS = 50;

    /** Why W13 is n/a for the channel libraries (Jox, Kotlin): their own socket layer would be needed. */
    public static final String W13_NO_SOCKETS =
            "no socket layer of its own: it would block on the same JDK sockets as the jdk column";

    /** One reported figure: the key the cell processes print, and the table's label. */
    public record Metric(String key, String label) {}

    public final String title;
    public final int defaultN;
    /**
     * Memory workloads run one fresh process per repetition: an RSS delta only means something in a
     * process that has not grown its heap for an earlier repetition already.
     */
    public final boolean processPerRep;
    public final List<Metric> metrics;

    Workload(String title, int defaultN, boolean processPerRep, Metric... metrics) {
        this.title = title;
        this.defaultN = defaultN;
        this.processPerRep = processPerRep;
        this.metrics = List.of(metrics);
    }

    private static Metric m(String key, String label) {
        return new Metric(key, label);
    }

    /** "W1" or "w1" to {@link #W1}; anything else: IllegalArgumentException naming the choices. */
    public static Workload parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown workload '" + s + "' (W1 ... W13)");
        }
    }

    /** 0 + 1 + ... + (n - 1): the checksum of every workload that moves the ints 0..n-1. */
    public static long sumTo(long n) {
        return n * (n - 1) / 2;
    }

    /** W9's checksum: pass p enters the chain as p and each of the n goroutines adds 1. */
    public static long daisyChainSum(int n, int passes) {
        return (long) passes * (passes - 1) / 2 + (long) passes * n;
    }
}
