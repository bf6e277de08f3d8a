package dev.gort.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gort.Go;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The spawn decorator carries SLF4J's MDC (logback's, a per-thread map nobody inherits) into goroutines. */
class MdcPropagationTest {
    /** The decorator the docs show: capture on the spawning thread, install in the goroutine, clear after. */
    static final UnaryOperator<Runnable> MDC_PROPAGATION = body -> {
        Map<String, String> captured = MDC.getCopyOfContextMap();
        return () -> {
            if (captured != null) {
                MDC.setContextMap(captured);
            }
            try {
                body.run();
            } finally {
                MDC.clear();
            }
        };
    };

    @AfterEach
    void reset() {
        Go.setSpawnDecorator(null);
        MDC.clear();
    }

    @Test
    void theBackendIsLogbackWhoseMdcIsNotInherited() throws Exception {
        assertTrue(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext);
        MDC.put("requestId", "r-0");
        assertNull(Go.submit(() -> MDC.get("requestId")).get(10, TimeUnit.SECONDS),
                "without the decorator a goroutine starts with an empty MDC: this test can fail");
    }

    @Test
    void logLinesWrittenInGoroutinesCarryTheSpawnersMdc() throws Exception {
        Logger log = (Logger) LoggerFactory.getLogger("gort.mdc-test");
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent e) {
                e.prepareForDeferredProcessing(); // takes the MDC now, on the logging thread
                super.append(e);
            }
        };
        appender.start();
        log.addAppender(appender);
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        log.setAdditive(false);
        try {
            Go.setSpawnDecorator(MDC_PROPAGATION);
            MDC.put("requestId", "r-1");
            CountDownLatch done = new CountDownLatch(1);
            Go.go(() -> {
                log.info("from go");
                done.countDown();
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            Go.submit(() -> {
                log.info("from submit");
                return null;
            }).get(10, TimeUnit.SECONDS);
            try (ExecutorService ex = Go.executor()) {
                MDC.put("requestId", "r-2");
                CompletableFuture.runAsync(() -> log.info("from supplyAsync"), ex).get(10, TimeUnit.SECONDS);
                MDC.remove("requestId");
                ex.submit(() -> log.info("from an executor task, MDC empty at submit")).get(10, TimeUnit.SECONDS);
            }
            List<String> lines = appender.list.stream()
                    .map(e -> e.getFormattedMessage() + " " + e.getMDCPropertyMap().get("requestId")).toList();
            assertEquals(List.of("from go r-1", "from submit r-1", "from supplyAsync r-2",
                    "from an executor task, MDC empty at submit null"), lines);
        } finally {
            log.detachAppender(appender);
        }
    }

    @Test
    void aGoroutineLeavesNoMdcBehindOnItsThread() throws Exception {
        Go.setSpawnDecorator(MDC_PROPAGATION);
        MDC.put("requestId", "r-3");
        Map<String, String> after = Go.submit(() -> {
            Map<String, String> seen = MDC.getCopyOfContextMap();
            return seen;
        }).get(10, TimeUnit.SECONDS);
        assertEquals(Map.of("requestId", "r-3"), after);
        assertEquals("r-3", MDC.get("requestId"), "the spawner's own MDC is untouched");
    }
}
