/** Go's context package on gort's channels and sync: package {@link dev.gort.context}. */
module dev.gort.context {
    requires transitive dev.gort.chan;
    requires transitive dev.gort.sync;
    requires org.slf4j;

    exports dev.gort.context;
}
