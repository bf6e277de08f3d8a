/**
 * The tour: one runnable program per idea of Go's concurrency model, on gort. {@link
 * dev.gort.examples.Tour} runs them ({@code ./gortw demo}, or {@code ./gortw demo NAME} for one); each
 * implements {@link dev.gort.examples.Example}, prints what it shows, and has a test that checks that
 * output. Every example's Javadoc names the idea and shows the Go code it mirrors.
 */
package dev.gort.examples;
