package dev.gort.benchmarks.harness;

import java.time.Duration;

/**
 * One system's implementation of the thirteen workloads. Every method runs its work inside the
 * system's own concurrency (a goroutine, a virtual thread, a coroutine: Go's {@code main} is a
 * goroutine too, so spawning from it takes the same path as in Go) and returns a checksum that the
 * caller compares with the expected value. The caller times the call; W6 and W10 come in two steps
 * ({@link Parked}) so that memory and the drain time can be measured between them.
 */
public interface Workloads extends AutoCloseable {

    /** Why this system cannot express {@code w} in its own terms ("n/a" in the table), or null. */
    default String notApplicable(Workload w) {
        return null;
    }

    /** A remark for the report's notes on how this system expresses {@code w} (or null). */
    default String note(Workload w) {
        return null;
    }

    /** W1: two goroutines, two unbuffered channels, {@code n} round trips; the sum of echoed values. */
    long pingPong(int n);

    /** W2: one producer, a buffer of 1024, one consumer, the ints 0..n-1; their sum. */
    long spsc(int n);

    /** W3: 4 producers, 4 consumers, one channel of capacity {@code cap} (0: unbuffered); the sum. */
    long mpmc(int n, int cap);

    /** W4: spawn {@code n} goroutines, each marks its slot and signals a wait group; how many ran. */
    long spawn(int n);

    /** W5: skynet, a 10-ary tree down to {@code leaves} leaves, sums over channels; the root sum. */
    long skynet(int leaves);

    /** W6: start {@code n} goroutines that park receiving from one channel; returns once all started. */
    Parked parked(int n);

    /** W7: 4 producers on their own unbuffered channels, one consumer selecting; the sum. */
    long selectFanIn(int n);

    /** W8: {@code workers} goroutines, {@code n} increments in all under a mutex; the count. */
    long mutex(int n, int workers);

    /** W8: the same increments with an atomic add; the count. */
    long atomic(int n, int workers);

    /** W9: a chain of {@code n} goroutines, a token passed end to end {@code passes} times; the sum. */
    long daisyChain(int n, int passes);

    /** W10: start {@code n} goroutines waiting for cancellation; returns once all started. */
    Parked ctxCancel(int n);

    /** W11: {@code n} goroutines each sleep {@code d}; how many woke. */
    long timers(int n, Duration d);

    /** W12: {@code n} CPU-bound tasks ({@link Spin#spin}) spawned from one goroutine; their sum. */
    long parallel(int n);

    /**
     * W13: a loopback TCP echo server (a goroutine per accepted connection, each 4-byte int echoed
     * plus one) and {@code conns} client goroutines, each dialing it and making {@code roundTrips}
     * blocking write/read round trips; waits for all clients and returns how many echoes were right.
     * The server may live from the first call to {@link #close}, serving every repetition of a cell.
     */
    long netEcho(int conns, int roundTrips);

    /**
     * W13's fairness figure for the last {@link #netEcho} call: the share of the run, in percent,
     * from the first tenth of the clients finishing to the last one (lower is fairer); NaN where
     * the system has no W13.
     */
    default double netEchoFinishSpreadPercent() {
        return Double.NaN;
    }

    /** Releases what the workloads keep between repetitions (W13's server); a no-op by default. */
    @Override
    default void close() {}

    /** Goroutines parked on something that a channel close (W6) or a cancel (W10) wakes. */
    interface Parked {
        /**
         * From a goroutine of the system (Go closes from its main goroutine, so waking a million
         * goroutines takes the same path here), closes the channel or cancels the context and waits
         * until every goroutine exited; returns how many saw the close or cancel.
         */
        long releaseAndAwait();
    }
}
