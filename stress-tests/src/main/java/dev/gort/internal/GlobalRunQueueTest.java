package dev.gort.internal;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The global run queue: a producer offers while a consumer polls twice (one goroutine is queued
 * already). Every goroutine comes out exactly once (polled or left), in the order offered, and once
 * the queue is drained its size estimate is 0. (Two actors: jcstress runs no test that needs more
 * CPUs than the machine has, and CI's has two.)
 */
@JCStressTest
@Description("GlobalRunQueue: offer racing two polls")
@State
public class GlobalRunQueueTest extends ProducerVsPolls {
    public GlobalRunQueueTest() {
        super(new GlobalRunQueue());
    }

    @Actor
    public void producer() {
        q.offer(Items.ITEM[1]);
        q.offer(Items.ITEM[2]);
    }

    @Actor
    public void consumer() {
        pollTwice();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        report(r, 3);
    }
}
