package dev.gort.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gort.Go;
import dev.gort.testing.Testing;
import org.junit.jupiter.api.Test;

class ContextDemoTest {
    @Test
    void cancellationTimeoutAndTreeAreDeterministic() throws Exception {
        int before = Go.numGoroutine();
        String out = Capture.run(new ContextDemo());
        assertEquals("""
                1. cancellation: a worker loops until ctx.done() is closed; after 3 units main calls cancel()
                   the worker stopped, ctx.err(): context canceled (== Context.CANCELED: true)
                2. timeout: a 10 s call under a 50 ms context.withTimeout
                   gave up: context deadline exceeded (== Context.DEADLINE_EXCEEDED: true)
                   after at least 50 ms: true; the call saw ctx.done() and returned too
                3. a request tree: request -> {db -> {query1, query2}, cache}, request id in a value
                   cache.cancel(): cache done; request.err() = null, db.err() = null (a child's cancel never reaches its parent)
                   request.cancel(cause) reached every node, once each:
                     cache: context canceled, cause: context canceled, requestId r-42
                     db: context canceled, cause: client went away, requestId r-42
                     db/query1: context canceled, cause: client went away, requestId r-42
                     db/query2: context canceled, cause: client went away, requestId r-42
                     request: context canceled, cause: client went away, requestId r-42
                """, out.replace("\r\n", "\n"));
        Testing.awaitGoroutinesAtMost(before);
    }
}
