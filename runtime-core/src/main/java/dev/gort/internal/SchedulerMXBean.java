package dev.gort.internal;

/**
 * gort's scheduler metrics over JMX, registered as {@value GoRuntime#MBEAN_NAME} once JMX is in use
 * in the JVM ({@link MBeanRegistration}: at start if an MBean server exists, else within about a
 * second of one being created, by the application, an agent, or JConsole, VisualVM or
 * {@code jcmd ManagementAgent.start} attaching).
 * Every attribute is a fresh snapshot of {@link dev.gort.Go#stats()}.
 */
public interface SchedulerMXBean {
    /** True on gort's G-M-P scheduler; false in the fallback to the JDK's scheduler. */
    boolean isGmpScheduler();

    int getMaxProcs();

    /** Sets GOMAXPROCS at run time, as {@link dev.gort.Go#maxProcs(int)}. */
    void setMaxProcs(int n);

    int getGoroutines();

    int getThreads();

    int getIdleThreads();

    int getSpinningThreads();

    int getCarriersUsed();

    long getSteals();

    long getHandoffs();

    long getThreadWakeups();

    long getWatchdogWakeups();

    int getGlobalQueueLength();

    /** Local run-queue length of each P, by P id. */
    int[] getLocalQueueLengths();

    /** Goroutine runs of each P, by P id. */
    long[] getProcRuns();

    /** Every live goroutine, Go style: {@code goroutine 17 [chan receive]:} and its stack. */
    String dumpGoroutines();

    /** off, log or exit: see the system property {@code gort.deadlock}. */
    String getDeadlockDetection();

    void setDeadlockDetection(String mode);
}
