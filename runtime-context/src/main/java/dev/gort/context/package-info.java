/**
 * Go's {@code context} package for gort: cancellation, deadlines and request-scoped values carried
 * across goroutines. Start from {@link dev.gort.context.Context}; the context-aware forms of the sync
 * types are {@link dev.gort.context.Semaphores} and {@link dev.gort.context.ErrGroups}. See
 * {@code docs/context.md}.
 */
package dev.gort.context;
