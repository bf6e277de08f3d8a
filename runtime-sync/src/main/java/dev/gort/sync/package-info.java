/**
 * Go's {@code sync} package on gort's runtime: {@link dev.gort.sync.WaitGroup},
 * {@link dev.gort.sync.Mutex}, {@link dev.gort.sync.RWMutex}, {@link dev.gort.sync.Once},
 * {@link dev.gort.sync.Cond}, and the weighted {@link dev.gort.sync.Semaphore} and
 * {@link dev.gort.sync.ErrGroup} of {@code golang.org/x/sync}. Go's {@code sync/atomic} maps to
 * {@code java.util.concurrent.atomic} (see docs/sync.md).
 */
package dev.gort.sync;
