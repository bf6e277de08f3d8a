package dev.gort.testing;

import dev.gort.Go;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For {@code @ExtendWith}: each test may change GOMAXPROCS; the value it started with is set again
 * after it, so the tests that follow in the same JVM see the runtime as configured.
 */
public final class RestoresMaxProcs implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RestoresMaxProcs.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("procs", Go.maxProcs());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Go.maxProcs(context.getStore(NS).get("procs", Integer.class));
    }
}
