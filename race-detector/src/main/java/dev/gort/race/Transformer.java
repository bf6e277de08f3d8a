package dev.gort.race;

import dev.gort.race.instrument.Instrumenter;
import dev.gort.race.rt.RT;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Instruments each application class as it is loaded: classes whose names the options include,
 * defined by a class loader that sees the agent's runtime (the application class loader and its
 * children). Classes of the bootstrap and platform loaders (the JDK) never are. A class that fails
 * to instrument is loaded as it was.
 */
final class Transformer implements ClassFileTransformer {
    private final Options options;
    private final Instrumentation inst;
    private final Module agentModule = RT.class.getModule();
    private final Set<Module> readers = ConcurrentHashMap.newKeySet();
    private final Map<ClassLoader, Boolean> sees = Collections.synchronizedMap(new WeakHashMap<>());
    final Instrumenter.Stats stats = new Instrumenter.Stats();

    Transformer(Options options, Instrumentation inst) {
        this.options = options;
        this.inst = inst;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] bytes) {
        if (className == null || redefined != null || loader == null || !options.instrument(className)
                || className.contains("$$Lambda") || className.startsWith("dev/gort/race/rt/")
                || !sees(loader)) {
            return null;
        }
        byte[] out = Instrumenter.instrument(bytes, loader, stats);
        if (out != null && module != null && module.isNamed() && readers.add(module)) {
            // Instrumented code in a named module calls the agent's runtime in the unnamed module.
            inst.redefineModule(module, Set.of(agentModule), Map.of(), Map.of(), Set.of(), Map.of());
        }
        return out;
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
