package io.github.wsicopy.customresource.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the pre-signed S3 URL CloudFormation puts in every custom-resource request: a loopback server
 * that takes PUTs and keeps them, exactly as sent, so tests read the response CloudFormation would receive.
 * Like S3 with a URL signed without a content type, it refuses a PUT that carries a non-empty Content-Type.
 */
public final class ResponseUrlServer implements AutoCloseable {

    /**
     * One PUT: the path it went to (one per request), its Content-Type header (null when absent), its body, and
     * when it arrived on the test's clock.
     */
    public record Put(String path, String contentType, String body, Instant at) {
        public Map<String, Object> json() {
            return Json.parseObject(body);
        }
    }

    private final HttpServer server;
    private final List<Put> puts = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final AtomicInteger refusals = new AtomicInteger();

    private ResponseUrlServer(Clock clock) {
        this.clock = clock;
        this.server = io.github.wsicopy.local.LoopbackServer.create(0, "cfn-response-url", 2);
        server.createContext("/", this::handle);
        server.start();
    }

    public static ResponseUrlServer start(Clock clock) {
        return new ResponseUrlServer(clock);
    }

    /** A URL shaped like CloudFormation's (a path per request, a signature in the query). */
    public String url(String requestId) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/cloudformation-custom-resource-response/"
                + requestId + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=0123abcd";
    }

    /** The next {@code n} PUTs are refused with 403, as S3 refuses a URL it no longer accepts. */
    public void refuseNext(int n) {
        refusals.set(n);
    }

    public List<Put> puts() {
        return List.copyOf(puts);
    }

    public List<Put> putsFor(String requestId) {
        return puts.stream().filter(p -> p.path().endsWith("/" + requestId)).toList();
    }

    @Override
    public void close() {
        io.github.wsicopy.local.LoopbackServer.stop(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"PUT".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (contentType != null && !contentType.isEmpty()) {
                byte[] refusal = ("<Error><Code>SignatureDoesNotMatch</Code><Message>Content-Type " + contentType
                        + " was not signed</Message></Error>").getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(403, refusal.length);
                exchange.getResponseBody().write(refusal);
                return;
            }
            if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(403, -1);
                return;
            }
            puts.add(new Put(exchange.getRequestURI().getPath(), contentType, body, clock.instant()));
            exchange.sendResponseHeaders(200, -1);
        }
    }
}
