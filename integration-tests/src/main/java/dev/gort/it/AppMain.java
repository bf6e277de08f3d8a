package dev.gort.it;

import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Flows;
import dev.gort.context.CancelableContext;
import dev.gort.context.Chans;
import dev.gort.context.Context;
import dev.gort.context.DeadlineExceededException;
import dev.gort.context.Scope;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

/**
 * The executable jar's main: prints, one per line, what {@code ExecutableJarIT} checks: which
 * scheduler runs goroutines, and that each interop path works on it. A test program: it prints.
 */
public final class AppMain {
    private AppMain() {}

    public static void main(String[] args) throws Exception {
        System.out.println("gmp=" + Go.gmpScheduler());
        System.out.println("java=" + Runtime.version().feature());

        Chan<Integer> ch = Chan.make();
        Go.go(() -> {
            for (int i = 1; i <= 100; i++) {
                Chans.send(Context.background(), ch, i);
            }
            ch.close();
        });
        System.out.println("sum=" + ch.stream().mapToInt(Integer::intValue).sum());

        System.out.println("submit=" + Go.submit(() -> 6 * 7).get(10, TimeUnit.SECONDS));
        try (ExecutorService ex = Go.executor()) {
            System.out.println("supplyAsync=" + CompletableFuture.supplyAsync(() -> "ok", ex).get(10, TimeUnit.SECONDS));
        }

        Chan<String> flowed = Chan.make();
        try (SubmissionPublisher<String> pub = new SubmissionPublisher<>(Go.executor(), 4)) {
            pub.subscribe(Flows.subscriber(flowed, 2));
            Go.go(() -> {
                for (String s : "a b c".split(" ")) {
                    pub.submit(s);
                }
                pub.close();
            });
            System.out.println("flow=" + String.join("", flowed.stream().toList()));
        }

        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20));
             Scope scope = Scope.open(ctx)) {
            scope.go(() -> {
                Thread.sleep(TimeUnit.DAYS.toMillis(1));
                return null;
            });
            try {
                scope.await();
                System.out.println("scope=not interrupted");
            } catch (DeadlineExceededException e) {
                System.out.println("scope=interrupted at the deadline");
            }
        }
    }
}
