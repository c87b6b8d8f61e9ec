package io.github.wsicopy.localrun.lambda;

import io.github.wsicopy.local.LoopbackServer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.json.JsonException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server that speaks the Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations},
 * synchronous) and runs the project's handlers in-process: same JSON in and out as Lambda. A handler that
 * throws is answered as Lambda answers (HTTP 200, {@code X-Amz-Function-Error: Unhandled}, the Java runtime's
 * error payload); an unknown function gets 404 {@code ResourceNotFoundException}. The function may be named
 * by name, partial ARN or ARN (a qualifier is ignored: there is only {@code $LATEST}).
 *
 * <p>The AWS SDK for JavaScript (used by the state machine interpreter) reaches it through
 * {@code AWS_ENDPOINT_URL_LAMBDA}.
 */
public final class InvokeServer implements AutoCloseable {

    /** Lambda's limit on synchronous request and response payloads. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, LocalFunction> functions;
    private final List<InvocationListener> listeners = new CopyOnWriteArrayList<>();

    private InvokeServer(HttpServer server, ExecutorService executor, Map<String, LocalFunction> functions) {
        this.server = server;
        this.executor = executor;
        this.functions = functions;
    }

    /** Serves {@code functions} (by logical id) on a free loopback port. */
    public static InvokeServer start(List<LocalFunction> functions) {
        Map<String, LocalFunction> byName = new LinkedHashMap<>();
        functions.forEach(f -> byName.put(f.name(), f));
        AtomicInteger threads = new AtomicInteger();
        // Platform threads: handlers pace calls with Thread.sleep inside synchronized blocks.
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "lambda-invoke-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpServer server = LoopbackServer.create(0, "Lambda invoke server", executor);
        InvokeServer invokeServer = new InvokeServer(server, executor, byName);
        server.createContext("/", invokeServer::handle);
        server.start();
        return invokeServer;
    }

    public URI endpoint() {
        return LoopbackServer.endpoint(server);
    }

    public void addListener(InvocationListener listener) {
        listeners.add(listener);
    }

    public LocalFunction function(String name) {
        LocalFunction function = functions.get(name);
        if (function == null) {
            throw new IllegalArgumentException("no function " + name + "; known: " + functions.keySet());
        }
        return function;
    }

    /** Invocations so far by function (logical id), sorted. */
    public Map<String, Long> invocations() {
        Map<String, Long> counts = new TreeMap<>();
        functions.forEach((name, f) -> counts.put(name, f.invocations()));
        return counts;
    }

    /** Seconds spent in each function's handler (what Lambda bills as duration), by function. */
    public Map<String, Double> busySeconds() {
        Map<String, Double> seconds = new TreeMap<>();
        functions.forEach((name, f) -> seconds.put(name, f.busySeconds()));
        return seconds;
    }

    /** Invocations that ended in an unhandled error, by function. */
    public Map<String, Long> errors() {
        Map<String, Long> counts = new TreeMap<>();
        functions.forEach((name, f) -> counts.put(name, f.errors()));
        return counts;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            Matcher m = INVOKE.matcher(path);
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                sendError(exchange, 404, "UnknownOperationException", "Unknown operation " + exchange.getRequestMethod() + " " + path);
                return;
            }
            String requested = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            LocalFunction function = functions.get(functionName(requested));
            if (function == null) {
                sendError(exchange, 404, "ResourceNotFoundException", "Function not found: " + requested);
                return;
            }
            String invocationType = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if (invocationType != null && !invocationType.equals("RequestResponse") && !invocationType.equals("DryRun")) {
                sendError(exchange, 400, "InvalidParameterValueException",
                        "The local invoke server runs only synchronous (RequestResponse) invocations");
                return;
            }
            byte[] payload = exchange.getRequestBody().readAllBytes();
            if (payload.length > MAX_PAYLOAD_BYTES) {
                sendError(exchange, 413, "RequestTooLargeException", "Request must be smaller than "
                        + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
                return;
            }
            Map<String, Object> input;
            try {
                input = payload.length == 0 ? Map.of() : eventObject(Json.parse(new String(payload, StandardCharsets.UTF_8)));
            } catch (JsonException e) {
                sendError(exchange, 400, "InvalidRequestContentException", "Could not parse request body into json");
                return;
            }
            if ("DryRun".equals(invocationType)) {
                send(exchange, 204, Map.of(), new byte[0]);
                return;
            }
            try {
                for (InvocationListener listener : listeners) {
                    listener.beforeInvoke(function.name(), input);
                }
            } catch (RuntimeException e) {
                // A broken hook is the service's fault, not the function's: answer as Lambda does for those.
                sendError(exchange, 500, "ServiceException", "invocation listener failed: " + e);
                return;
            }
            LocalFunction.Outcome outcome = function.invoke(payload.length == 0 ? "{}".getBytes(StandardCharsets.UTF_8) : payload);
            byte[] body = outcome.payload();
            boolean error = outcome.unhandledError();
            if (body.length > MAX_PAYLOAD_BYTES) {
                body = Json.writeBytes(Map.of("errorType", "Function.ResponseSizeTooLarge", "errorMessage",
                        "Response payload size exceeded maximum allowed payload size (" + MAX_PAYLOAD_BYTES + " bytes)."));
                error = true;
            }
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("X-Amz-Executed-Version", "$LATEST");
            if (error) {
                headers.put("X-Amz-Function-Error", "Unhandled");
            }
            send(exchange, 200, headers, body);
        }
    }

    /** {@code name}, {@code 123456789012:function:name}, {@code arn:aws:lambda:...:function:name[:qualifier]} → name. */
    static String functionName(String requested) {
        int at = requested.indexOf("function:");
        if (at < 0) {
            return requested;
        }
        String rest = requested.substring(at + "function:".length());
        int qualifier = rest.indexOf(':');
        return qualifier < 0 ? rest : rest.substring(0, qualifier);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> eventObject(Object event) {
        return event instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static void sendError(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(exchange, status, Map.of("x-amzn-ErrorType", type),
                Json.writeBytes(Map.of("Type", "User", "message", message)));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
