package dev.gort.race.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/** Entry point of the instrumentation: class file in, instrumented class file (or null) out. */
public final class Instrumenter {
    private Instrumenter() {}

    /** Counts for the {@code verbose} option. */
    public static final class Stats {
        public final AtomicInteger classes = new AtomicInteger();
        public final AtomicInteger methods = new AtomicInteger();
        public final AtomicInteger failures = new AtomicInteger();
        /** Classes not instrumented whose class initialiser was bracketed ({@link #bracketClinit}). */
        public final AtomicInteger bracketed = new AtomicInteger();
        public final List<String> failed = new ArrayList<>();
    }

    /** The instrumented class, or null to keep it as it is (a module descriptor, or a failure). */
    public static byte[] instrument(byte[] bytes, ClassLoader loader, Stats stats) {
        return rewrite(bytes, stats, cw -> new ClassInstrumenter(cw, loader), v -> {
            stats.classes.incrementAndGet();
            stats.methods.addAndGet(((ClassInstrumenter) v).instrumentedMethods);
            return true;
        });
    }

    /**
     * A class that is not instrumented, with its class initialiser, if it has one, run in a frame
     * that ignores accesses ({@link ClinitBracket}); null when it has none, or on a failure.
     */
    public static byte[] bracketClinit(byte[] bytes, Stats stats) {
        return rewrite(bytes, stats, ClinitBracket::new, v -> {
            if (!((ClinitBracket) v).bracketed) {
                return false;
            }
            stats.bracketed.incrementAndGet();
            return true;
        });
    }

    /** The class through {@code visitor}, if {@code keep} says so once it was visited; null for a module descriptor or a failure. */
    private static byte[] rewrite(byte[] bytes, Stats stats, Function<ClassWriter, ClassVisitor> visitor,
                                  Predicate<ClassVisitor> keep) {
        String name = "?";
        try {
            ClassReader cr = new ClassReader(bytes);
            name = cr.getClassName();
            if ((cr.getAccess() & Opcodes.ACC_MODULE) != 0) {
                return null;
            }
            ClassWriter cw = new ClassWriter(cr, ClassWriter.COMPUTE_MAXS);
            ClassVisitor v = visitor.apply(cw);
            cr.accept(v, ClassReader.EXPAND_FRAMES);
            return keep.test(v) ? cw.toByteArray() : null;
        } catch (Throwable e) {
            failed(stats, name, e);
            return null;
        }
    }

    private static void failed(Stats stats, String name, Throwable e) {
        stats.failures.incrementAndGet();
        synchronized (stats.failed) {
            if (stats.failed.size() < 100) {
                stats.failed.add(name + ": " + e);
            }
        }
    }
}
