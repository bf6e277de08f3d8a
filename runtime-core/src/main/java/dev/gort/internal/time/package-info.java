/**
 * The runtime's timers (Go's runtime/time.go): one heap of deadlines served by one platform thread,
 * under every sleep, timed wait, timer and ticker of gort. Internal: exported only to gort's own
 * modules.
 */
package dev.gort.internal.time;
