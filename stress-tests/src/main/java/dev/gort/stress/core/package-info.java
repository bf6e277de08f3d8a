/**
 * jcstress tests of the blocking layer (the wait queue); the run-queue tests sit in {@code dev.gort.internal}.
 */
package dev.gort.stress.core;
