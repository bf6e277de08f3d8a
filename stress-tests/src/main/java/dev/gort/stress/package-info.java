/**
 * jcstress entry point: runs the stress tests and fails the build when one fails.
 */
package dev.gort.stress;
