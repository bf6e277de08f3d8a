package dev.gort.race;

import dev.gort.race.instrument.Instrumenter;
import dev.gort.race.rt.RT;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instruments each application class as it is loaded: classes whose names the options include, or
 * that come from a class path entry of {@code include_from}, defined by a class loader that sees
 * the agent's runtime (the application class loader and its children). Classes of the bootstrap
 * and platform loaders (the JDK) never are. The other classes of such loaders, but the agent's own,
 * get their class initialiser bracketed ({@link Instrumenter#bracketClinit}). A class that fails
 * to instrument is loaded as it was.
 */
final class Transformer implements ClassFileTransformer {
    private final Options options;
    private final Instrumentation inst;
    private final Module agentModule = RT.class.getModule();
    private final URL agentJar = RT.class.getProtectionDomain().getCodeSource().getLocation();
    private final Set<Module> readers = ConcurrentHashMap.newKeySet();
    private final Map<ClassLoader, Boolean> sees = Collections.synchronizedMap(new WeakHashMap<>());
    private final Map<String, Boolean> fromIncluded = new ConcurrentHashMap<>();
    final Instrumenter.Stats stats = new Instrumenter.Stats();

    Transformer(Options options, Instrumentation inst) {
        this.options = options;
        this.inst = inst;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (className == null || redefined != null || loader == null || className.contains("$$Lambda")
                || className.startsWith("dev/gort/race/rt/") || !sees(loader)) {
            return null;
        }
        URL location = domain == null || domain.getCodeSource() == null ? null : domain.getCodeSource().getLocation();
        byte[] out;
        if (options.instrument(className) || fromIncluded(location)) {
            out = Instrumenter.instrument(bytes, loader, stats);
        } else if (location == null || !location.toString().equals(agentJar.toString())) {
            out = Instrumenter.bracketClinit(bytes, stats);
        } else {
            return null;
        }
        if (out != null && module != null && module.isNamed() && readers.add(module)) {
            // Instrumented code in a named module calls the agent's runtime in the unnamed module.
            inst.redefineModule(module, Set.of(agentModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
        return out;
    }

    private boolean fromIncluded(URL location) {
        if (location == null || !options.hasIncludeFrom()) {
            return false;
        }
        return fromIncluded.computeIfAbsent(location.toString(), k -> options.includesFrom(location));
    }

    /** Whether classes of {@code loader} resolve the agent's runtime to this very class. */
    private boolean sees(ClassLoader loader) {
        Boolean b = sees.get(loader);
        if (b == null) {
            try {
                b = Class.forName(RT.class.getName(), false, loader) == RT.class;
            } catch (ClassNotFoundException | LinkageError e) {
                b = false;
            }
            sees.put(loader, b);
        }
        return b;
    }
}
