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
    requires org.jctools.core;
    // JCTools' queues use sun.misc.Unsafe, but its module requires jdk.unsupported only statically:
    // without this line the module path fails with NoClassDefFoundError: sun/misc/Unsafe.
    requires jdk.unsupported;
    requires java.management;

    exports dev.gort;
    exports dev.gort.internal.park to dev.gort.chan, dev.gort.sync, dev.gort.context;
    exports dev.gort.internal.time to dev.gort.chan, dev.gort.sync, dev.gort.context;
    // The scheduler's MXBean interface lives here: JMX reads it reflectively.
    exports dev.gort.internal to java.management;
}
