package dev.gort.internal;

/**
 * The misuse suite's way to the GOMAXPROCS parser, which is package-private: a probe class in the
 * runtime's package (split with the library on the class path, test code only). Tests reach the
 * runtime's internals this way and no other.
 */
public final class GomaxprocsProbe {
    private GomaxprocsProbe() {}

    /** {@link Gomaxprocs#parse}. */
    public static int parse(String value, String source) {
        return Gomaxprocs.parse(value, source);
    }
}
