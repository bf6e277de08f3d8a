package dev.gort.benchmarks.harness;

/**
 * W12's unit of CPU work, identical in every system (Go's {@code spin} in benchmarks/go/main.go
 * computes the same bits): xorshift64 steps from a seed, about 10 µs on a current x86 core.
 */
public final class Spin {
    /** Same count as the Go twin's spinIterations; changing one means changing both. */
    public static final int ITERATIONS = 4000;

    private Spin() {}

    public static long spin(long seed) {
        long x = (seed * 0x9E3779B97F4A7C15L) | 1;
        for (int i = 0; i < ITERATIONS; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x & 0xFFFF;
    }

    private static int cachedN = -1;
    private static long cachedSum;

    /** W12's checksum, computed sequentially (untimed) once per n: 100,000 tasks take a second. */
    public static synchronized long expected(int n) {
        if (n != cachedN) {
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += spin(i);
            }
            cachedSum = sum;
            cachedN = n;
        }
        return cachedSum;
    }
}
