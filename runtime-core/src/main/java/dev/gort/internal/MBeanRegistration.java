package dev.gort.internal;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Puts the scheduler MBean on the platform MBean server once JMX is in use in this JVM, and never
 * creates that server itself.
 *
 * <p>Why: creating the platform MBean server takes 130-150 ms of CPU on the 2-vCPU reference
 * machine (it builds every platform MXBean; the DiagnosticCommand MBean alone parses JFR's
 * configuration files for its help texts). Created on every program's behalf, though few read JMX,
 * that would be paid on the first goroutine's path, or by a CPU the program wants at start-up
 * (2 vCPUs: its first milliseconds ran up to three times slower). So the runtime looks whether
 * a server exists ({@link MBeanServerFactory#findMBeanServer}: a few microseconds, creates nothing)
 * when it starts, and then about once a second from its monitor thread (sysmon, or the fallback
 * mode's monitor). An application that uses JMX, a JMX agent started with the JVM, or a tool that
 * attaches later (jconsole, VisualVM, {@code jcmd ManagementAgent.start}) creates the server; the
 * next look sees it and registers from a short-lived daemon thread ({@code gort-jmx}), since the
 * first registration of an MXBean class costs a few milliseconds of introspection.
 *
 * <p>Who writes what: {@link #started} goes false &rarr; true once, by CAS, by whichever look first
 * sees a server; {@link #nextLook} is read and written by the monitor thread only; {@link #done} is
 * completed once, by the registering thread.
 */
final class MBeanRegistration {
    private static final LazyLog log = new LazyLog(MBeanRegistration.class);
    private static final long LOOK_EVERY_NANOS = 1_000_000_000L;

    private final Object mbean;
    private final String name;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Boolean> done = new CompletableFuture<>();
    private long nextLook;

    MBeanRegistration(Object mbean, String name) {
        this.mbean = mbean;
        this.name = name;
    }

    /** Any thread, at start-up: registers now (in the background) if a server exists already. */
    void lookNow() {
        if (!started.get() && jmxInUse()) {
            start();
        }
    }

    /** The monitor thread, every round: looks again once a second until registered. */
    void look(long nowNanos) {
        if (started.get() || nowNanos - nextLook < 0) {
            return;
        }
        nextLook = nowNanos + LOOK_EVERY_NANOS;
        lookNow();
    }

    /** Completes when the registration ended: true if the MBean is registered. Never, if JMX is never used. */
    CompletableFuture<Boolean> done() {
        return done;
    }

    private static boolean jmxInUse() {
        try {
            return !MBeanServerFactory.findMBeanServer(null).isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return false; // no java.management in this image
        }
    }

    private void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        try {
            Thread.ofPlatform().daemon().name("gort-jmx").start(() -> done.complete(register()));
        } catch (Throwable t) {
            // Out of native threads: JMX is a convenience, Go.stats() has the same figures.
            log.get().debug("gort: scheduler MBean not registered", t);
            done.complete(false);
        }
    }

    private boolean register() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName on = new ObjectName(name);
            if (!server.isRegistered(on)) {
                server.registerMBean(mbean, on);
            }
            return true;
        } catch (Exception | LinkageError e) {
            // A name clash from another class loader: metrics stay readable through Go.stats().
            log.get().debug("gort: scheduler MBean not registered", e);
            return false;
        }
    }
}
