package dev.gort.context;

/**
 * Something a {@link CancelCtx} keeps in its list of children: a derived cancelable context, an
 * {@code afterFunc} registration, or an internal wake-up hook. The list is intrusive (the links live
 * here) and doubly linked, so a child leaves its parent in O(1) and a parent with a million
 * children costs no extra object per child.
 *
 * <p>Who writes what:
 * <ul>
 *   <li>{@link #prev}/{@link #next}: the holder of {@link #owner}'s lock, while the owner is not
 *       canceled; once the owner is canceled, only the thread that canceled it (it detached the
 *       whole list under the lock and walks it alone).</li>
 *   <li>{@link #owner}: written once, under the owner's lock, when the node is linked; never
 *       cleared (a canceled child keeping a reference to its parent keeps nothing alive that the
 *       child's own {@code parent} field does not).</li>
 * </ul>
 */
abstract class Node {
    Node prev;
    Node next;
    volatile CancelCtx owner;

    /**
     * The owner was canceled with {@code err} / {@code cause}: take that cancellation. Called once
     * per node by the canceling thread, outside every lock. Must not throw.
     *
     * @return this node's own children, detached, for the caller's walk to continue with; or null
     */
    abstract Node parentCanceled(Throwable err, Throwable cause);
}
