package dev.gort.reliability;

import java.util.concurrent.atomic.LongAdder;

/** What the chaos soak did, counted by kind; shared by every goroutine of every round. */
final class Tally {
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder drained = new LongAdder();
    final LongAdder interruptsSent = new LongAdder();
    final LongAdder interruptedOps = new LongAdder();
    final LongAdder cancels = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder defaults = new LongAdder();
    final LongAdder closes = new LongAdder();
    final LongAdder doubleCloses = new LongAdder();
    final LongAdder handlerThrows = new LongAdder();
    final LongAdder uncaught = new LongAdder();
    final LongAdder spawned = new LongAdder();
    final LongAdder lockedIncrements = new LongAdder();
    final LongAdder maxProcsChanges = new LongAdder();

    @Override
    public String toString() {
        return "delivered " + accepted + " (received " + received + ", drained after close " + drained
                + "), refused " + refused + ", interrupts sent " + interruptsSent + " (blocked ops interrupted "
                + interruptedOps + "), cancels " + cancels + ", timeouts " + timeouts + ", defaults " + defaults
                + ", closes " + closes + " (double closes caught " + doubleCloses + "), handler throws "
                + handlerThrows + ", uncaught " + uncaught + ", goroutines spawned " + spawned
                + ", locked increments " + lockedIncrements + ", GOMAXPROCS changes " + maxProcsChanges;
    }
}
