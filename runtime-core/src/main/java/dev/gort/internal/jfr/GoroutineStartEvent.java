package dev.gort.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A goroutine began to run its body (Go's trace event GoStart, first time). Committed on the
 * goroutine itself, so the event's thread is the goroutine. Off by default: a program may start
 * millions a second; enable it in the recording's settings.
 */
@Name(GoEvents.PREFIX + "GoroutineStart")
@Label("Goroutine Start")
@Category({"gort", "Goroutines"})
@Description("A goroutine began to run; the event thread is the goroutine")
@Enabled(false)
@StackTrace(false)
public final class GoroutineStartEvent extends Event {
    @Label("Goroutine Name")
    public String name;

    @Label("Parent Thread Id")
    @Description("Thread.threadId() of the thread that started it (0 for a thread of Go.threadFactory())")
    public long parentId;
}
