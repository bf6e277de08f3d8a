package dev.gort.race;

import dev.gort.internal.race.RaceHooks;
import dev.gort.race.rt.RT;

/**
 * The detector's side of gort's hook facade ({@code dev.gort.internal.race.Race}): gort loads this
 * class by the name the agent puts in {@code gort.race.hooks}. The only class of the agent that
 * refers to gort; a program without gort never loads it.
 */
public final class GortHooks implements RaceHooks {
    /** Made by gort's facade, reflectively. */
    public GortHooks() {}

    @Override
    public void acquire(Object addr, long slot) {
        RT.hookAcquire(addr, slot);
    }

    @Override
    public void release(Object addr, long slot) {
        RT.hookRelease(addr, slot, false);
    }

    @Override
    public void releaseMerge(Object addr, long slot) {
        RT.hookRelease(addr, slot, true);
    }

    @Override
    public void releaseAcquire(Object addr, long slot) {
        RT.hookReleaseAcquire(addr, slot);
    }

    @Override
    public void parking(Object waiter) {
        RT.hookParking(waiter);
    }

    @Override
    public void resumed(Object waiter) {
        RT.hookResumed(waiter);
    }

    @Override
    public void acquireFor(Object waiter, Object addr, long slot) {
        RT.hookFor(waiter, addr, slot, RT.FOR_ACQUIRE);
    }

    @Override
    public void releaseFor(Object waiter, Object addr, long slot) {
        RT.hookFor(waiter, addr, slot, RT.FOR_RELEASE);
    }

    @Override
    public void releaseAcquireFor(Object waiter, Object addr, long slot) {
        RT.hookFor(waiter, addr, slot, RT.FOR_RELEASE_ACQUIRE);
    }

    @Override
    public void read(Object addr, long slot) {
        RT.hookAccess(addr, slot, false);
    }

    @Override
    public void write(Object addr, long slot) {
        RT.hookAccess(addr, slot, true);
    }

    @Override
    public Object goCreate() {
        return RT.hookGoCreate();
    }

    @Override
    public void goStart(Object token) {
        RT.hookGoStart(token);
    }

    @Override
    public void goEnd() {
        RT.hookGoEnd();
    }

    @Override
    public void disable() {
        RT.hookDisable();
    }

    @Override
    public void enable() {
        RT.hookEnable();
    }
}
