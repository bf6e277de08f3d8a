/**
 * The W1-W13 workloads, once per system: gort, JDK virtual threads, Jox, Kotlin.
 */
package dev.gort.benchmarks.workloads;
