/**
 * JMH benchmarks of the scheduler: park/unpark ping-pong and spawn.
 */
package dev.gort.benchmarks.core;
