/** Go's channels, select, timers and tickers on gort's runtime: package {@link dev.gort.chan}. */
module dev.gort.chan {
    requires transitive dev.gort;

    exports dev.gort.chan;
}
