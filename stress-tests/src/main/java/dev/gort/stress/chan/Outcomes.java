package dev.gort.stress.chan;

import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;

/** How the channel tests' actors report what an operation did. */
final class Outcomes {
    private Outcomes() {}

    /** Sends {@code v}: 1 if the send returned, 2 if it threw "send on closed channel", 3 for anything else thrown. */
    static int send(Chan<Integer> c, int v) {
        try {
            c.send(v);
            return 1;
        } catch (ChanClosedException e) {
            return ChanClosedException.SEND_ON_CLOSED.equals(e.getMessage()) ? 2 : 3;
        }
    }
}
