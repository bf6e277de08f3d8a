/**
 * gort's runtime: goroutines on the G-M-P scheduler ({@link dev.gort.Go}), and the machinery the
 * other gort modules are built on. Only {@code dev.gort} is API; the {@code internal} packages are
 * exported to gort's own modules alone.
 *
 * <p>On the module path the scheduler needs {@code --add-opens java.base/java.lang=dev.gort} (on the
 * class path: {@code =ALL-UNNAMED}); without it goroutines run on the JDK's own virtual-thread
 * scheduler after one warning.
 */
module dev.gort {
    requires org.slf4j;
    requires java.management;
    // gort's Flight Recorder events (dev.gort.internal.jfr); every JDK image has the module.
    requires jdk.jfr;

    exports dev.gort;
    exports dev.gort.internal.park to dev.gort.chan, dev.gort.sync, dev.gort.context;
    exports dev.gort.internal.time to dev.gort.chan, dev.gort.sync, dev.gort.context;
    // The race detector's hooks, called at gort's synchronisation points (a no-op without the agent).
    exports dev.gort.internal.race to dev.gort.chan, dev.gort.sync, dev.gort.context;
    // The scheduler's MXBean interface lives here: JMX reads it reflectively.
    exports dev.gort.internal to java.management;
    exports dev.gort.internal.jfr to jdk.jfr;
}
