/**
 * Go's channels, {@code select} and timers for gort: {@link dev.gort.chan.Chan},
 * {@link dev.gort.chan.Select}, {@link dev.gort.chan.Time}. Any thread may use them; from a
 * goroutine a blocking operation parks only the goroutine. See {@code docs/channels.md}.
 */
package dev.gort.chan;
