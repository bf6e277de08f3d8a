/**
 * gort's blocking layer, Go's shape: the one way a goroutine waits.
 *
 * <ul>
 *   <li>{@link dev.gort.internal.park.WaitNode} — a waiting goroutine (Go's {@code sudog}): its thread,
 *       its element slot, its select group, and the one CAS that decides how its wait ends;</li>
 *   <li>{@link dev.gort.internal.park.WaitQueue} — a FIFO queue of nodes with O(1) unlink (Go's
 *       {@code waitq});</li>
 *   <li>{@link dev.gort.internal.park.Park} — park with a {@link dev.gort.internal.park.WaitReason}
 *       ({@code gopark}), ready after unlock ({@code goready}), timed waits, sleep;</li>
 *   <li>{@link dev.gort.internal.park.RuntimeLock} — the short internal lock a channel or a sync
 *       structure holds while it looks at its queues (Go's runtime {@code mutex});</li>
 *   <li>{@link dev.gort.internal.park.Blocker} — how a dump learns why a goroutine waits.</li>
 * </ul>
 * Channels, select, WaitGroup, Cond, Semaphore and the context module's waits are built on these;
 * they park nothing themselves. Internal: exported only to gort's own modules.
 */
package dev.gort.internal.park;
