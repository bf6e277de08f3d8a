/**
 * jcstress tests of Mutex, RWMutex, Once and WaitGroup.
 */
package dev.gort.stress.sync;
