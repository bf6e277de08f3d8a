/**
 * The runtime behind {@code dev.gort.Go}: the G-M-P scheduler (Go's runtime/proc.go: Ps with their
 * run queues, Ms, sysmon), the registry of live goroutines, the goroutine dump and the deadlock
 * detector. The blocking layer and the timers are in the {@code park} and {@code time} subpackages.
 * Internal: not exported (only to {@code java.management}, for the scheduler's MXBean).
 */
package dev.gort.internal;
