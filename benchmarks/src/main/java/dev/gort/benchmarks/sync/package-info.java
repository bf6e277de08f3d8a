/**
 * The Mutex-versus-atomic workload (W8) as a JMH benchmark.
 */
package dev.gort.benchmarks.sync;
