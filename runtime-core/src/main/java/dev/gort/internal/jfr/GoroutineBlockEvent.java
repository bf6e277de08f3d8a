package dev.gort.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;

/**
 * A goroutine was blocked in gort (Go's GoBlock/GoUnblock pair, as one duration event): why, on what
 * kind of object, for how long. Committed on the goroutine when it resumes, through
 * {@link GoEvents#beginBlock()} and {@link GoEvents#endBlock}. Off by default; with a threshold
 * (20 ms in the settings, as {@code jdk.ThreadPark}'s) it shows only the waits that matter.
 */
@Name(GoEvents.PREFIX + "GoroutineBlock")
@Label("Goroutine Blocked")
@Category({"gort", "Goroutines"})
@Description("A goroutine waited in gort; the event thread is the goroutine")
@Enabled(false)
@Threshold("20 ms")
public final class GoroutineBlockEvent extends Event {
    @Label("Wait Reason")
    @Description("Go's wait reason: chan receive, chan send, select, sync.Mutex.Lock, sleep, ...")
    public String waitReason;

    @Label("Blocker Class")
    @Description("Class of the object waited on (a Chan, a Mutex, ...), or null")
    public Class<?> blockerClass;
}
