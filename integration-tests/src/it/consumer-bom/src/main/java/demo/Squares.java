package demo;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.context.Chans;
import dev.gort.context.Context;

/** Squares 1..n in a goroutine and sums them through a channel, with a context. */
public final class Squares {
    private Squares() {}

    public static long sum(Context ctx, int n) {
        Chan<Long> out = Chan.make(4);
        Go.go(() -> {
            try {
                for (long i = 1; i <= n && Chans.sendOrDone(ctx, out, i * i); i++) {
                    // sent
                }
            } finally {
                out.close();
            }
        });
        return out.stream().mapToLong(Long::longValue).sum();
    }
}
