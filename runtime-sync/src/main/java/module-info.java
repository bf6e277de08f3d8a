/** Go's sync package on gort's runtime: package {@link dev.gort.sync}. */
module dev.gort.sync {
    requires transitive dev.gort;

    exports dev.gort.sync;
    exports dev.gort.sync.internal to dev.gort.context;
}
