package io.github.wsicopy.customresource.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Stands in for Lambda's Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}) on loopback, for
 * the real SDK client the provider hands long waits over with. It takes asynchronous invocations
 * ({@code X-Amz-Invocation-Type: Event}, answered 202 as Lambda does) and queues them; the test delivers them
 * to the handler, the way Lambda's asynchronous queue would. Anything else is refused.
 */
public final class LambdaInvokeServer implements AutoCloseable {

    /** One queued asynchronous invocation. */
    public record Invocation(String functionName, Map<String, Object> payload) {}

    private final List<Invocation> queued = new ArrayList<>();
    private final HttpServer server = Loopback.serve("lambda-invoke", "/2015-03-31/functions/", this::handle);

    private LambdaInvokeServer() {}

    public static LambdaInvokeServer start() {
        return new LambdaInvokeServer();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The queued invocations, oldest first; they leave the queue. */
    public synchronized List<Invocation> take() {
        List<Invocation> all = List.copyOf(queued);
        queued.clear();
        return all;
    }

    public synchronized int pending() {
        return queued.size();
    }

    @Override
    public void close() {
        Loopback.stop(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/invocations") || !"Event".equals(type)) {
                byte[] error = "{\"Type\":\"User\",\"message\":\"only asynchronous invocations are served here\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "InvalidRequestContentException");
                exchange.sendResponseHeaders(400, error.length);
                exchange.getResponseBody().write(error);
                return;
            }
            String name = URLDecoder.decode(path.substring("/2015-03-31/functions/".length(),
                    path.length() - "/invocations".length()), StandardCharsets.UTF_8);
            synchronized (this) {
                queued.add(new Invocation(name, Json.parseObject(new String(body, StandardCharsets.UTF_8))));
            }
            exchange.sendResponseHeaders(202, -1);
        }
    }
}
