package dev.gort.internal;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The global run queue grows while a consumer polls: a ring of 2 holds one goroutine; the producer
 * offers one (the ring is full) and a batch of two (the ring must grow, and its new array is
 * allocated with the lock released, so the consumer's polls can land in between). Every goroutine
 * comes out exactly once, all in the order offered (one producer: FIFO throughout), and once drained
 * the size estimate is 0.
 */
@JCStressTest
@Description("GlobalRunQueue: offer and offerBatch growing the ring, racing two polls")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "each once, in order; size 0 when drained")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost, run twice or out of order, or a wrong size")
@State
public class GlobalRunQueueGrowTest {
    final GlobalRunQueue q = new GlobalRunQueue(2);
    final Runnable[] batch = new Runnable[2];
    Runnable c1;
    Runnable c2;

    public GlobalRunQueueGrowTest() {
        q.offer(Items.ITEM[0]);
    }

    @Actor
    public void producer() {
        q.offer(Items.ITEM[1]);
        batch[0] = Items.ITEM[2];
        batch[1] = Items.ITEM[3];
        q.offerBatch(batch, 2);
    }

    @Actor
    public void consumer() {
        c1 = q.poll();
        c2 = q.poll();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        int[] counts = new int[Items.N];
        int next = 0; // the index every goroutine taken so far must have had, in turn
        boolean inOrder = true;
        Runnable[] out = new Runnable[Items.N + 2];
        int k = 0;
        out[k++] = c1;
        out[k++] = c2;
        for (Runnable x; (x = q.poll()) != null && k < out.length; ) {
            out[k++] = x;
        }
        for (int i = 0; i < k; i++) {
            if (out[i] != null) {
                Items.count(counts, out[i]);
                inOrder &= Items.index(out[i]) == next++;
            }
        }
        r.r1 = Items.verdict(counts, 4) + (inOrder ? 0 : 1000) + (batch[0] == null && batch[1] == null ? 0 : 2000);
        r.r2 = q.size() + (q.isEmpty() ? 0 : 1000);
    }
}
