package dev.gort.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A goroutine's body returned or threw (Go's GoEnd). Committed on the goroutine itself. Off by
 * default, like {@link GoroutineStartEvent}.
 */
@Name(GoEvents.PREFIX + "GoroutineEnd")
@Label("Goroutine End")
@Category({"gort", "Goroutines"})
@Description("A goroutine's body returned or threw; the event thread is the goroutine")
@Enabled(false)
@StackTrace(false)
public final class GoroutineEndEvent extends Event {
    @Label("Uncaught Exception")
    @Description("Class of the exception the body threw, or null if it returned")
    public Class<?> uncaught;
}
