/**
 * A miniature of gort's runtime that calls the race hooks as gort does (docs/race.md, "gort's own
 * synchronisation"): goroutine start, a Go channel (buffered and unbuffered, with parked senders
 * and receivers), a mutex and a wait group. The suite runs it uninstrumented (as gort's runtime is),
 * so every happens-before edge the detector sees between the test programs' goroutines comes from
 * the hooks; {@code HookCases} checks the Go memory model's edges through it.
 */
package dev.gort.race.testdata.hooked;
