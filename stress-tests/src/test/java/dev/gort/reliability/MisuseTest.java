package dev.gort.reliability;

import static java.util.concurrent.TimeUnit.SECONDS;
import static dev.gort.chan.Select.otherwise;
import static dev.gort.chan.Select.recv;
import static dev.gort.chan.Select.select;
import static dev.gort.chan.Select.send;
import static dev.gort.testing.Testing.await;
import static dev.gort.testing.Testing.eventually;
import static dev.gort.testing.Testing.go;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrowsExactly;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gort.Go;
import dev.gort.GoInterruptedException;
import dev.gort.chan.Chan;
import dev.gort.chan.ChanClosedException;
import dev.gort.chan.RecvChan;
import dev.gort.chan.Received;
import dev.gort.chan.Select;
import dev.gort.chan.SendChan;
import dev.gort.chan.Ticker;
import dev.gort.chan.Time;
import dev.gort.chan.Timer;
import dev.gort.context.CancelableContext;
import dev.gort.context.CanceledException;
import dev.gort.context.Context;
import dev.gort.context.ErrGroups;
import dev.gort.context.Semaphores;
import dev.gort.context.Stoppable;
import dev.gort.internal.GomaxprocsProbe;
import dev.gort.sync.Cond;
import dev.gort.sync.ErrGroup;
import dev.gort.sync.Mutex;
import dev.gort.sync.Once;
import dev.gort.sync.RWMutex;
import dev.gort.sync.Semaphore;
import dev.gort.sync.WaitGroup;
import dev.gort.testing.Testing.Handle;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Every misuse of gort's public API, in one place: what a Go or Java programmer can get wrong —
 * double close, send on closed, a negative WaitGroup, unlocking what is not locked, null arguments,
 * bad sizes and durations — and what they get for it. Each case asserts the exact exception type and
 * its message (Go's panic text where Go has one), then that the object still behaves correctly
 * afterwards: misuse is an error with a clear message, never a hang (the class-wide timeout) or a
 * corrupted object. Modules keep their own tests of these paths; this suite is the one place to look
 * for the whole list, which docs/stress.md tabulates.
 */
@Timeout(10)
class MisuseTest {

    /** Asserts that {@code call} throws exactly {@code type} with exactly {@code message}. */
    static <T extends Throwable> T fails(Class<T> type, String message, Executable call) {
        T e = assertThrowsExactly(type, call);
        assertEquals(message, e.getMessage());
        return e;
    }

    /** Like {@link #fails}, for messages that end with details (a size, a class name). */
    static <T extends Throwable> T failsStartingWith(Class<T> type, String prefix, Executable call) {
        T e = assertThrowsExactly(type, call);
        assertTrue(e.getMessage().startsWith(prefix), () -> "message: " + e.getMessage());
        return e;
    }

    /** Waits until the goroutine {@code h} runs is parked: blocked (WAITING) in the gort call it makes. */
    static Handle parked(Handle h) {
        Thread t = h.thread();
        eventually(t + " to block", () -> t.getState() == Thread.State.WAITING);
        return h;
    }

    /** A hundred goroutines each send their number; all of them arrive. */
    static void assertGoroutinesStillRun() {
        Chan<Integer> out = Chan.make(100);
        for (int i = 0; i < 100; i++) {
            int n = i;
            Go.go(() -> out.send(n));
        }
        int sum = 0;
        for (int i = 0; i < 100; i++) {
            sum += out.recv();
        }
        assertEquals(99 * 100 / 2, sum);
    }

    // ------------------------------------------------------------------------------------ core

    @Nested
    class Core {
        @Test
        void goWithANullBodyOrNameStartsNothing() {
            int before = Go.numGoroutine();
            for (int i = 0; i < 100; i++) {
                fails(NullPointerException.class, "goroutine body", () -> Go.go(null));
                fails(NullPointerException.class, "goroutine body", () -> Go.go("named", null));
                fails(NullPointerException.class, "goroutine name", () -> Go.go(null, () -> { }));
            }
            // A refused start must not count a goroutine that never ran (300 refusals above).
            assertTrue(Go.numGoroutine() <= before, () -> before + " goroutines before, " + Go.numGoroutine() + " after");
            assertGoroutinesStillRun();
        }

        @Test
        void maxProcsBelowOneOnlyQueriesAsInGo() {
            int procs = Go.maxProcs();
            for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
                assertEquals(procs, Go.maxProcs(n), "runtime.GOMAXPROCS(n < 1) returns the setting");
            }
            assertEquals(procs, Go.maxProcs());
        }

        @Test
        void maxProcsAboveTheLimitIsRefusedAndChangesNothing() {
            int procs = Go.maxProcs();
            fails(IllegalArgumentException.class, "GOMAXPROCS must be between 1 and 1024, got 1025", () -> Go.maxProcs(1025));
            fails(IllegalArgumentException.class, "GOMAXPROCS must be between 1 and 1024, got " + Integer.MAX_VALUE,
                    () -> Go.maxProcs(Integer.MAX_VALUE));
            assertEquals(procs, Go.maxProcs());
            assertGoroutinesStillRun();
        }

        /**
         * The GOMAXPROCS parser that the first gort call applies to the system property or
         * environment variable. That first call, in a fresh JVM started with a bad value, is tested
         * end to end by runtime-core's ChildJvmTest (gomaxprocsFromTheEnvironment) and
         * GomaxprocsConfigTest; a JVM runs it once, so only the parser can be tested here.
         */
        @Test
        void badGomaxprocsSettingsNameTheValueAndItsSource() {
            fails(IllegalArgumentException.class,
                    "GOMAXPROCS=\"four\" (from system property GOMAXPROCS) is not a positive integer",
                    () -> GomaxprocsProbe.parse("four", "system property GOMAXPROCS"));
            fails(IllegalArgumentException.class,
                    "GOMAXPROCS=\"0\" (from environment variable GOMAXPROCS) is out of range: must be between 1 and 1024",
                    () -> GomaxprocsProbe.parse("0", "environment variable GOMAXPROCS"));
            fails(IllegalArgumentException.class,
                    "GOMAXPROCS=\"99999999999\" (from system property GOMAXPROCS) is not a positive integer",
                    () -> GomaxprocsProbe.parse("99999999999", "system property GOMAXPROCS"));
        }
    }

    // ------------------------------------------------------------------------------------ channels

    @Nested
    class Channels {
        @Test
        void negativeCapacity() {
            for (int cap : new int[] {-1, Integer.MIN_VALUE}) {
                fails(IllegalArgumentException.class, "makechan: size out of range", () -> Chan.make(cap));
            }
        }

        @Test
        void capacityNoHeapCanHoldIsRefusedBeforeAllocating() {
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
            long heapFitsAtMost = Runtime.getRuntime().maxMemory() / Integer.BYTES;
            // Above the VM's array limit, and (on heaps under 8 GB) just above what the heap could hold.
            for (int cap : new int[] {Integer.MAX_VALUE, (int) Math.min(Integer.MAX_VALUE, heapFitsAtMost + 1)}) {
                long before = threads.getCurrentThreadAllocatedBytes();
                IllegalArgumentException e = failsStartingWith(IllegalArgumentException.class,
                        "makechan: size out of range (a buffer of " + cap + " elements cannot fit", () -> Chan.make(cap));
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertNull(e.getCause(), "refused up front, not an OutOfMemoryError caught");
                assertTrue(allocated < 1 << 20, () -> allocated + " bytes allocated to refuse a buffer of " + cap);
            }
            Chan<String> ch = Chan.make(2);
            ch.send("still");
            ch.send("works");
            assertEquals(List.of("still", "works"), List.of(ch.recv(), ch.recv()));
        }

        @Test
        void closeOfClosedChannelKeepsItClosedAndItsBuffer() {
            Chan<Integer> ch = Chan.make(3);
            ch.send(1);
            ch.send(2);
            ch.close();
            fails(ChanClosedException.class, "close of closed channel", ch::close);
            assertEquals(2, ch.len());
            assertEquals(new Received<>(1, true), ch.recvOk());
            assertEquals(new Received<>(2, true), ch.recvOk());
            assertEquals(Received.closed(), ch.recvOk());
            assertEquals(Received.closed(), ch.tryRecv());
            fails(ChanClosedException.class, "close of closed channel", ch::close);
        }

        @Test
        void sendOnClosedChannelInEveryFormLeavesTheBufferIntact() {
            Chan<Integer> ch = Chan.make(4);
            ch.send(1);
            ch.send(null);
            ch.close();
            String sendOnClosed = "send on closed channel";
            fails(ChanClosedException.class, sendOnClosed, () -> ch.send(3));
            fails(ChanClosedException.class, sendOnClosed, () -> ch.send(null));
            fails(ChanClosedException.class, sendOnClosed, () -> ch.trySend(3));
            fails(ChanClosedException.class, sendOnClosed, () -> select(send(ch, 3)));
            // Go: a send case on a closed channel panics even with a default case beside it.
            fails(ChanClosedException.class, sendOnClosed, () -> select(send(ch, 3), otherwise()));
            fails(ChanClosedException.class, sendOnClosed,
                    () -> Select.<String>returning().send(ch, 3, () -> "sent").otherwise(() -> "default").select());
            assertEquals(2, ch.len());
            assertEquals(new Received<>(1, true), ch.recvOk());
            assertEquals(new Received<>(null, true), ch.recvOk());
            assertEquals(Received.closed(), ch.recvOk());
        }

        @Test
        void closeWakesEveryBlockedSenderWithAnException() throws Exception {
            Chan<String> unbuffered = Chan.make();
            Chan<String> full = Chan.make(1);
            full.send("kept");
            // Closed before or after they block, all three must throw; parked() makes it "after".
            List<Handle> senders = List.of(
                    parked(go(() -> { unbuffered.send("a"); return "sent"; })),
                    parked(go(() -> { full.send("b"); return "sent"; })),
                    parked(go(() -> select(send(unbuffered, "c"), send(full, "c")))));
            unbuffered.close();
            full.close();
            for (Handle s : senders) {
                Throwable t = s.failure();
                assertSame(ChanClosedException.class, t.getClass(), t::toString);
                assertEquals("send on closed channel", t.getMessage());
            }
            assertEquals(new Received<>("kept", true), full.recvOk());
            assertEquals(Received.closed(), full.recvOk());
            assertEquals(Received.closed(), unbuffered.recvOk());
        }

        /** Go allows nil values; gort allows null ones in every form, and recvOk tells them from a close. */
        @Test
        void nullElementsAreValuesNotACloseSignal() {
            Chan<String> ch = Chan.make(3);
            ch.send(null);
            assertTrue(ch.trySend(null));
            assertEquals(2, select(recv(Chan.<String>make()), otherwise(), send(ch, null)));
            assertEquals(3, ch.len());
            assertNull(ch.recv());
            assertEquals(new Received<String>(null, true), ch.recvOk());
            boolean[] ok = {false};
            select(recv(ch, (v, k) -> ok[0] = v == null && k));
            assertTrue(ok[0], "a select receive of a sent null reports ok");
            ch.close();
            assertNull(ch.recv(), "the zero value after close: only recvOk tells");
            assertEquals(Received.closed(), ch.recvOk());
        }

        @Test
        void rangingPastTheEndIsNoSuchElement() {
            Chan<Integer> ch = Chan.make(1);
            ch.send(7);
            ch.close();
            Iterator<Integer> it = ch.iterator();
            assertEquals(7, it.next());
            assertFalse(it.hasNext());
            fails(NoSuchElementException.class, "channel closed", it::next);
        }
    }

    // ------------------------------------------------------------------------------------ select and timers

    @Nested
    class SelectAndTimers {
        @Test
        void nullCaseIsRefusedBeforeAnyCommunication() {
            Chan<Integer> ready = Chan.make(1);
            ready.send(1);
            fails(NullPointerException.class, "select: case 1 is null", () -> select(recv(ready), null));
            fails(NullPointerException.class, "select: case 0 is null",
                    () -> select(Collections.singletonList((Select.Case) null)));
            fails(NullPointerException.class, "select: cases", () -> select((Select.Case[]) null));
            fails(NullPointerException.class, "select: cases", () -> select((List<Select.Case>) null));
            assertEquals(1, ready.len(), "nothing was received");
        }

        @Test
        void nullHandlersAreRefusedWhenTheCaseIsBuilt() {
            Chan<Integer> ch = Chan.make(1);
            fails(NullPointerException.class, "handler", () -> recv(ch, (Consumer<Integer>) null));
            fails(NullPointerException.class, "handler", () -> recv(ch, (BiConsumer<Integer, Boolean>) null));
            fails(NullPointerException.class, "handler", () -> send(ch, 1, null));
            fails(NullPointerException.class, "handler", () -> otherwise(null));
            Select.Returning<String> r = Select.returning();
            fails(NullPointerException.class, "f", () -> r.recv(ch, (Function<Integer, String>) null));
            fails(NullPointerException.class, "f", () -> r.send(ch, 1, null));
            fails(NullPointerException.class, "f", () -> r.otherwise(null));
            assertEquals(0, ch.len());
        }

        @Test
        void twoOtherwiseCasesAreRefusedBeforeAnyCommunication() {
            Chan<Integer> ready = Chan.make(1);
            ready.send(1);
            AtomicInteger handlers = new AtomicInteger();
            fails(IllegalArgumentException.class, "select: multiple otherwise cases",
                    () -> select(otherwise(handlers::incrementAndGet), recv(ready), otherwise()));
            fails(IllegalArgumentException.class, "select: multiple otherwise cases",
                    () -> Select.<Integer>returning().otherwise(handlers::incrementAndGet).otherwise(() -> 2).select());
            assertEquals(1, ready.len());
            assertEquals(0, handlers.get());
        }

        @Test
        void aChannelThatIsNotGortsCannotBeMade() {
            // select, contexts and the layer wait only on gort's channels: the channel interfaces are
            // sealed, so a user's own implementation (or a proxy) cannot reach them.
            assertTrue(RecvChan.class.isSealed() && SendChan.class.isSealed());
            assertArrayEquals(new Class<?>[] {Chan.class}, RecvChan.class.getPermittedSubclasses());
            assertArrayEquals(new Class<?>[] {Chan.class}, SendChan.class.getPermittedSubclasses());
            fails(IllegalArgumentException.class, "dev.gort.chan.RecvChan is a sealed interface",
                    () -> Proxy.newProxyInstance(MisuseTest.class.getClassLoader(), new Class<?>[] {RecvChan.class},
                            (proxy, method, args) -> null));
        }

        @Test
        void nullChannelsAreNeverReadyAsGosNilChannels() {
            Chan<Integer> ready = Chan.make(1);
            ready.send(5);
            assertEquals(2, select(recv((RecvChan<Integer>) null), send((SendChan<Integer>) null, 1), otherwise()));
            int[] got = {0};
            assertEquals(1, select(send((SendChan<Integer>) null, 1), recv(ready, v -> got[0] = v)));
            assertEquals(5, got[0]);
        }

        /** Go's {@code select {}}: blocks forever; in Java an interrupt is the only way out. */
        @Test
        void selectWithNothingToWaitForBlocksUntilInterrupted() throws Throwable {
            // Each waits for what Go names it: a one-case select on nil is Go's plain operation on nil.
            Map<String, Callable<?>> blockForever = Map.of(
                    "select (no cases)", () -> select(),
                    "chan receive (nil chan)", () -> select(recv((RecvChan<Integer>) null)),
                    "chan send (nil chan)", () -> select(send((SendChan<Integer>) null, 1)),
                    "select", () -> select(recv((RecvChan<Integer>) null), send((SendChan<Integer>) null, 1)));
            for (Map.Entry<String, Callable<?>> c : blockForever.entrySet()) {
                Handle s = parked(go(() -> {
                    try {
                        return c.getValue().call();
                    } catch (GoInterruptedException e) {
                        return e.getMessage() + ", interrupt status " + Thread.currentThread().isInterrupted();
                    }
                }));
                s.thread().interrupt();
                assertEquals(c.getKey() + ": interrupted, interrupt status true", s.join());
            }
        }

        @Test
        void tickerPeriodMustBePositive() {
            for (Duration bad : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE))) {
                fails(IllegalArgumentException.class, "non-positive interval for NewTicker", () -> Time.ticker(bad));
            }
            Ticker t = Time.ticker(Duration.ofMillis(1));
            try {
                fails(IllegalArgumentException.class, "non-positive interval for Ticker.Reset", () -> t.reset(Duration.ZERO));
                fails(NullPointerException.class, "duration", () -> t.reset(null));
                assertNotNull(t.c().recv(), "the refused reset left it ticking");
            } finally {
                t.stop();
            }
            t.stop(); // stopping twice is allowed
            assertNull(t.c().tryRecv(), "no tick after stop (Go 1.23)");
        }

        @Test
        void nullDurationsAndFunctions() {
            fails(NullPointerException.class, "duration", () -> Time.timer(null));
            fails(NullPointerException.class, "duration", () -> Time.after(null));
            fails(NullPointerException.class, "duration", () -> Time.ticker(null));
            fails(NullPointerException.class, "duration", () -> Time.sleep(null));
            fails(NullPointerException.class, "f", () -> Time.afterFunc(Duration.ZERO, null));
            Timer t = Time.timer(Duration.ofHours(1));
            fails(NullPointerException.class, "duration", () -> t.reset(null));
            assertTrue(t.stop(), "the refused reset left it armed");
        }

        /** Not misuse: Go lets a stopped or fired timer be reset, and stop be called any number of times. */
        @Test
        void timerResetAfterStopRearmsIt() {
            Timer t = Time.timer(Duration.ofHours(1));
            assertTrue(t.stop());
            assertFalse(t.stop(), "already stopped");
            assertFalse(t.reset(Duration.ofMillis(1)), "reset of a stopped timer reports it was not pending");
            assertNotNull(t.c().recv());
            assertFalse(t.stop(), "fired and received");
            assertFalse(t.reset(Duration.ofHours(1)));
            assertTrue(t.stop());
            assertNull(t.c().tryRecv());
        }

        @Test
        void hugeDurationsSaturateInsteadOfOverflowing() {
            Timer never = Time.timer(Duration.ofSeconds(Long.MAX_VALUE));
            assertNull(never.c().tryRecv());
            assertTrue(never.stop());
            assertNotNull(Time.after(Duration.ofSeconds(Long.MIN_VALUE)).recv(), "a negative duration fires at once");
            Time.sleep(Duration.ofSeconds(Long.MIN_VALUE));
        }
    }

    // ------------------------------------------------------------------------------------ sync

    @Nested
    class Sync {
        @Test
        void unlockOfUnlockedMutexChangesNothing() {
            Mutex mu = new Mutex();
            fails(IllegalStateException.class, "sync: unlock of unlocked mutex", mu::unlock);
            assertTrue(mu.tryLock());
            assertFalse(mu.tryLock());
            mu.unlock();
            fails(IllegalStateException.class, "sync: unlock of unlocked mutex", mu::unlock);
            mu.lock();
            mu.unlock();
            assertEquals("Mutex[unlocked, waiters=0]", mu.toString());
        }

        /** Not misuse: as in Go, a Mutex is not owned, and another goroutine may unlock it. */
        @Test
        void anotherGoroutineMayUnlock() throws Throwable {
            Mutex mu = new Mutex();
            mu.lock();
            Handle waiter = parked(go(() -> { mu.lock(); return "locked"; }));
            go(() -> { mu.unlock(); return null; }).join();
            assertEquals("locked", waiter.join(), "the waiter got the lock the other goroutine released");
            assertFalse(mu.tryLock());
            mu.unlock();
            assertTrue(mu.tryLock());
            mu.unlock();
        }

        @Test
        void rwMutexUnlocksOfWhatIsNotHeldChangeNothing() {
            String rUnlockMsg = "sync: RUnlock of unlocked RWMutex";
            String unlockMsg = "sync: Unlock of unlocked RWMutex";
            RWMutex rw = new RWMutex();
            fails(IllegalStateException.class, rUnlockMsg, rw::rUnlock);
            fails(IllegalStateException.class, unlockMsg, rw::unlock);
            fails(IllegalStateException.class, rUnlockMsg, rw.rLocker()::unlock);

            rw.rLock();
            fails(IllegalStateException.class, unlockMsg, rw::unlock);
            assertEquals("RWMutex[readers=1, writer=false, waitingWriters=0]", rw.toString());
            assertTrue(rw.tryRLock());
            rw.rUnlock();
            rw.rUnlock();

            rw.lock();
            fails(IllegalStateException.class, rUnlockMsg, rw::rUnlock);
            assertFalse(rw.tryRLock());
            rw.unlock();
            assertTrue(rw.tryLock());
            rw.unlock();
            assertEquals("RWMutex[readers=0, writer=false, waitingWriters=0]", rw.toString());
        }

        @Test
        void negativeWaitGroupCounterIsRefusedAndLeavesTheCounter() throws Throwable {
            String negative = "sync: negative WaitGroup counter";
            WaitGroup wg = new WaitGroup();
            fails(IllegalStateException.class, negative, wg::done);
            fails(IllegalStateException.class, negative, () -> wg.add(-1));
            wg.add(2);
            Handle waiter = parked(go(() -> { wg.await(); return "released"; }));
            fails(IllegalStateException.class, negative, () -> wg.add(-3));
            assertEquals("WaitGroup[count=2]", wg.toString(), "the counter is unchanged, not clamped to zero");
            wg.done();
            wg.done();
            assertEquals("released", waiter.join());
            fails(IllegalStateException.class, negative, wg::done);
            assertEquals("WaitGroup[count=0]", wg.toString());
            wg.await();
        }

        @Test
        void waitGroupCounterOverflowIsRefused() {
            WaitGroup wg = new WaitGroup();
            wg.add(Integer.MAX_VALUE);
            fails(IllegalStateException.class, "sync: WaitGroup counter overflow", () -> wg.add(1));
            assertEquals("WaitGroup[count=" + Integer.MAX_VALUE + "]", wg.toString());
            wg.add(-Integer.MAX_VALUE);
            wg.await();
        }

        /**
         * Go panics "sync: WaitGroup is reused before previous Wait has returned" when it notices an
         * add from zero racing the waiters of the previous zero. gort defines it: those waiters are
         * released by their zero, and the add starts a new count that later waiters wait for.
         */
        @Test
        void reuseBeforeThePreviousAwaitReturnedIsWellDefined() throws Throwable {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Handle first = parked(go(() -> { wg.await(); return "first"; }));
            wg.done();
            wg.add(1); // perhaps before `first` has even woken
            Handle second = parked(go(() -> { wg.await(); return "second"; }));
            assertEquals("first", first.join(), "released by the zero it waited for");
            wg.done();
            assertEquals("second", second.join());
        }

        @Test
        void waitGroupGoWithNullTaskCountsNothing() {
            WaitGroup wg = new WaitGroup();
            fails(NullPointerException.class, "task", () -> wg.go(null));
            assertEquals("WaitGroup[count=0]", wg.toString());
        }

        /** gort fix: run(null) used to throw from inside the Once and leave it done, so the real f never ran. */
        @Test
        void onceWithNullFunctionIsRefusedAndDoesNotUseTheOnceUp() {
            Once once = new Once();
            fails(NullPointerException.class, "f", () -> once.run(null));
            AtomicInteger runs = new AtomicInteger();
            once.run(runs::incrementAndGet);
            assertEquals(1, runs.get());
            fails(NullPointerException.class, "f", () -> once.run(null));
        }

        @Test
        void onceRunFromItsOwnFunctionThrowsInsteadOfDeadlocking() {
            Once once = new Once();
            AtomicInteger inner = new AtomicInteger();
            fails(IllegalStateException.class, "sync: Once.run called from its own function",
                    () -> once.run(() -> once.run(inner::incrementAndGet)));
            once.run(inner::incrementAndGet);
            assertEquals(0, inner.get(), "the outer call counts as the one run, as a panicking f does in Go");
            assertEquals("Once[done]", once.toString());
        }

        @Test
        void condNeedsALockerAndAwaitNeedsItHeld() {
            fails(NullPointerException.class, "locker", () -> new Cond(null));
            Mutex mu = new Mutex();
            Cond cond = new Cond(mu);
            fails(IllegalStateException.class, "sync: unlock of unlocked mutex", cond::await);
            assertEquals("Cond[waiters=0]", cond.toString(), "the failed await left no waiter behind");
            assertTrue(mu.tryLock(), "and did not lock the mutex");
            mu.unlock();
            RWMutex rw = new RWMutex();
            Cond readers = new Cond(rw.rLocker());
            fails(IllegalStateException.class, "sync: RUnlock of unlocked RWMutex", readers::await);
            assertEquals("Cond[waiters=0]", readers.toString());
        }

        @Test
        void semaphoreBadSizesAndWeights() {
            fails(IllegalArgumentException.class, "semaphore: negative size -1", () -> new Semaphore(-1));
            Semaphore sem = new Semaphore(2);
            fails(IllegalArgumentException.class, "semaphore: negative weight -1", () -> sem.acquire(-1));
            fails(IllegalArgumentException.class, "semaphore: negative weight -1", () -> sem.tryAcquire(-1));
            fails(IllegalArgumentException.class, "semaphore: negative weight -1", () -> sem.release(-1));
            // Go blocks forever (without a context); here it is refused.
            fails(IllegalArgumentException.class,
                    "semaphore: acquire of 3 units exceeds the size 2 (it would block forever)", () -> sem.acquire(3));
            assertFalse(sem.tryAcquire(3), "as in Go");
            fails(IllegalStateException.class, "semaphore: released more than held", () -> sem.release(1));
            assertEquals("Semaphore[held=0/2, waiters=0]", sem.toString());
            assertTrue(sem.tryAcquire(2));
        }

        @Test
        void semaphoreReleaseOfMoreThanHeldChangesNothingForWaiters() throws Throwable {
            Semaphore sem = new Semaphore(2);
            sem.acquire(2);
            Handle waiter = parked(go(() -> { sem.acquire(1); return "granted"; }));
            fails(IllegalStateException.class, "semaphore: released more than held", () -> sem.release(3));
            sem.release(1);
            assertEquals("granted", waiter.join());
            assertEquals("Semaphore[held=2/2, waiters=0]", sem.toString());
            sem.release(2);
            assertTrue(sem.tryAcquire(2));
        }

        @Test
        void errGroupNullTasksAndBadLimits() throws Throwable {
            ErrGroup g = new ErrGroup();
            fails(NullPointerException.class, "task", () -> g.go(null));
            fails(NullPointerException.class, "task", () -> g.tryGo(null));
            fails(IllegalArgumentException.class,
                    "errgroup: limit 0 would block every go() forever; use a negative limit for none", () -> g.setLimit(0));
            Chan<Void> release = Chan.make();
            g.go(release::recv);
            fails(IllegalStateException.class,
                    "errgroup: modify limit while 1 goroutines in the group are still active", () -> g.setLimit(1));
            assertTrue(g.tryGo(() -> "no limit was set"));
            release.close();
            g.await();
            g.setLimit(1); // allowed once the group is idle
            Chan<Void> hold = Chan.make();
            g.go(hold::recv);
            assertFalse(g.tryGo(() -> "over the limit"));
            hold.close();
            g.await();
        }
    }

    // ------------------------------------------------------------------------------------ context

    @Nested
    class Contexts {
        @Test
        void nullParentsKeysDurationsAndFunctions() {
            String nilParent = "cannot create context from nil parent";
            Context.Key<String> key = Context.Key.of("k");
            Context bg = Context.background();
            List<Executable> nullParent = List.of(
                    () -> Context.withCancel(null), () -> Context.withCancelCause(null),
                    () -> Context.withTimeout(null, Duration.ofSeconds(1)),
                    () -> Context.withTimeoutCause(null, Duration.ofSeconds(1), null),
                    () -> Context.withDeadline(null, Instant.now()),
                    () -> Context.withDeadlineCause(null, Instant.now(), null),
                    () -> Context.withValue(null, key, "v"), () -> Context.withoutCancel(null),
                    () -> ErrGroups.withContext(null));
            for (Executable e : nullParent) {
                fails(NullPointerException.class, nilParent, e);
            }
            fails(NullPointerException.class, "nil key", () -> Context.withValue(bg, null, "v"));
            fails(NullPointerException.class, "nil key", () -> bg.value(null));
            fails(NullPointerException.class, "name", () -> Context.Key.of(null));
            fails(NullPointerException.class, "timeout", () -> Context.withTimeout(bg, null));
            fails(NullPointerException.class, "deadline", () -> Context.withDeadline(bg, null));
            fails(NullPointerException.class, "ctx", () -> Context.afterFunc(null, () -> { }));
            fails(NullPointerException.class, "f", () -> Context.afterFunc(bg, null));
            fails(NullPointerException.class, "ctx", () -> Context.cause(null));
            fails(NullPointerException.class, "ctx", () -> Semaphores.acquire(null, new Semaphore(1), 1));
            fails(NullPointerException.class, "sem", () -> Semaphores.acquire(bg, null, 1));
            assertNull(Context.withValue(bg, key, null).value(key), "a null value is allowed, as Go's nil");
        }

        /** Not misuse: canceling again, with or without a cause, or closing after a cancel, does nothing. */
        @Test
        void cancelTwiceIsIdempotent() throws Throwable {
            CancelableContext ctx = Context.withCancelCause(Context.background());
            CancelableContext child = Context.withCancel(ctx);
            CountDownLatch ran = new CountDownLatch(1);
            Stoppable afterCancel = Context.afterFunc(ctx, ran::countDown);
            IllegalStateException first = new IllegalStateException("first");
            ctx.cancel(first);
            await("the afterFunc function to run", ran);
            ctx.cancel();
            ctx.cancel(new IllegalStateException("second"));
            ctx.close();
            assertSame(Context.CANCELED, ctx.err());
            assertSame(first, Context.cause(ctx), "the first cause stays");
            assertSame(first, Context.cause(child));
            assertEquals(Received.closed(), ctx.done().recvOk());
            assertEquals(Received.closed(), child.done().recvOk());
            assertFalse(afterCancel.stop(), "its function was started by the first cancel");
        }

        /** {@code done()} says "never close it", but a cast gets the Chan back; the context survives it. */
        @Test
        void doneClosedThroughACastStillCancelsCleanly() {
            CancelableContext ctx = Context.withCancel(Context.background());
            CancelableContext child = Context.withCancel(ctx);
            ((SendChan<?>) ctx.done()).close();
            assertNull(ctx.err(), "closing the channel is not a cancel");
            ctx.cancel(); // must neither throw "close of closed channel" nor skip the children
            assertSame(Context.CANCELED, ctx.err());
            assertSame(Context.CANCELED, child.err());
            assertEquals(Received.closed(), child.done().recvOk());
        }

        /**
         * gort fix: a user-implemented parent whose done() is not a gort channel used to be accepted,
         * and the goroutine meant to watch it died at once ("select: not a gort channel"), so its
         * children were never canceled with it. Now every way of waiting on it refuses it up front.
         */
        @Test
        void semaphoreAcquireBeyondItsSizeWithAContext() {
            Semaphore sem = new Semaphore(2);
            fails(IllegalArgumentException.class,
                    "semaphore: acquire of 3 units exceeds the size 2 (it would block forever)",
                    () -> Semaphores.acquire(Context.background(), sem, 3));
            CancelableContext ctx = Context.withCancel(Context.background());
            ctx.cancel();
            // Go: a request larger than the semaphore waits for the context, here already done.
            assertSame(Context.CANCELED, assertThrowsExactly(CanceledException.class,
                    () -> Semaphores.acquire(ctx, sem, 3)));
            fails(IllegalArgumentException.class, "semaphore: negative weight -1", () -> Semaphores.acquire(ctx, sem, -1));
            assertTrue(sem.tryAcquire(2), "nothing was held by the failed calls");
        }

        @Test
        void hugeTimeoutsSaturateInsteadOfOverflowing() {
            try (CancelableContext far = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MAX_VALUE))) {
                assertNull(far.err());
                assertEquals(Instant.MAX, far.deadline().orElseThrow());
            }
            CancelableContext past = Context.withTimeout(Context.background(), Duration.ofSeconds(Long.MIN_VALUE));
            assertSame(Context.DEADLINE_EXCEEDED, past.err(), "already past: done before it is returned");
            CancelableContext farDeadline = Context.withDeadline(Context.background(), Instant.MAX);
            assertNull(farDeadline.err());
            farDeadline.cancel();
            assertSame(Context.DEADLINE_EXCEEDED, Context.withDeadline(Context.background(), Instant.MIN).err());
        }
    }

    // --------------------------------------------------------------------------------- interop

    @Nested
    class Interop {
        @Test
        void submitFactoryAndDecoratorRefuseNullsAndStartNothing() {
            int before = Go.numGoroutine();
            fails(NullPointerException.class, "task", () -> Go.submit(null));
            fails(NullPointerException.class, "goroutine name", () -> Go.submit(null, () -> 1));
            fails(NullPointerException.class, "task", () -> Go.threadFactory().newThread(null));
            try {
                Go.setSpawnDecorator(body -> null);
                fails(NullPointerException.class, "the spawn decorator returned null", () -> Go.go(() -> { }));
                fails(NullPointerException.class, "the spawn decorator returned null", () -> Go.submit(() -> 1));
            } finally {
                Go.setSpawnDecorator(null);
            }
            assertTrue(Go.numGoroutine() <= before, () -> before + " goroutines before, " + Go.numGoroutine() + " after");
            assertGoroutinesStillRun();
        }

        @Test
        void flowBridgesRefuseWhatTheyCannotServe() throws Exception {
            fails(NullPointerException.class, "ch", () -> dev.gort.chan.Flows.publisher(null));
            fails(IllegalArgumentException.class, "Flows.subscriber: prefetch must be at least 1, got 0",
                    () -> dev.gort.chan.Flows.subscriber(Chan.make(), 0));
            fails(NullPointerException.class, "subscriber", () -> dev.gort.chan.Flows.publisher(Chan.make()).subscribe(null));
            // a request of 0 is a subscriber's bug: onError, as Reactive Streams rule 3.9 says
            CompletableFuture<Throwable> err = new CompletableFuture<>();
            Chan<Integer> ch = Chan.make(1);
            ch.send(1);
            dev.gort.chan.Flows.publisher(ch).subscribe(new java.util.concurrent.Flow.Subscriber<Integer>() {
                @Override public void onSubscribe(java.util.concurrent.Flow.Subscription s) { s.request(0); }
                @Override public void onNext(Integer item) { err.complete(new AssertionError("onNext")); }
                @Override public void onError(Throwable t) { err.complete(t); }
                @Override public void onComplete() { err.complete(new AssertionError("onComplete")); }
            });
            Throwable t = err.get(5, SECONDS);
            assertEquals(IllegalArgumentException.class, t.getClass());
            assertEquals("Flow.Subscription.request: n must be positive, got 0", t.getMessage());
            assertEquals(1, ch.len(), "nothing was taken from the channel");
        }

        @Test
        void contextAwareChannelCallsAndScopesNameTheirNullArguments() {
            Chan<String> ch = Chan.make(1);
            fails(NullPointerException.class, "ctx", () -> dev.gort.context.Chans.send(null, ch, "v"));
            fails(NullPointerException.class, "ch", () -> dev.gort.context.Chans.recv(Context.background(), null));
            assertEquals(0, ch.len(), "nothing sent");
            fails(NullPointerException.class, "cannot create context from nil parent", () -> dev.gort.context.Scope.open(null));
            try (dev.gort.context.Scope scope = dev.gort.context.Scope.open(Context.background())) {
                fails(NullPointerException.class, "task", () -> scope.go(null));
                scope.await(); // nothing started: returns at once
            }
        }
    }
}
