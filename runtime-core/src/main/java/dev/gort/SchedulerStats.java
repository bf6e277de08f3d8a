package dev.gort;

import java.util.List;

/**
 * A snapshot of the scheduler's counters, read without stopping anything (each number is exact for
 * its own moment; together they are approximately simultaneous).
 *
 * @param gmp             true when goroutines run on gort's G-M-P scheduler; false in the fallback to
 *                        the JDK's scheduler (then only {@code maxProcs} and {@code goroutines} mean anything)
 * @param maxProcs        GOMAXPROCS
 * @param goroutines      live goroutines started with {@link Go#go}
 * @param procs           one entry per P
 * @param threads         carrier threads (Ms) created so far
 * @param idleThreads     Ms parked with nothing to do
 * @param spinningThreads Ms looking for work to steal
 * @param carriersUsed    Ms that have run at least one goroutine
 * @param threadWakeups   Ms woken from idle or started to look for work (each costs the waker a
 *                        system call, so a healthy handoff pair keeps this far below its round trips)
 * @param steals          goroutines taken from another P's run queue, all Ps together
 * @param handoffs        Ps handed to a spare M by sysmon because their carrier was stuck
 * @param watchdogWakeups wakeups made by sysmon's lost-wakeup watchdog (0 in a healthy run)
 * @param globalQueueLength goroutines waiting in the global run queue
 */
public record SchedulerStats(
        boolean gmp,
        int maxProcs,
        int goroutines,
        List<ProcStats> procs,
        int threads,
        int idleThreads,
        int spinningThreads,
        int carriersUsed,
        long threadWakeups,
        long steals,
        long handoffs,
        long watchdogWakeups,
        int globalQueueLength) {

    /**
     * One P.
     *
     * @param id               its index
     * @param runs             goroutine runs on it
     * @param steals           goroutines its carriers stole from other Ps
     * @param localQueueLength goroutines in its local run queue now (not counting runnext)
     * @param runnextFull      whether its runnext slot holds a goroutine now
     */
    public record ProcStats(int id, long runs, long steals, int localQueueLength, boolean runnextFull) {}
}
