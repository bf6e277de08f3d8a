package dev.gort.race.rt;

/**
 * One frame of a thread's shadow call stack: an immutable list node naming the call site (a
 * {@link Sites} id) in the caller through which the current method was entered. A thread's
 * current stack is one reference (its top node), so recording the stack of an access costs a
 * reference store, and the shadow of the access keeps exactly the nodes it needs alive: a stack
 * depot without interning, where an identical stack is usually the same node because each node
 * caches its recent children.
 *
 * <p>The child cache is read and written only by the thread that owns the chain (a node is never
 * shared between threads' chains), so it needs no synchronisation.
 */
public final class Frame {
    final Frame parent;
    /** Call site in the caller (0: entered from code that is not instrumented). */
    final int site;
    final ThreadRoot root;
    /** True inside a class initialiser: its accesses are not recorded (JLS 12.4.2 orders them). */
    final boolean ignore;
    final int depth;

    private Frame c0;
    private Frame c1;
    private Frame c2;
    private Frame c3;
    private int next;

    Frame(Frame parent, int site, ThreadRoot root, boolean ignore) {
        this.parent = parent;
        this.site = site;
        this.root = root;
        this.ignore = ignore;
        this.depth = parent == null ? 0 : parent.depth + 1;
    }

    /** The node for a call through {@code site} from this frame, cached. */
    Frame child(int site, boolean ignore) {
        boolean ign = ignore || this.ignore;
        Frame f = c0;
        if (f != null && f.site == site && f.ignore == ign) {
            return f;
        }
        f = c1;
        if (f != null && f.site == site && f.ignore == ign) {
            return f;
        }
        f = c2;
        if (f != null && f.site == site && f.ignore == ign) {
            return f;
        }
        f = c3;
        if (f != null && f.site == site && f.ignore == ign) {
            return f;
        }
        f = new Frame(this, site, root, ign);
        switch (next++ & 3) {
            case 0 -> c0 = f;
            case 1 -> c1 = f;
            case 2 -> c2 = f;
            default -> c3 = f;
        }
        return f;
    }
}
