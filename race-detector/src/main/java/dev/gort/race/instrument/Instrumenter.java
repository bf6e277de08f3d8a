package dev.gort.race.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.objectweb.asm.ClassReader;
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
        public final List<String> failed = new ArrayList<>();
    }

    /** The instrumented class, or null to keep it as it is (a module descriptor, or a failure). */
    public static byte[] instrument(byte[] bytes, ClassLoader loader, Stats stats) {
        String name = "?";
        try {
            ClassReader cr = new ClassReader(bytes);
            name = cr.getClassName();
            if ((cr.getAccess() & Opcodes.ACC_MODULE) != 0) {
                return null;
            }
            ClassWriter cw = new ClassWriter(cr, ClassWriter.COMPUTE_MAXS);
            ClassInstrumenter ci = new ClassInstrumenter(cw, loader);
            cr.accept(ci, ClassReader.EXPAND_FRAMES);
            byte[] out = cw.toByteArray();
            stats.classes.incrementAndGet();
            stats.methods.addAndGet(ci.instrumentedMethods);
            return out;
        } catch (Throwable e) {
            stats.failures.incrementAndGet();
            synchronized (stats.failed) {
                if (stats.failed.size() < 100) {
                    stats.failed.add(name + ": " + e);
                }
            }
            return null;
        }
    }
}
