/**
 * JMH benchmarks of channels, and the channel workloads they share with the harness.
 */
package dev.gort.benchmarks.chan;
