/**
 * jcstress tests of the context tree: cancel racing registration, causes, afterFunc.
 */
package dev.gort.stress.context;
