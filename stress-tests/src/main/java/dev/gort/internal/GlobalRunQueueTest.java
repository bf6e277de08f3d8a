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
 * The global run queue: a producer offers while a consumer polls twice (one goroutine is queued
 * already). Every goroutine comes out exactly once (polled or left), FIFO order holds for the
 * consumer, and once the queue is drained its size estimate is 0. (Two actors: jcstress runs no
 * test that needs more CPUs than the machine has, and CI's has two.)
 */
@JCStressTest
@Description("GlobalRunQueue: offer racing two polls")
@Outcome(id = "0, 0", expect = Expect.ACCEPTABLE, desc = "nothing lost or duplicated; size 0 when drained")
@Outcome(expect = Expect.FORBIDDEN, desc = "a goroutine lost or run twice, or a wrong size")
@State
public class GlobalRunQueueTest {
    final GlobalRunQueue q = new GlobalRunQueue();
    Runnable c1;
    Runnable c2;

    public GlobalRunQueueTest() {
        q.offer(Items.ITEM[0]);
    }

    @Actor
    public void producer() {
        q.offer(Items.ITEM[1]);
        q.offer(Items.ITEM[2]);
    }

    @Actor
    public void consumer() {
        c1 = q.poll();
        c2 = q.poll();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        int[] counts = new int[Items.N];
        Items.count(counts, c1);
        Items.count(counts, c2);
        for (Runnable x; (x = q.poll()) != null; ) {
            Items.count(counts, x);
        }
        r.r1 = Items.verdict(counts, 3) + (c1 == Items.ITEM[0] ? 0 : 1000); // the one queued first comes out first
        r.r2 = q.size() + (q.isEmpty() ? 0 : 1000);
    }
}
