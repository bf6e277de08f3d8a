package dev.gort.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Hooks by which upper layers tell core's diagnostics what core cannot see. runtime-channels
 * registers its timer heap, so the deadlock detector knows a goroutine waiting on a timer channel
 * will wake up. (Core knows nothing of channels; channels call in here.)
 */
public final class Diagnostics {
    private static final CopyOnWriteArrayList<LongSupplier> TIMER_PROBES = new CopyOnWriteArrayList<>();

    private Diagnostics() {}

    /** Registers a source of pending timers (e.g. the channels' timer heap size). */
    public static void registerPendingTimers(LongSupplier pending) {
        TIMER_PROBES.add(pending);
    }

    /** Timers pending in every registered source. */
    static long pendingTimers() {
        long n = 0;
        for (LongSupplier p : TIMER_PROBES) {
            n += p.getAsLong();
        }
        return n;
    }
}
