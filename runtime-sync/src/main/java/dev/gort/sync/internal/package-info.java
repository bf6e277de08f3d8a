/**
 * sync's package-private entry points for the context module ({@code SyncAccess}). Internal:
 * exported only to {@code dev.gort.context}; no compatibility promise.
 */
package dev.gort.sync.internal;
