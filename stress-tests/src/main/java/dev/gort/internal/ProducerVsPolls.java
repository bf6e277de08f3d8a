package dev.gort.internal;

import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The state of a global-queue test with two actors, one producer and a consumer that polls twice,
 * over a queue that starts holding {@code Items.ITEM[0]}; and the arbiter's verdict: every item out
 * exactly once, all in the order offered (one producer, so FIFO throughout), size 0 once drained.
 * The outcomes that judge that verdict are declared here once (jcstress's {@code @Outcome} is
 * inherited by the tests).
 */
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "each once, in order; size 0 when drained")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost, run twice or out of order, or a wrong size")
abstract class ProducerVsPolls {
    final GlobalRunQueue q;
    Runnable c1;
    Runnable c2;

    ProducerVsPolls(GlobalRunQueue q) {
        this.q = q;
        q.offer(Items.ITEM[0]);
    }

    /** The consumer's actor. */
    void pollTwice() {
        c1 = q.poll();
        c2 = q.poll();
    }

    /**
     * r1: 0 when each of the first {@code n} items came out once and in order (else the count's
     * {@link Items#verdict}, plus 1000 for a wrong order); r2: the drained queue's size (plus 1000
     * if it does not report empty).
     */
    void report(II_Result r, int n) {
        int[] counts = new int[Items.N];
        int next = 0; // the index the next goroutine out must have
        boolean inOrder = true;
        Runnable[] out = new Runnable[Items.N + 2];
        int k = 0;
        out[k++] = c1;
        out[k++] = c2;
        for (Runnable x; k < out.length && (x = q.poll()) != null; ) {
            out[k++] = x;
        }
        for (int i = 0; i < k; i++) {
            if (out[i] != null) {
                Items.count(counts, out[i]);
                inOrder &= Items.index(out[i]) == next++;
            }
        }
        r.r1 = Items.verdict(counts, n) + (inOrder ? 0 : 1000);
        r.r2 = q.size() + (q.isEmpty() ? 0 : 1000);
    }
}
