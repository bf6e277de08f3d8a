package dev.gort.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Sysmon handed a P to a spare carrier because the goroutine on it had not switched for too long
 * (a CPU-bound loop, or a carrier pinned in native code or file I/O). Rare; on by default.
 */
@Name(GoEvents.PREFIX + "SysmonHandoff")
@Label("Sysmon Handoff")
@Category({"gort", "Scheduler"})
@Description("A P whose goroutine did not switch for too long was handed to a spare carrier")
@StackTrace(false)
public final class SysmonHandoffEvent extends Event {
    @Label("P")
    public int proc;

    @Label("Stuck For")
    @Description("How long the P had run one goroutine without a switch")
    @Timespan(Timespan.NANOSECONDS)
    public long stuckFor;

    @Label("Goroutines Moved")
    @Description("Goroutines moved from the P's local queue to the global queue")
    public int moved;
}
