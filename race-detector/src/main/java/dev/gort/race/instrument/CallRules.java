package dev.gort.race.instrument;

import dev.gort.race.rt.Ops;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which library calls are synchronisation, and how ({@link Ops}): decided per call site from the
 * owner, name and descriptor in the bytecode. Only JDK owners ({@code java/...}) are looked up;
 * their supertypes come from the bootstrap loader, which never loads application classes, so
 * deciding is safe inside a class file transformer.
 */
final class CallRules {
    /** What to do with one call: the op, and whether its key is the first argument (field updaters). */
    record Rule(int op, boolean keyArg0, boolean threadBody) {
        Rule(int op) {
            this(op, false, false);
        }
    }

    private static final int THREAD = 1;
    private static final int BUILDER = 1 << 1;
    private static final int EXECUTOR = 1 << 2;
    private static final int FUTURE = 1 << 3;
    private static final int STAGE = 1 << 4;
    private static final int CF = 1 << 5;
    private static final int ATOMIC = 1 << 6;
    private static final int UPDATER = 1 << 7;
    private static final int VARHANDLE = 1 << 8;
    private static final int LOCK = 1 << 9;
    private static final int RWLOCK = 1 << 10;
    private static final int STAMPED = 1 << 11;
    private static final int CONDITION = 1 << 12;
    private static final int LATCH = 1 << 13;
    private static final int SEMAPHORE = 1 << 14;
    private static final int BARRIER = 1 << 15;
    private static final int COLLECTION = 1 << 16;
    private static final int CONCURRENT = 1 << 17;

    private static final ConcurrentHashMap<String, Integer> FAMILIES = new ConcurrentHashMap<>();

    private static final Set<String> ATOMIC_READS = Set.of("get", "getPlain", "getOpaque", "getAcquire", "intValue",
            "longValue", "floatValue", "doubleValue", "byteValue", "shortValue", "sum", "length", "getReference",
            "isMarked", "getStamp", "toString");
    private static final Set<String> ATOMIC_WRITES = Set.of("set", "lazySet", "setPlain", "setOpaque", "setRelease");
    private static final Set<String> VARHANDLE_MODES = Set.of("get", "set", "getVolatile", "setVolatile", "getAcquire",
            "setRelease", "getOpaque", "setOpaque", "compareAndSet", "compareAndExchange", "compareAndExchangeAcquire",
            "compareAndExchangeRelease", "weakCompareAndSetPlain", "weakCompareAndSet", "weakCompareAndSetAcquire",
            "weakCompareAndSetRelease", "getAndSet", "getAndSetAcquire", "getAndSetRelease", "getAndAdd",
            "getAndAddAcquire", "getAndAddRelease", "getAndBitwiseOr", "getAndBitwiseOrAcquire",
            "getAndBitwiseOrRelease", "getAndBitwiseAnd", "getAndBitwiseAndAcquire", "getAndBitwiseAndRelease",
            "getAndBitwiseXor", "getAndBitwiseXorAcquire", "getAndBitwiseXorRelease");
    private static final Set<String> COLL_RELEASES = Set.of("add", "addAll", "offer", "put", "putAll", "push",
            "addFirst", "addLast", "offerFirst", "offerLast", "putFirst", "putLast", "transfer", "tryTransfer", "set",
            "addIfAbsent", "addAllAbsent", "addElement", "insertElementAt", "setElementAt");
    private static final Set<String> COLL_ACQUIRES = Set.of("get", "getOrDefault", "containsKey", "containsValue",
            "contains", "containsAll", "isEmpty", "size", "peek", "element", "take", "poll", "pollFirst", "pollLast",
            "takeFirst", "takeLast", "peekFirst", "peekLast", "getFirst", "getLast", "removeFirst", "removeLast", "pop",
            "drainTo", "iterator", "spliterator", "stream", "parallelStream", "keySet", "values", "entrySet", "keys",
            "elements", "toArray", "firstKey", "lastKey", "first", "last", "ceilingKey", "floorKey", "higherKey",
            "lowerKey", "ceilingEntry", "floorEntry", "higherEntry", "lowerEntry", "firstEntry", "lastEntry",
            "ceiling", "floor", "higher", "lower", "indexOf", "lastIndexOf", "subList", "listIterator",
            "descendingIterator", "descendingMap", "descendingSet", "descendingKeySet", "navigableKeySet", "headMap",
            "tailMap", "subMap", "headSet", "tailSet", "subSet", "mappingCount", "remainingCapacity", "elementAt",
            "firstElement", "lastElement", "equals", "hashCode", "toString", "reversed");
    private static final Set<String> FUTURE_READS = Set.of("get", "join", "getNow", "resultNow", "exceptionNow",
            "isDone", "state", "isCompletedNormally", "isCompletedExceptionally", "isCancelled", "invoke",
            "getRawResult", "isCompletedAbnormally", "getException");
    private static final Set<String> CF_COMPLETES = Set.of("complete", "completeExceptionally", "obtrudeValue",
            "obtrudeException", "cancel");
    private static final Set<String> CF_ALIASES = Set.of("copy", "toCompletableFuture", "minimalCompletionStage",
            "orTimeout", "completeOnTimeout");

