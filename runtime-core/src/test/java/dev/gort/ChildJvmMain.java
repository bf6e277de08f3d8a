package dev.gort;

import dev.gort.testing.Testing;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a child JVM by {@link ChildJvmTest}: starts goroutines and prints, one per line, what the
 * parent checks. Prints to stdout because it is a test program, not library code.
 */
public final class ChildJvmMain {
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("return-with-goroutines-alive")) {
            returnWithGoroutinesAlive();
            return;
        }
        if (args.length > 0 && args[0].equals("jmx-after-start")) {
            jmxAfterStart();
            return;
        }
        if (args.length > 0 && args[0].equals("jfr-after-start")) {
            jfrAfterStart();
            return;
        }
        if (args.length > 0 && args[0].equals("sharded-timers")) {
            shardedTimers();
            return;
        }
        try {
            int n = 10_000;
            CountDownLatch done = new CountDownLatch(n);
            AtomicInteger virtual = new AtomicInteger();
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    if (Thread.currentThread().isVirtual()) {
                        virtual.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            boolean finished = done.await(Testing.JOIN.toNanos(), TimeUnit.NANOSECONDS);
            System.out.println("gmp=" + Go.gmpScheduler());
            System.out.println("maxprocs=" + Go.maxProcs());
            System.out.println("ran=" + (finished ? n : n - done.getCount()));
            System.out.println("virtual=" + virtual.get());
        } catch (IllegalArgumentException e) {
            System.out.println("error=" + e.getMessage());
        }
    }

    /**
     * Timers on several shards (the parent sets {@code gort.timers.shards}): goroutines that sleep (on
     * their Ps' heaps, which move to the shards as the Ps go idle); then timers added by many platform
     * threads, straight to the shards, and half of them (those an hour out) canceled by
     * one other thread, which reaches every shard: each shard must drop its own canceled nodes.
     * Prints the counts the parent checks.
     */
    static void shardedTimers() throws Exception {
        System.out.println("shards=" + dev.gort.internal.time.TimerHeap.shardCount());
        int sleepers = 4_000;
        CountDownLatch slept = new CountDownLatch(sleepers);
        AtomicInteger early = new AtomicInteger();
        for (int i = 0; i < sleepers; i++) {
            long nanos = TimeUnit.MILLISECONDS.toNanos(1 + i % 5);
            Go.go(() -> {
                long t0 = System.nanoTime();
                dev.gort.internal.park.Park.sleep(nanos);
                if (System.nanoTime() - t0 < nanos) {
                    early.incrementAndGet();
                }
                slept.countDown();
            });
        }
        System.out.println("slept=" + (slept.await(Testing.JOIN.toNanos(), TimeUnit.NANOSECONDS) ? sleepers : -1));
        System.out.println("early=" + early.get());

        int threads = 8;
        int perThread = 1_000;
        AtomicInteger fired = new AtomicInteger();
        java.util.List<dev.gort.internal.time.TimerHeap.Node> nodes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        long when = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
        Thread[] adders = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            adders[t] = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    dev.gort.internal.time.TimerHeap.Node n = new dev.gort.internal.time.TimerHeap.Node() {
                        @Override
                        protected void fire() {
                            fired.incrementAndGet();
                        }
                    };
                    // Even ones are canceled below: an hour out, so only a purge drops them.
                    dev.gort.internal.time.TimerHeap.get().add(n, i % 2 == 0 ? when + TimeUnit.HOURS.toNanos(1) : when + i);
                    nodes.add(n);
                }
            });
            adders[t].start();
        }
        for (Thread t : adders) {
            t.join();
        }
        int canceled = 0;
        for (dev.gort.internal.time.TimerHeap.Node n : nodes) {
            if (n.when() - when > TimeUnit.MINUTES.toNanos(1)) {
                canceled += dev.gort.internal.time.TimerHeap.get().cancel(n) ? 1 : 0;
            }
        }
        System.out.println("canceled=" + canceled);
        System.out.println("pendingAfterCancel=" + dev.gort.internal.time.TimerHeap.pending());
        int due = threads * perThread - canceled;
        Testing.waitFor(() -> fired.get() >= due);
        Testing.waitFor(() -> dev.gort.internal.time.TimerHeap.pending() == 0);
        System.out.println("fired=" + fired.get());
        System.out.println("pendingAtEnd=" + dev.gort.internal.time.TimerHeap.pending());
        // Canceled nodes are dropped lazily: a shard purges them once there are 64 (PURGE_MIN) and
        // they are over a quarter of what it holds, so each shard may keep up to 63 an hour out.
        Testing.waitFor(() -> dev.gort.internal.time.TimerHeap.held() < 4 * 64);
        System.out.println("heldAtEnd=" + dev.gort.internal.time.TimerHeap.held());
        long shardThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("gort-timers-")).count();
        System.out.println("timerThreads=" + shardThreads);
    }

    /**
     * Runs goroutines in a JVM where nothing uses JMX, then uses it: prints whether an MBean server
     * existed before (gort must not create one), and whether gort's MBean is registered after.
     */
    static void jmxAfterStart() throws Exception {
        CountDownLatch ran = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            Go.go(ran::countDown);
        }
        ran.await();
        System.out.println("servers before: " + javax.management.MBeanServerFactory.findMBeanServer(null).size());
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        boolean registered = dev.gort.internal.GoRuntime.get().mbeanRegistration().get(30, TimeUnit.SECONDS);
        javax.management.ObjectName name = new javax.management.ObjectName(dev.gort.internal.GoRuntime.MBEAN_NAME);
        System.out.println("registered=" + registered + " goroutines=" + server.getAttribute(name, "Goroutines"));
    }

    /**
     * Runs goroutines with the Flight Recorder down, then starts a recording and runs ten more, each
     * of which sleeps once: prints whether the recorder was up before, and how many of the ten
     * starts, ends and blocks the recording holds. Run with class-load logging on stdout, the
     * parent also sees which classes were loaded before the "recording starts" line.
     */
    static void jfrAfterStart() throws Exception {
        CountDownLatch before = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            Go.go(before::countDown);
        }
        before.await();
        System.out.println("before: jfrInitialized=" + jdk.jfr.FlightRecorder.isInitialized()
                + " recorderUp=" + dev.gort.internal.jfr.GoEvents.recorderUp());
        System.out.println("recording starts");
        java.nio.file.Path file = java.nio.file.Files.createTempFile("gort-child", ".jfr");
        try (jdk.jfr.Recording r = new jdk.jfr.Recording()) {
            String prefix = dev.gort.internal.jfr.GoEvents.PREFIX;
            r.enable(prefix + "GoroutineStart");
            r.enable(prefix + "GoroutineEnd");
            r.enable(prefix + "GoroutineBlock").withThreshold(java.time.Duration.ZERO);
            r.start();
            int n = 10;
            java.util.Queue<Thread> late = new java.util.concurrent.ConcurrentLinkedQueue<>();
            CountDownLatch started = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Go.go("late-" + i, () -> {
                    late.add(Thread.currentThread());
                    started.countDown();
                    dev.gort.internal.park.Park.sleep(TimeUnit.MILLISECONDS.toNanos(20)); // a block event, unless the timer beat the park
                });
            }
            started.await();
            for (Thread t : late) {
                t.join(); // a goroutine's end event commits after its body
            }
            r.stop();
            r.dump(file);
        }
        java.util.List<jdk.jfr.consumer.RecordedEvent> events = jdk.jfr.consumer.RecordingFile.readAllEvents(file);
        java.nio.file.Files.deleteIfExists(file);
        for (String type : new String[] {"GoroutineStart", "GoroutineEnd", "GoroutineBlock"}) {
            long count = events.stream()
                    .filter(e -> e.getEventType().getName().equals(dev.gort.internal.jfr.GoEvents.PREFIX + type))
                    .filter(e -> e.getThread() != null && e.getThread().getJavaName().startsWith("late-"))
                    .count();
            System.out.println(type + "=" + count);
        }
        System.out.println("after: recorderUp=" + dev.gort.internal.jfr.GoEvents.recorderUp());
    }

    /**
     * Leaves goroutines of every kind alive (parked forever, asleep, spinning on a carrier) and
     * returns from main: the JVM must exit, since gort's carriers and sysmon are daemon threads.
     */
    static void returnWithGoroutinesAlive() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1002);
        for (int i = 0; i < 1000; i++) {
            Go.go(() -> {
                started.countDown();
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Go.go(() -> {
            started.countDown();
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Go.go(() -> {
            started.countDown();
            while (never.getCount() > 0) {
                Thread.onSpinWait(); // holds a carrier for ever
            }
        });
        started.await();
        System.out.println("goroutines=" + Go.numGoroutine());
        System.out.println("main returns");
    }
}
