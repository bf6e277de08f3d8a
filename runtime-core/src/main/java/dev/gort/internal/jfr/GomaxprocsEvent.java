package dev.gort.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** GOMAXPROCS was changed at run time ({@code Go.maxProcs(n)} or JMX). On by default. */
@Name(GoEvents.PREFIX + "Gomaxprocs")
@Label("GOMAXPROCS Change")
@Category({"gort", "Scheduler"})
@Description("GOMAXPROCS changed at run time")
public final class GomaxprocsEvent extends Event {
    @Label("Old Value")
    public int oldProcs;

    @Label("New Value")
    public int newProcs;
}
