package dev.gort.reliability;

import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static dev.gort.chan.Select.send;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.RecvChan;
import dev.gort.chan.SendChan;
import dev.gort.chan.Time;
import dev.gort.sync.Cond;
import dev.gort.sync.Mutex;
import dev.gort.sync.RWMutex;
import dev.gort.sync.Semaphore;
import dev.gort.sync.WaitGroup;
import dev.gort.testing.Testing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One goroutine blocked in each of gort's waits, named after the wait reason Go would print for it,
 * and the dump lines that must then appear. Run in the test JVM (G-M-P mode) by
 * {@link GoroutineDumpTest}, and as a program in a child JVM without the scheduler's flag (fallback
 * mode), where it prints the dump for the parent to check.
 */
final class WaitReasons implements AutoCloseable {
    /** Goroutine name to the wait reason its dump header must show. */
    final Map<String, String> expected = new LinkedHashMap<>();
    private final List<Thread> goroutines = new ArrayList<>();
    private final CountDownLatch ended;
    private final Runnable release;

    @SuppressWarnings("unchecked")
    WaitReasons() {
        Chan<Integer> empty = Chan.make();
        Chan<Integer> unbuffered = Chan.make();
        Mutex mu = new Mutex();
        mu.lock();
        RWMutex rw = new RWMutex();
        rw.lock();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Mutex condMu = new Mutex();
        Cond cond = new Cond(condMu);
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);

        Map<String, Runnable> waits = new LinkedHashMap<>();
        waits.put("chan receive", empty::recv);
        waits.put("chan send", () -> unbuffered.send(1));
        waits.put("select", () -> select(recv(empty), send(unbuffered, 2)));
        waits.put("select (no cases)", () -> select());
        waits.put("chan receive (nil chan)", () -> select(recv((RecvChan<Integer>) null)));
        waits.put("chan send (nil chan)", () -> select(send((SendChan<Integer>) null, 1)));
        waits.put("sleep", () -> Time.sleep(Duration.ofHours(1)));
        waits.put("sync.Mutex.Lock", mu::lock);
        waits.put("sync.RWMutex.RLock", rw::rLock);
        waits.put("sync.WaitGroup.Wait", wg::await);
        waits.put("sync.Cond.Wait", () -> {
            condMu.lock();
            try {
                cond.await();
            } finally {
                condMu.unlock();
            }
        });
        waits.put("semacquire", () -> sem.acquire(1));
        ended = new CountDownLatch(waits.size() + 1);
        CountDownLatch started = new CountDownLatch(waits.size() + 1);
        int i = 0;
        for (Map.Entry<String, Runnable> w : waits.entrySet()) {
            String name = "wait-" + i++;
            expected.put(name, w.getKey());
            start(name, w.getValue(), started);
        }
        // A writer queued behind the reader above: Go's "sync.RWMutex.Lock" (a writer holds it now,
        // so it waits whatever the reader does).
        String writer = "wait-" + i;
        expected.put(writer, "sync.RWMutex.Lock");
        start(writer, rw::lock, started);
        Testing.await("the waiting goroutines to start", started);
        release = () -> goroutines.forEach(Thread::interrupt);
    }

    private void start(String name, Runnable wait, CountDownLatch started) {
        Thread[] self = new Thread[1];
        CountDownLatch registered = new CountDownLatch(1);
        Go.go(name, () -> {
            self[0] = Thread.currentThread();
            registered.countDown();
            started.countDown();
            try {
                wait.run();
            } catch (RuntimeException e) {
                // interrupted at the end
            } finally {
                ended.countDown();
            }
        });
        Testing.await(name + " to start", registered);
        goroutines.add(self[0]);
    }

    /** The header line each goroutine must have in the dump. */
    List<String> expectedHeaders() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < goroutines.size(); i++) {
            String name = "wait-" + i;
            out.add("goroutine " + goroutines.get(i).threadId() + " \"" + name + "\" [" + expected.get(name) + "]:");
        }
        return out;
    }

    /** Dumps until every expected header is there (each goroutine reaches its park soon after starting). */
    String dumpWhenAllParked() {
        String[] last = {null};
        Testing.waitFor(() -> expectedHeaders().stream().allMatch((last[0] = Go.dumpGoroutines())::contains));
        return last[0];
    }

    @Override
    public void close() {
        release.run();
        Testing.join("the blocked goroutines to end after an interrupt", ended);
    }

    /** Fallback mode, in a child JVM: prints the expected headers, a separator, then the dump. */
    public static void main(String[] args) throws Exception {
        try (WaitReasons w = new WaitReasons()) {
            String dump = w.dumpWhenAllParked();
            System.out.println("gmp=" + Go.gmpScheduler());
            w.expectedHeaders().forEach(System.out::println);
            System.out.println("----");
            System.out.println(dump);
        }
    }
}
