/**
 * The workload harness entry point ({@code ./gortw bench}) and the systems it compares.
 */
package dev.gort.benchmarks;
