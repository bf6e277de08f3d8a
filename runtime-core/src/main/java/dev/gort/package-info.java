/**
 * Goroutines: {@link dev.gort.Go#go(Runnable) Go.go}, GOMAXPROCS, scheduler statistics and the
 * goroutine dump. A goroutine is a JDK virtual thread run by gort's G-M-P scheduler; channels
 * ({@code dev.gort.chan}), sync ({@code dev.gort.sync}) and context ({@code dev.gort.context}) are
 * built on this module's runtime.
 */
package dev.gort;