    private CallRules() {}

    /** The rule for a call, or null if the call is not synchronisation. */
    static Rule match(int opcode, String owner, String name, String desc) {
        boolean isStatic = opcode == org.objectweb.asm.Opcodes.INVOKESTATIC;
        if (!isStatic && name.equals("wait")
                && (desc.equals("()V") || desc.equals("(J)V") || desc.equals("(JI)V"))) {
            return new Rule(Ops.WAIT);
        }
        if (owner.equals("sun/misc/Unsafe") || owner.equals("jdk/internal/misc/Unsafe")) {
            return isStatic ? null : unsafe(name, desc);
        }
        if (!owner.startsWith("java/") || name.equals("<init>") || name.equals("<clinit>")) {
            return null;
        }
        int f = families(owner);
        if (f == 0) {
            return null;
        }
        if ((f & THREAD) != 0) {
            if (isStatic) {
                return name.equals("startVirtualThread") ? new Rule(Ops.TASK, false, true) : null;
            }
            if (name.equals("start") && desc.equals("()V")) {
                return new Rule(Ops.FORK);
            }
            if (name.equals("join") && desc.endsWith(")V") || name.equals("join") && desc.endsWith(")Z")) {
                return new Rule(Ops.JOIN);
            }
            return null;
        }
        if ((f & BUILDER) != 0) {
            return !isStatic && name.equals("start") ? new Rule(Ops.TASK, false, true) : null;
        }
        if (isStatic) {
            if ((f & CF) != 0) {
                if (name.equals("supplyAsync") || name.equals("runAsync")) {
                    return new Rule(Ops.TASK);
                }
                if (name.equals("allOf") || name.equals("anyOf")) {
                    return new Rule(Ops.ALLOF, true, false);
                }
            }
            return null;
        }
        Rule r = null;
        if ((f & EXECUTOR) != 0) {
            r = switch (name) {
                case "execute", "submit", "schedule", "scheduleAtFixedRate", "scheduleWithFixedDelay" -> new Rule(Ops.TASK);
                case "invokeAll", "invokeAny" -> new Rule(Ops.TASK_ALL);
                case "awaitTermination", "close", "isTerminated" -> new Rule(Ops.EXEC_WAIT);
                default -> null;
            };
            if (r != null) {
                return r;
            }
        }
        if ((f & (STAGE | CF)) != 0) {
            if (CF_COMPLETES.contains(name)) {
                return new Rule(Ops.REL);
            }
            if (name.equals("completeAsync")) {
                return new Rule(Ops.TASK);
            }
            if (CF_ALIASES.contains(name)) {
                return new Rule(Ops.ALIAS);
            }
            if (name.startsWith("then") || name.startsWith("handle") || name.startsWith("whenComplete")
                    || name.startsWith("exceptionally") || name.startsWith("applyToEither")
                    || name.startsWith("acceptEither") || name.startsWith("runAfter")) {
                return new Rule(Ops.STAGE);
            }
        }
        if ((f & FUTURE) != 0) {
            return FUTURE_READS.contains(name) ? new Rule(Ops.ACQ) : null;
        }
        if ((f & UPDATER) != 0) {
            if (name.equals("get")) {
                return new Rule(Ops.ACQ, true, false);
            }
            if (name.equals("set") || name.equals("lazySet")) {
                return new Rule(Ops.REL, true, false);
            }
            return desc.startsWith("(Ljava/lang/Object;") ? new Rule(Ops.ACQREL, true, false) : null;
        }
        if ((f & ATOMIC) != 0) {
            if (owner.endsWith("Adder") || owner.endsWith("Accumulator")) {
                // Striped sums: an add is a write that reads nothing back, so it only releases.
                if (name.endsWith("ThenReset")) {
                    return new Rule(Ops.ACQREL);
                }
                return ATOMIC_READS.contains(name) ? new Rule(Ops.ACQ) : new Rule(Ops.REL);
            }
            if (ATOMIC_READS.contains(name)) {
                return new Rule(Ops.ACQ);
            }
            if (ATOMIC_WRITES.contains(name)) {
                return new Rule(Ops.REL);
            }
            return name.equals("hashCode") || name.equals("equals") ? null : new Rule(Ops.ACQREL);
        }
        if ((f & VARHANDLE) != 0) {
            if (!VARHANDLE_MODES.contains(name)) {
                return null;
            }
            if (name.startsWith("get") && !name.startsWith("getAnd")) {
                return new Rule(Ops.ACQ);
            }
            if (name.startsWith("set")) {
                return new Rule(Ops.REL);
            }
            return new Rule(Ops.ACQREL);
        }
        if ((f & STAMPED) != 0) {
            if (name.equals("asReadLock") || name.equals("asWriteLock") || name.equals("asReadWriteLock")) {
                return new Rule(Ops.ALIAS);
            }
            return name.equals("toString") ? null : new Rule(Ops.ACQREL);
        }
        if ((f & RWLOCK) != 0) {
            if (name.equals("readLock") && desc.startsWith("()")) {
                return new Rule(Ops.RW_READ_VIEW);
            }
            if (name.equals("writeLock") && desc.startsWith("()")) {
                return new Rule(Ops.RW_WRITE_VIEW);
            }
        }
        if ((f & LOCK) != 0) {
            return switch (name) {
                case "lock", "lockInterruptibly", "tryLock" -> new Rule(Ops.LOCK);
                case "unlock" -> new Rule(Ops.UNLOCK);
                case "newCondition" -> new Rule(Ops.COND_VIEW);
                default -> null;
            };
        }
        if ((f & CONDITION) != 0) {
            return name.startsWith("await") ? new Rule(Ops.AWAIT) : null;
        }
        if ((f & LATCH) != 0) {
            return switch (name) {
                case "countDown" -> new Rule(Ops.REL);
                case "await", "getCount" -> new Rule(Ops.ACQ);
                default -> null;
            };
        }
        if ((f & SEMAPHORE) != 0) {
            if (name.equals("release")) {
                return new Rule(Ops.REL);
            }
            if (name.startsWith("acquire") || name.startsWith("tryAcquire") || name.equals("availablePermits")) {
                return new Rule(Ops.ACQ);
            }
            return name.equals("drainPermits") || name.equals("reducePermits") ? new Rule(Ops.ACQREL) : null;
        }
        if ((f & BARRIER) != 0) {
            return switch (name) {
                case "toString", "hashCode", "equals", "getParties", "getRoot", "getParent" -> null;
                default -> new Rule(Ops.ACQREL);
            };
        }
        if ((f & COLLECTION) != 0) {
            boolean known = (f & CONCURRENT) != 0;
            if (name.startsWith("compute") || name.equals("merge") || name.startsWith("forEach")
                    || name.equals("replaceAll") || name.equals("removeIf") || name.startsWith("search")
                    || name.startsWith("reduce")) {
                return new Rule(known ? Ops.CALLBACK : Ops.COLL_CALLBACK);
            }
            if (COLL_RELEASES.contains(name)) {
                return new Rule(known ? Ops.REL : Ops.COLL_REL);
            }
            if (COLL_ACQUIRES.contains(name)) {
                return new Rule(known ? Ops.ACQ : Ops.COLL_ACQ);
            }
            return new Rule(known ? Ops.ACQREL : Ops.COLL_ACQREL);
        }
        return null;
    }

