/**
 * jcstress tests of channels, select and timers (see docs/stress.md for what each forbids).
 */
package dev.gort.stress.chan;
