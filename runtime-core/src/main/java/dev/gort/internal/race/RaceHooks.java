package dev.gort.internal.race;

/**
 * What gort's runtime tells a race detector: the happens-before edges of the Go memory model, as
 * acquire and release operations on synchronisation addresses, and the life of each goroutine.
 * Implemented by the race detector agent; gort calls it only through {@link Race}.
 *
 * <p>An <em>address</em> is an object and a slot number: {@code (chan, i)} is buffer slot {@code i}
 * of a channel (Go's {@code chanbuf(c, i)}), {@code (mutex, 0)} a mutex, {@code (rwmutex, 0)} and
 * {@code (rwmutex, 1)} the reader and writer sides of an RWMutex. Each address has a vector clock,
 * created empty on first use and kept while the object is reachable. Every method is called by the
 * goroutine (or thread) that performs the operation and applies to that goroutine's clock.
 */
public interface RaceHooks {
    /** Go's {@code raceacquire}: this goroutine's clock joins the address's clock. */
    void acquire(Object addr, long slot);

    /**
     * Go's {@code racerelease}: the address's clock becomes this goroutine's clock (replacing it);
     * then this goroutine starts a new epoch.
     */
    void release(Object addr, long slot);

    /**
     * Go's {@code racereleasemerge}: the address's clock joins this goroutine's clock (keeping what
     * earlier releases put there); then a new epoch.
     */
    void releaseMerge(Object addr, long slot);

    /**
     * Go's {@code racereleaseacquire}, for channel buffer slots: this goroutine acquires the
     * address's clock and leaves its own (pre-acquire) clock there in its place, in one step. Calling
     * it on slot {@code i mod C} at every send and receive gives "the k-th receive happens before the
     * (k+C)-th send completes" (and "a send happens before the matching receive completes").
     */
    void releaseAcquire(Object addr, long slot);

    /**
     * The current goroutine is about to park on {@code waiter} (the object a waker finds it by):
     * its clock is stored there and it starts a new epoch. Until {@link #resumed}, the {@code ...For}
     * methods act on that stored clock: they are Go's {@code raceacquireg}/{@code racereleaseg},
     * which a waker calls on behalf of the goroutine it hands a value to.
     */
    void parking(Object waiter);

    /** The current goroutine woke from {@code waiter}: its clock joins what the waker left there. */
    void resumed(Object waiter);

    /** {@link #acquire} on behalf of the goroutine parked on {@code waiter} (Go's {@code raceacquireg}). */
    void acquireFor(Object waiter, Object addr, long slot);

    /** {@link #release} on behalf of the goroutine parked on {@code waiter} (Go's {@code racereleaseg}). */
    void releaseFor(Object waiter, Object addr, long slot);

    /** {@link #releaseAcquire} on behalf of the goroutine parked on {@code waiter} (Go's {@code racereleaseacquireg}). */
    void releaseAcquireFor(Object waiter, Object addr, long slot);

    /**
     * Go's {@code race.Read}: a read of the runtime's own state on the user's behalf (e.g. the
     * WaitGroup counter in {@code add}), checked for races against {@link #write} of the same address
     * like a user's field access, reported at the caller's source line.
     */
    void read(Object addr, long slot);

    /** Go's {@code race.Write}: a write of the runtime's own state on the user's behalf; see {@link #read}. */
    void write(Object addr, long slot);

    /**
     * Go's {@code racegostart}, in the creating goroutine before the new one is started: returns a
     * token holding the creator's clock and stack (the "created at" of reports); the creator starts
     * a new epoch, so what it does afterwards is not ordered before the new goroutine.
     */
    Object goCreate();

    /** First thing in the new goroutine: it begins with the clock of {@code token} (from {@link #goCreate}). */
    void goStart(Object token);

    /** Last thing in a goroutine (Go's {@code racegoend}): reports then call it "finished". */
    void goEnd();

    /**
     * Go's {@code race.Disable}: until the matching {@link #enable}, this goroutine's acquire and
     * release calls are ignored (for a runtime operation built on other hooked operations whose own
     * edges would be too strong, as Go does inside RWMutex). Nests.
     */
    void disable();

    /** Go's {@code race.Enable}: ends one {@link #disable}. */
    void enable();
}