    /**
     * Unsafe's ordered, volatile and atomic accesses (how libraries such as JCTools synchronise
     * through plain fields) are synchronisation on the object they address; plain Unsafe gets and
     * puts are not seen at all.
     */
    private static Rule unsafe(String name, String desc) {
        if (!desc.startsWith("(Ljava/lang/Object;")) {
            return null;
        }
        if (name.startsWith("compareAndSwap") || name.startsWith("compareAndSet") || name.startsWith("compareAndExchange")
                || name.startsWith("weakCompareAndSet") || name.startsWith("getAndAdd") || name.startsWith("getAndSet")
                || name.startsWith("getAndBitwise")) {
            return new Rule(Ops.ACQREL, true, false);
        }
        if (name.startsWith("get") && (name.endsWith("Volatile") || name.endsWith("Acquire") || name.endsWith("Opaque"))) {
            return new Rule(Ops.ACQ, true, false);
        }
        if (name.startsWith("put") && (name.endsWith("Volatile") || name.endsWith("Release") || name.endsWith("Opaque")
                || name.startsWith("putOrdered"))) {
            return new Rule(Ops.REL, true, false);
        }
        return null;
    }

    private static int families(String owner) {
        Integer f = FAMILIES.get(owner);
        if (f == null) {
            f = compute(owner);
            FAMILIES.put(owner, f);
        }
        return f;
    }

