/**
 * Micrometer metrics for gort: {@link dev.gort.micrometer.GortMetrics}. See {@code docs/observability.md}.
 */
package dev.gort.micrometer;
