package dev.gort.race;

import dev.gort.race.instrument.Instrumenter;
import dev.gort.race.rt.Exit;
import dev.gort.race.rt.RT;
import dev.gort.race.rt.Reporter;
import dev.gort.race.rt.Sites;
import dev.gort.race.rt.Watchdog;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The race detector, as a Java agent:
 * {@code java -javaagent:gort-race.jar[=options] -cp app Main}. Instruments the application's
 * classes as they load, reports data races on standard error in Go's format, and at exit prints
 * "Found K data race(s)" and exits with status 66 when the program would have exited with 0.
 * Options: see {@link Options}.
 */
public final class Agent {
    private Agent() {}

    /** The agent's entry point, run by the JVM in the main thread before {@code main}. */
    public static void premain(String args, Instrumentation inst) {
        Options o;
        try {
            o = Options.parse(args, System.getenv("GORACE"));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.flush();
            Runtime.getRuntime().halt(2);
            return;
        }
        PrintStream log = null;
        if (o.logPath != null) {
            try {
                log = new PrintStream(new FileOutputStream(o.logPath + "." + ProcessHandle.current().pid()), true,
                        StandardCharsets.UTF_8);
            } catch (IOException e) {
                System.err.println("gort race detector: cannot open log_path " + o.logPath + ": " + e.getMessage());
                Runtime.getRuntime().halt(2);
                return;
            }
        }
        Reporter.configure(log, o.haltOnError, o.exitCode);
        Exit.configure(o.keepStatus);
        RT.configure(Thread.currentThread(), o.readers);
        // gort's hook facade (dev.gort.internal.race.Race) reads this when it initialises.
        System.setProperty("gort.race.hooks", "dev.gort.race.GortHooks"); // by name: loading it needs gort
        exportGortHooks(inst);

        Transformer transformer = new Transformer(o, inst);
        inst.addTransformer(transformer, false);
        recordExitStatus(inst);
        watchMainThread();
        Watchdog.start();
        Runnable atExit = () -> Exit.atExit(o.verbose ? () -> verbose(transformer.stats) : null);
        if (!systemShutdownHook(inst, atExit)) {
            Runtime.getRuntime().addShutdownHook(new Thread(atExit, "gort-race-exit"));
        }
    }

    /** gort on the module path: let its facade load and call GortHooks. */
    private static void exportGortHooks(Instrumentation inst) {
        Module agent = Agent.class.getModule();
        for (Module m : ModuleLayer.boot().modules()) {
            if (m.getPackages().contains("dev.gort.internal.race")) {
                inst.redefineModule(m, Set.of(agent), Map.of("dev.gort.internal.race", Set.of(agent)), Map.of(),
                        Set.of(), Map.of());
            }
        }
    }

    /**
     * Runs the exit check after every application shutdown hook has finished: in a system hook slot
     * of {@code java.lang.Shutdown} after the application hooks' slot (the agent opens
     * {@code java.lang} to itself for this). False if that is not possible on this JDK.
     */
    private static boolean systemShutdownHook(Instrumentation inst, Runnable hook) {
        try {
            Module agent = Agent.class.getModule();
            inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(), Map.of("java.lang", Set.of(agent)),
                    Set.of(), Map.of());
            Method add = Class.forName("java.lang.Shutdown").getDeclaredMethod("add", int.class, boolean.class,
                    Runnable.class);
            add.setAccessible(true);
            for (int slot = 9; slot >= 3; slot--) {
                try {
                    add.invoke(null, slot, false, hook);
                    return true;
                } catch (java.lang.reflect.InvocationTargetException e) {
                    // slot taken: try the next
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // fall back to an ordinary shutdown hook
        }
        return false;
    }

    /**
     * Makes {@code java.lang.Shutdown.exit(int)} record its status in a system property first, so
     * the exit check knows what {@code System.exit} was called with.
     */
    private static void recordExitStatus(Instrumentation inst) {
        if (!inst.isRetransformClassesSupported()) {
            return;
        }
        ClassFileTransformer t = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> redefined,
                                    ProtectionDomain domain, byte[] bytes) {
                if (!"java/lang/Shutdown".equals(name) || redefined == null) {
                    return null;
                }
                try {
                    ClassReader cr = new ClassReader(bytes);
                    ClassWriter cw = new ClassWriter(cr, ClassWriter.COMPUTE_MAXS);
                    cr.accept(new ClassVisitor(Opcodes.ASM9, cw) {
                        @Override
                        public MethodVisitor visitMethod(int access, String n, String desc, String sig, String[] ex) {
                            MethodVisitor mv = super.visitMethod(access, n, desc, sig, ex);
                            if (!n.equals("exit") || !desc.equals("(I)V")) {
                                return mv;
                            }
                            return new MethodVisitor(Opcodes.ASM9, mv) {
                                @Override
                                public void visitCode() {
                                    super.visitCode();
                                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/System", "getProperties",
                                            "()Ljava/util/Properties;", false);
                                    mv.visitLdcInsn(Exit.STATUS_PROPERTY);
                                    mv.visitVarInsn(Opcodes.ILOAD, 0);
                                    mv.visitMethodInsn(Opcodes.INVOKESTATIC, "java/lang/Integer", "toString",
                                            "(I)Ljava/lang/String;", false);
                                    mv.visitMethodInsn(Opcodes.INVOKEVIRTUAL, "java/util/Properties", "setProperty",
                                            "(Ljava/lang/String;Ljava/lang/String;)Ljava/lang/Object;", false);
                                    mv.visitInsn(Opcodes.POP);
                                }
                            };
                        }
                    }, 0);
                    return cw.toByteArray();
                } catch (RuntimeException e) {
                    return null;
                }
            }
        };
        inst.addTransformer(t, true);
        try {
            inst.retransformClasses(Class.forName("java.lang.Shutdown"));
        } catch (Exception | LinkageError e) {
            // the status of System.exit stays unknown: it is then kept as it is
        } finally {
            inst.removeTransformer(t);
        }
    }

    /** The launcher exits with 1 when main throws: remember that, keeping the default printing. */
    private static void watchMainThread() {
        Thread main = Thread.currentThread();
        Thread.UncaughtExceptionHandler previous = main.getUncaughtExceptionHandler();
        main.setUncaughtExceptionHandler((th, e) -> {
            Exit.mainFailed();
            previous.uncaughtException(th, e);
        });
    }

    private static void verbose(Instrumenter.Stats s) {
        PrintStream out = Reporter.out();
        out.println("gort race detector: instrumented " + s.classes.get() + " classes (" + s.methods.get()
                + " methods, " + Sites.count() + " sites); " + s.bracketed.get()
                + " class initialisers of other classes bracketed; " + s.failures.get() + " left as they were; "
                + RT.stats());
        synchronized (s.failed) {
            for (String f : s.failed) {
                out.println("  not instrumented: " + f);
            }
        }
        out.flush();
    }
}
