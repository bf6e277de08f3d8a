package dev.gort.race.rt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The entry points instrumented code calls. Every method takes the thread's {@link T}, fetched once
 * per method invocation by {@link #thread()}, and a site id naming the source location.
 *
 * <p>Field reads are checked after the load (so a volatile read acquires the clock the write it saw
 * released), writes before the store (so a volatile write releases before any reader can see it).
 * Not an API: only the agent's generated code calls these.
 */
public final class RT {
    private RT() {}

    /** Key space of volatile fields' clocks within their object's {@link SyncVar}. */
    private static final long FIELD_SLOTS = 1L << 40;
    /** Sub-addresses of an RW lock: Go's readerSem and writerSem. */
    private static final long READER_SEM = 1;
    private static final long WRITER_SEM = 2;

    private static final WeakIdentityMap<View> VIEWS = new WeakIdentityMap<>(null);

    /** A lock object that stands for part of another: a read or write side, a condition. */
    private record View(Object target, int op) {}

    /** Counts for the agent's {@code verbose} option. */
    public static String stats() {
        return Threads.slotStats() + ", " + Shadows.liveObjects() + " objects shadowed";
    }

    /** Set once by the agent before the program runs. */
    public static void configure(Thread main, int maxReaders) {
        Threads.setMain(main);
        Detector.maxReaders = maxReaders;
    }

    // ---- threads and stacks

    public static T thread() {
        return Threads.current();
    }

    /** Method entry: pushes the frame for the call through {@code t.callSite}. */
    public static Frame enter(T t) {
        Frame f = t.top.child(t.callSite, false);
        t.top = f;
        t.ignoring = f.ignore;
        return f;
    }

    /** Class initialiser entry: as {@link #enter}, with accesses ignored until it returns. */
    public static Frame enterClinit(T t) {
        Frame f = t.top.child(t.callSite, true);
        t.top = f;
        t.ignoring = true;
        return f;
    }

    /** Normal method exit (also fixes the stack after callees that left by an exception). */
    public static void exit(T t, Frame f) {
        Frame p = f.parent;
        t.top = p;
        t.callSite = f.site;
        t.ignoring = p.ignore;
    }

    /** Start of an exception handler in the method whose frame is {@code f}. */
    public static void restore(T t, Frame f) {
        t.top = f;
        t.ignoring = f.ignore;
    }

    // ---- fields

    public static void read(Object o, T t, int site) {
        if (!t.ignoring && o != null) {
            field(o, t, site, false);
        }
    }

    public static void write(Object o, T t, int site) {
        if (!t.ignoring && o != null) {
            field(o, t, site, true);
        }
    }

    public static void readStatic(T t, int site) {
        if (!t.ignoring) {
            field(null, t, site, false);
        }
    }

    public static void writeStatic(T t, int site) {
        if (!t.ignoring) {
            field(null, t, site, true);
        }
    }

    /** A field access: FastTrack for a plain field, acquire or release for a volatile one. {@code o} null: static. */
    private static void field(Object o, T t, int site, boolean write) {
        Sites.Site s = Sites.get(site);
        if (s == null) {
            return; // site ids ran out (16M): the access goes unchecked
        }
        byte k = s.fieldKind;
        if (k == Sites.UNRESOLVED) {
            k = s.resolve();
        }
        if (k == Sites.PLAIN) {
            VarState vs = o == null ? s.stat.state : Shadows.field(o, s.fieldId, t);
            int kind = o == null ? Detector.STATIC : Detector.FIELD;
            Object owner = o == null ? s.stat : o;
            if (write) {
                Detector.write(vs, t, site, kind, owner);
            } else {
                Detector.read(vs, t, site, kind, owner);
            }
        } else if (k == Sites.VOLATILE && t.syncDisabled == 0) {
            SyncVar sv = o == null ? SyncVar.of(s.stat) : SyncVar.of(o, FIELD_SLOTS + s.fieldId);
            if (write) {
                sv.release(t, true);
            } else {
                sv.acquire(t);
            }
        }
    }

    // ---- arrays

    public static void arrayRead(Object a, int i, T t, int site) {
        if (!t.ignoring && a != null) {
            VarState vs = Shadows.element(a, i, t);
            if (vs != null) { // out of bounds: the load itself throws
                Detector.read(vs, t, site, Detector.ARRAY, a);
            }
        }
    }

    public static void arrayWrite(Object a, int i, T t, int site) {
        if (!t.ignoring && a != null) {
            VarState vs = Shadows.element(a, i, t);
            if (vs != null) {
                Detector.write(vs, t, site, Detector.ARRAY, a);
            }
        }
    }

    /** {@code System.arraycopy}, done here, then its reads and writes checked like Go's copy(). */
    public static void arraycopy(Object src, int srcPos, Object dst, int dstPos, int n, T t, int site) {
        System.arraycopy(src, srcPos, dst, dstPos, n);
        if (t.ignoring) {
            return;
        }
        for (int i = 0; i < n; i++) {
            Detector.read(Shadows.element(src, srcPos + i, t), t, site, Detector.ARRAY, src);
        }
        for (int i = 0; i < n; i++) {
            Detector.write(Shadows.element(dst, dstPos + i, t), t, site, Detector.ARRAY, dst);
        }
    }

    /** An array's {@code clone()}: a read of every element. */
    public static void arrayReadAll(Object a, T t, int site) {
        if (t.ignoring || a == null) {
            return;
        }
        int n = java.lang.reflect.Array.getLength(a);
        for (int i = 0; i < n; i++) {
            Detector.read(Shadows.element(a, i, t), t, site, Detector.ARRAY, a);
        }
    }

    // ---- monitors

    public static void monitorEnter(Object o, T t) {
        if (t.syncDisabled == 0) {
            SyncVar.of(o).acquire(t);
        }
    }

    public static void monitorExit(Object o, T t) {
        if (t.syncDisabled == 0) {
            SyncVar.of(o).release(t, true);
        }
    }

    // ---- library calls (bridges generated into instrumented classes call these)

    /** Before a bridged call: releases, fork edges. {@code key} is null when it was. */
    public static void callBefore(Object key, T t, int site, int op) {
        if (t.syncDisabled != 0) {
            return;
        }
        t.stageArgs = null;
        switch (op) {
            case Ops.REL, Ops.ACQREL -> release(key, t);
            case Ops.CALLBACK -> {
                acquire(key, t);
                release(key, t);
            }
            case Ops.COLL_REL, Ops.COLL_ACQREL, Ops.COLL_CALLBACK -> {
                int k = Collections.kind(key);
                if (k == Collections.SYNCHRONIZED || (k == Collections.CONCURRENT && op == Ops.COLL_CALLBACK)) {
                    acquire(key, t);
                    release(key, t);
                } else if (k == Collections.CONCURRENT) {
                    release(key, t);
                }
            }
            case Ops.COLL_ACQ -> {
                if (Collections.kind(key) == Collections.SYNCHRONIZED) {
                    acquire(key, t);
                    release(key, t);
                }
            }
            case Ops.UNLOCK -> unlock(key, t);
            case Ops.AWAIT -> unlock(key, t);
            case Ops.WAIT -> release(key, t);
            case Ops.FORK -> {
                if (key instanceof Thread th) {
                    Threads.fork(th, t, site);
                }
            }
            default -> { }
        }
    }

    /** After a bridged call that returned normally. */
    public static void callAfter(Object key, T t, int site, int op) {
        if (t.syncDisabled != 0) {
            return;
        }
        switch (op) {
            case Ops.ACQ, Ops.ACQREL, Ops.WAIT, Ops.EXEC_WAIT -> acquire(key, t);
            case Ops.CALLBACK -> {
                acquire(key, t);
                release(key, t);
            }
            case Ops.COLL_ACQ, Ops.COLL_ACQREL, Ops.COLL_CALLBACK, Ops.COLL_REL -> {
                int k = Collections.kind(key);
                if (k == Collections.SYNCHRONIZED || (k == Collections.CONCURRENT && op == Ops.COLL_CALLBACK)) {
                    acquire(key, t);
                    release(key, t);
                } else if (k == Collections.CONCURRENT && op != Ops.COLL_REL) {
                    acquire(key, t);
                }
            }
            case Ops.LOCK, Ops.AWAIT -> lock(key, t);
            case Ops.JOIN -> {
                if (key instanceof Thread th) {
                    Threads.joined(th, t);
                }
            }
            default -> { }
        }
    }

    /** After a bridged call, with its result: futures bound to their tasks, lock views recorded. */
    public static void callAfterResult(Object result, Object key, T t, int site, int op) {
        if (result == null || t.syncDisabled != 0) {
            return;
        }
        switch (op) {
            case Ops.ALIAS -> {
                if (key != null && result != key) {
                    SyncVar.alias(result, SyncVar.of(key));
                }
            }
            case Ops.ALLOF -> {
                if (key instanceof Object[] futures) {
                    SyncVar sv = SyncVar.of(result);
                    for (Object f : futures) {
                        if (f != null) {
                            sv.addDep(SyncVar.of(f));
                        }
                    }
                }
            }
            case Ops.RW_READ_VIEW -> VIEWS.putIfAbsent(result, new View(key, Ops.RW_READ_VIEW));
            case Ops.RW_WRITE_VIEW -> VIEWS.putIfAbsent(result, new View(key, Ops.RW_WRITE_VIEW));
            case Ops.COND_VIEW -> VIEWS.putIfAbsent(result, new View(key, Ops.COND_VIEW));
            default -> { }
        }
    }

    /** Binds the future a submission returned to its wrapped task(s) ({@link #wrap}). */
    public static void bindTask(Object result, Object wrapped, T t, int op) {
        if (wrapped instanceof Task task) {
            if (result != null && !(result instanceof Thread)) {
                SyncVar.alias(result, task.done);
            }
        } else if (wrapped instanceof List<?> tasks && op == Ops.TASK_ALL) {
            List<?> futures = result instanceof List<?> l ? l : List.of();
            for (int i = 0; i < tasks.size(); i++) {
                if (tasks.get(i) instanceof Task task) {
                    if (i < futures.size() && futures.get(i) != null) {
                        SyncVar.alias(futures.get(i), task.done);
                    }
                    task.done.acquire(t);
                }
            }
        }
    }

    /** Records a CompletionStage argument of the bridged call being made, for its callbacks. */
    public static void stageArg(Object stage, T t) {
        if (stage == null) {
            return;
        }
        Object[] a = t.stageArgs;
        if (a == null) {
            t.stageArgs = new Object[] {stage};
        } else {
            Object[] b = java.util.Arrays.copyOf(a, a.length + 1);
            b[a.length] = stage;
            t.stageArgs = b;
        }
    }

    /** Functional-interface kinds of wrapped arguments. */
    public static final int RUNNABLE = 0;
    public static final int FUNCTION = 1;
    public static final int BIFUNCTION = 2;
    public static final int TASKS = 3;
    /** Flag: the wrapped body is a new thread's (Thread.Builder.start, Thread.startVirtualThread). */
    public static final int THREAD_BODY = 16;

    /**
     * Wraps a task or callback argument of a bridged call ({@link Task}). {@code recv} is the
     * executor or the source stage (null for static calls).
     */
    public static Object wrap(Object fn, Object recv, T t, int site, int op, int kind) {
        if (fn == null || t.syncDisabled != 0) {
            return fn;
        }
        if (op == Ops.CALLBACK || op == Ops.COLL_CALLBACK) {
            if (recv == null || (op == Ops.COLL_CALLBACK && Collections.kind(recv) == Collections.PLAIN)) {
                return fn;
            }
            SyncVar guard = SyncVar.of(recv);
            return switch (kind & 15) {
                case FUNCTION -> new Task.Fn(fn, guard);
                case BIFUNCTION -> new Task.Bi(fn, guard);
                case RUNNABLE -> new Task.Run(fn, guard);
                default -> fn;
            };
        }
        SyncVar[] sources = null;
        SyncVar executor = null;
        if (op == Ops.STAGE) {
            Object[] extra = t.stageArgs;
            int n = (recv != null ? 1 : 0) + (extra != null ? extra.length : 0);
            sources = new SyncVar[n];
            int i = 0;
            if (recv != null) {
                sources[i++] = SyncVar.of(recv);
            }
            if (extra != null) {
                for (Object s : extra) {
                    sources[i++] = SyncVar.of(s);
                }
            }
        } else if (recv instanceof java.util.concurrent.Executor) {
            executor = SyncVar.of(recv);
        }
        int k = kind & 15;
        if (k == TASKS) {
            if (!(fn instanceof Collection<?> c)) {
                return fn;
            }
            List<Object> out = new ArrayList<>(c.size());
            for (Object x : c) {
                out.add(x == null ? null : new Task.Run(x, Threads.token(t, site), null, executor, false));
            }
            return out;
        }
        Threads.Fork token = Threads.token(t, site);
        return switch (k) {
            case FUNCTION -> new Task.Fn(fn, token, sources, executor);
            case BIFUNCTION -> new Task.Bi(fn, token, sources, executor);
            default -> new Task.Run(fn, token, sources, executor, (kind & THREAD_BODY) != 0);
        };
    }

    private static void acquire(Object key, T t) {
        if (key != null) {
            SyncVar.of(key).acquire(t);
        }
    }

    private static void release(Object key, T t) {
        if (key != null) {
            SyncVar.of(key).release(t, true);
        }
    }

    /** A lock acquired: Go's RWMutex model for the sides of a ReadWriteLock, a condition's lock for a Condition. */
    private static void lock(Object l, T t) {
        if (l == null) {
            return;
        }
        View v = VIEWS.get(l);
        if (v == null) {
            SyncVar.of(l).acquire(t);
        } else if (v.op() == Ops.RW_READ_VIEW) {
            SyncVar.of(v.target(), READER_SEM).acquire(t);
        } else if (v.op() == Ops.RW_WRITE_VIEW) {
            SyncVar.of(v.target(), READER_SEM).acquire(t);
            SyncVar.of(v.target(), WRITER_SEM).acquire(t);
        } else {
            lock(v.target(), t);
        }
    }

    private static void unlock(Object l, T t) {
        if (l == null) {
            return;
        }
        View v = VIEWS.get(l);
        if (v == null) {
            SyncVar.of(l).release(t, true);
        } else if (v.op() == Ops.RW_READ_VIEW) {
            SyncVar.of(v.target(), WRITER_SEM).release(t, true);
        } else if (v.op() == Ops.RW_WRITE_VIEW) {
            SyncVar.of(v.target(), READER_SEM).release(t, true);
        } else {
            unlock(v.target(), t);
        }
    }

    // ---- gort's hooks (dev.gort.race.GortHooks)

    public static void hookAcquire(Object addr, long slot) {
        T t = Threads.current();
        if (addr != null && t.syncDisabled == 0) {
            SyncVar.of(addr, slot).acquire(t);
        }
    }

    public static void hookRelease(Object addr, long slot, boolean merge) {
        T t = Threads.current();
        if (addr != null && t.syncDisabled == 0) {
            SyncVar.of(addr, slot).release(t, merge);
        }
    }

    public static void hookReleaseAcquire(Object addr, long slot) {
        T t = Threads.current();
        if (addr != null && t.syncDisabled == 0) {
            SyncVar.of(addr, slot).releaseAcquire(t);
        }
    }

    /** What {@link #hookFor} does to a parked goroutine's clock. */
    public static final int FOR_ACQUIRE = 0;
    public static final int FOR_RELEASE = 1;
    public static final int FOR_RELEASE_ACQUIRE = 2;

    /** The current goroutine parks on {@code waiter}: its clock is left there (and it starts a new epoch). */
    public static void hookParking(Object waiter) {
        T t = Threads.current();
        if (waiter != null && t.syncDisabled == 0) {
            SyncVar.of(waiter).release(t, false);
        }
    }

    /** The current goroutine woke from {@code waiter}: it takes what wakers did on its behalf. */
    public static void hookResumed(Object waiter) {
        T t = Threads.current();
        if (waiter != null && t.syncDisabled == 0) {
            SyncVar.of(waiter).acquire(t);
        }
    }

    /** Go's raceacquireg, racereleaseg, racereleaseacquireg: on the clock a parked goroutine left at {@code waiter}. */
    public static void hookFor(Object waiter, Object addr, long slot, int what) {
        T t = Threads.current();
        if (waiter != null && addr != null && t.syncDisabled == 0) {
            SyncVar.of(waiter).forParked(SyncVar.of(addr, slot), what);
        }
    }

    /** A runtime-state access on the user's behalf, reported at the user's call into gort. */
    public static void hookAccess(Object addr, long slot, boolean write) {
        T t = Threads.current();
        if (addr == null || t.ignoring) {
            return;
        }
        VarState vs = Shadows.field(addr, -1 - slot, t);
        if (write) {
            Detector.write(vs, t, t.callSite, Detector.HOOK, addr);
        } else {
            Detector.read(vs, t, t.callSite, Detector.HOOK, addr);
        }
    }

    public static Object hookGoCreate() {
        T t = Threads.current();
        return Threads.token(t, t.callSite);
    }

    public static void hookGoStart(Object token) {
        T t = Threads.current();
        if (token instanceof Threads.Fork f) {
            t.vc.join(f.vc());
            ThreadRoot r = t.root;
            if (r.createdTop == null && r.createdSite == 0) {
                r.createdTop = f.top();
                r.createdSite = f.site();
            }
        }
    }

    public static void hookGoEnd() {
        Threads.retire(Threads.current());
    }

    public static void hookDisable() {
        Threads.current().syncDisabled++;
    }

    public static void hookEnable() {
        T t = Threads.current();
        if (t.syncDisabled > 0) {
            t.syncDisabled--;
        }
    }
}
