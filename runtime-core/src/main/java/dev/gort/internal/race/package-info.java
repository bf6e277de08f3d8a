/**
 * The race detector's hooks: the calls gort's runtime makes at each of its synchronisation points,
 * after Go's {@code runtime/race} API ({@code raceacquire}, {@code racerelease},
 * {@code racereleasemerge}, {@code racereleaseacquire}, {@code racegostart}). {@link
 * dev.gort.internal.race.Race} is the facade the runtime calls; {@link
 * dev.gort.internal.race.RaceHooks} is what the race detector agent ({@code race-detector},
 * {@code gort-race.jar}) implements. Without the agent every hook is a constant-false branch that the
 * JIT removes. Not an API: user code never imports this package.
 */
package dev.gort.internal.race;
