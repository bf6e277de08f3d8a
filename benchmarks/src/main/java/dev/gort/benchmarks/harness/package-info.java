/**
 * The workload harness: a fresh process per cell, warm-ups, medians, reports with ratios to Go.
 */
package dev.gort.benchmarks.harness;
