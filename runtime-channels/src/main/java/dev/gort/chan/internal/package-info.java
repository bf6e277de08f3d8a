/**
 * Machinery behind {@code dev.gort.chan}: the channel lock, waiters and wait queues (Go's sudog and
 * waitq) and the timer heap. Not an API: user code never imports this package.
 */
package dev.gort.chan.internal;