    private static int compute(String owner) {
        Class<?> c;
        try {
            c = Class.forName(owner.replace('/', '.'), false, null);
        } catch (ClassNotFoundException | LinkageError e) {
            return 0;
        }
        int f = 0;
        f |= is(c, Thread.class, THREAD);
        f |= is(c, Thread.Builder.class, BUILDER);
        f |= is(c, java.util.concurrent.Executor.class, EXECUTOR);
        f |= is(c, java.util.concurrent.Future.class, FUTURE);
        f |= is(c, java.util.concurrent.CompletionStage.class, STAGE);
        f |= is(c, java.util.concurrent.CompletableFuture.class, CF);
        String n = c.getName();
        if (n.startsWith("java.util.concurrent.atomic.")) {
            f |= n.endsWith("FieldUpdater") ? UPDATER : ATOMIC;
        }
        f |= is(c, java.lang.invoke.VarHandle.class, VARHANDLE);
        f |= is(c, java.util.concurrent.locks.Lock.class, LOCK);
        f |= is(c, java.util.concurrent.locks.ReadWriteLock.class, RWLOCK);
        f |= is(c, java.util.concurrent.locks.StampedLock.class, STAMPED);
        f |= is(c, java.util.concurrent.locks.Condition.class, CONDITION);
        f |= is(c, java.util.concurrent.CountDownLatch.class, LATCH);
        f |= is(c, java.util.concurrent.Semaphore.class, SEMAPHORE);
        f |= is(c, java.util.concurrent.CyclicBarrier.class, BARRIER);
        f |= is(c, java.util.concurrent.Phaser.class, BARRIER);
        f |= is(c, java.util.concurrent.Exchanger.class, BARRIER);
        if (java.util.Collection.class.isAssignableFrom(c) || java.util.Map.class.isAssignableFrom(c)
                || c == Iterable.class) {
            f |= COLLECTION;
            if (n.startsWith("java.util.concurrent.")) {
                f |= CONCURRENT;
            }
        }
        return f;
    }

    private static int is(Class<?> c, Class<?> of, int bit) {
        return of.isAssignableFrom(c) ? bit : 0;
    }
}
