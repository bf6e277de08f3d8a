package dev.gort.internal;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The global run queue grows while a consumer polls: a ring of 2 holds one goroutine; the producer
 * offers one (the ring is full) and a batch of two (the ring must grow, and its new array is
 * allocated with the lock released, so the consumer's polls can land in between). Every goroutine
 * comes out exactly once, in the order offered, the batch array is emptied, and once drained the
 * size estimate is 0.
 */
@JCStressTest
@Description("GlobalRunQueue: offer and offerBatch growing the ring, racing two polls")
@State
public class GlobalRunQueueGrowTest extends ProducerVsPolls {
    final Runnable[] batch = {Items.ITEM[2], Items.ITEM[3]};

    public GlobalRunQueueGrowTest() {
        super(new GlobalRunQueue(2));
    }

    @Actor
    public void producer() {
        q.offer(Items.ITEM[1]);
        q.offerBatch(batch, 2);
    }

    @Actor
    public void consumer() {
        pollTwice();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        report(r, 4);
        r.r1 += batch[0] == null && batch[1] == null ? 0 : 2000; // offerBatch empties what it took
    }
}
