/**
 * The context-cancel workload (W10) as a JMH benchmark.
 */
package dev.gort.benchmarks.context;
