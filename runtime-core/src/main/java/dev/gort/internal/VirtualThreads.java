package dev.gort.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.util.concurrent.Executor;

/**
 * The one class that touches JDK internals. Everything else in gort uses public API.
 *
 * <p>Two things are needed, both in {@code java.lang} and both reachable only with
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code Add-Opens: java.base/java.lang}
 * in an executable jar's manifest):
 * <ol>
 *   <li>The package-private constructor {@code ThreadBuilders.VirtualThreadBuilder(Executor)}: a
 *       virtual-thread builder whose threads are scheduled by a caller-supplied executor. Every
 *       start and every unpark of such a thread then calls that executor's {@code execute}.</li>
 *   <li>The package-private {@code static Thread Thread.currentCarrierThread()}: inside
 *       {@code execute}, it tells whether the caller runs on one of our carriers (and so which P
 *       it holds) — about 2 ns through a static final method handle.</li>
 * </ol>
 * Without the flag neither is available; {@link #available()} is false, {@link #unavailableReason()}
 * says why, and the runtime falls back to the JDK's own virtual-thread scheduler. Re-check on
 * every new JDK: these are not supported API.
 */
final class VirtualThreads {
    private static final Constructor<?> BUILDER_CTOR;
    private static final MethodHandle CURRENT_CARRIER;
    private static final String UNAVAILABLE_REASON;

    static {
        Constructor<?> ctor = null;
        MethodHandle carrier = null;
        String reason = null;
        try {
            Class<?> builderClass = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            ctor = builderClass.getDeclaredConstructor(Executor.class);
            ctor.setAccessible(true);
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            carrier = lookup.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            // InaccessibleObjectException / IllegalAccessException without the add-opens;
            // NoSuchMethodException on a JDK that changed its internals.
            ctor = null;
            carrier = null;
            reason = e.toString();
        }
        BUILDER_CTOR = ctor;
        CURRENT_CARRIER = carrier;
        UNAVAILABLE_REASON = reason;
    }

    private VirtualThreads() {}

    /** True when virtual threads can be built on a custom scheduler in this JVM. */
    public static boolean available() {
        return BUILDER_CTOR != null;
    }

    /** Why {@link #available()} is false, or null. */
    public static String unavailableReason() {
        return UNAVAILABLE_REASON;
    }

    /** A virtual-thread builder whose threads {@code scheduler} runs. Requires {@link #available()}. */
    public static Thread.Builder.OfVirtual builder(Executor scheduler) {
        if (BUILDER_CTOR == null) {
            throw new IllegalStateException("custom virtual-thread schedulers unavailable: " + UNAVAILABLE_REASON);
        }
        try {
            return (Thread.Builder.OfVirtual) BUILDER_CTOR.newInstance(scheduler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build a virtual thread builder", e);
        }
    }

    /**
     * The platform thread the caller runs on: the carrier when called from a mounted virtual
     * thread, else the current thread. Requires {@link #available()}.
     */
    public static Thread currentCarrierThread() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable t) {
            // invokeExact of a no-argument static getter cannot fail once the handle resolved.
            throw new AssertionError(t);
        }
    }
}
