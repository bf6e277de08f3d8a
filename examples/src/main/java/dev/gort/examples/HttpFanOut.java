package dev.gort.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gort.Go;
import dev.gort.chan.Chan;
import dev.gort.chan.Received;
import dev.gort.context.CancelableContext;
import dev.gort.context.Chans;
import dev.gort.context.Context;
import dev.gort.context.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Interop: a tiny search server on the JDK's {@link HttpServer} whose handlers are goroutines
 * ({@code server.setExecutor(Go.executor())}). Each request fans out to three backends in
 * goroutines, fans their answers back in over a channel, and gives up at a deadline: what it has
 * by then is the answer. The slow backend is stuck in a plain blocking call ({@code Thread.sleep}
 * here; a JDBC query or an HTTP call in life); it runs in a {@link Scope}, so the deadline
 * interrupts it and it returns at once instead of running on for nobody.
 *
 * <p>The Go it mirrors (Rob Pike's "Go Concurrency Patterns" search, on net/http):
 * <pre>{@code
 * http.HandleFunc("/search", func(w http.ResponseWriter, r *http.Request) {
 *     ctx, cancel := context.WithTimeout(r.Context(), time.Second)
 *     defer cancel()
 *     results := make(chan string, 3)
 *     for _, b := range backends {
 *         go func() { if v, err := b.Search(ctx, q); err == nil { results <- v } }()
 *     }
 *     for i := 0; i < len(backends); i++ {
 *         select {
 *         case v := <-results: fmt.Fprintln(w, v)
 *         case <-ctx.Done(): fmt.Fprintln(w, "timed out"); return
 *         }
 *     }
 * })
 * }</pre>
 */
public final class HttpFanOut implements Example {
    /** The example; {@link #run} runs it. */
    public HttpFanOut() {}

    /** Each request's deadline. */
    static final Duration DEADLINE = Duration.ofSeconds(1);

    /** A backend: its name and how long it takes (the slow one: a day, in a blocking call). */
    record Backend(String name, Duration latency) {}

    static final List<Backend> BACKENDS = List.of(
            new Backend("web", Duration.ofMillis(10)),
            new Backend("images", Duration.ofMillis(20)),
            new Backend("video", Duration.ofDays(1)));

    @Override
    public String name() {
        return "httpserver";
    }

    @Override
    public String title() {
        return "interop: an HttpServer whose handlers are goroutines, fanning out with channels under a deadline";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        int before = Go.numGoroutine();
        AtomicInteger onGoroutines = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService handlers = Go.executor();
        server.setExecutor(handlers);
        server.createContext("/search", exchange -> {
            if (Thread.currentThread().isVirtual()) {
                onGoroutines.incrementAndGet();
            }
            String q = exchange.getRequestURI().getQuery().substring("q=".length());
            respond(exchange, search(q, interrupted));
        });
        server.start();
        List<String> queries = List.of("gophers", "channels", "select");
        Map<String, String> answers = new TreeMap<>();
        try (HttpClient client = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/search?q=");
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (String q : queries) {
                sent.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + q)).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < queries.size(); i++) {
                HttpResponse<String> r = sent.get(i).get(30, TimeUnit.SECONDS);
                answers.put(queries.get(i), r.statusCode() + "\n" + r.body());
            }
        } finally {
            server.stop(0);
            handlers.close(); // waits for every handler goroutine
        }
        out.println("3 requests at once to an HttpServer with setExecutor(Go.executor()); each handler fans out to "
                + BACKENDS.size() + " backends under a " + DEADLINE.toSeconds() + " s deadline");
        for (Map.Entry<String, String> a : answers.entrySet()) {
            out.println("GET /search?q=" + a.getKey() + " -> " + a.getValue().stripTrailing().replace("\n", "\n  "));
        }
        out.println("handlers that ran on goroutines: " + onGoroutines.get() + " of " + queries.size()
                + "; slow backends interrupted at the deadline: " + interrupted.get()
                + "; goroutines still running: " + Pipeline.leftover(before));
    }

    /** One request: fan out, fan in until every backend answered or the deadline passed. */
    static String search(String q, AtomicInteger interrupted) {
        StringBuilder body = new StringBuilder();
        try (CancelableContext ctx = Context.withTimeout(Context.background(), DEADLINE);
             Scope scope = Scope.open(ctx)) {
            Chan<String> results = Chan.make();
            for (Backend b : BACKENDS) {
                scope.go(() -> {
                    String answer = query(b, q, interrupted);
                    return Chans.sendOrDone(scope.context(), results, answer);
                });
            }
            TreeMap<String, String> got = new TreeMap<>();
            for (int i = 0; i < BACKENDS.size(); i++) {
                Received<String> r = Chans.recvOrDone(scope.context(), results);
                if (r == null) {
                    break; // the deadline: answer with what we have
                }
                got.put(r.value().substring(0, r.value().indexOf(' ')), r.value());
            }
            for (Backend b : BACKENDS) {
                body.append(got.getOrDefault(b.name(), b.name() + ": no answer within the deadline")).append('\n');
            }
        } // close(): cancels the scope, interrupting the slow backend, and waits for it
        return body.toString();
    }

    /** A backend call: a plain blocking wait standing in for a database or a remote service. */
    static String query(Backend b, String q, AtomicInteger interrupted) throws InterruptedException {
        try {
            Thread.sleep(b.latency());
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
        }
        return b.name() + " results for \"" + q + "\"";
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }
}
