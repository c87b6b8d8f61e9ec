package io.github.wsicopy.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.local.workspaces.Caller;
import io.github.wsicopy.local.workspaces.Json;
import io.github.wsicopy.local.workspaces.ModelValidator;
import io.github.wsicopy.local.workspaces.ServiceError;
import io.github.wsicopy.local.workspaces.ServiceModel;
import io.github.wsicopy.local.workspaces.ServiceModel.Operation;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The AWS JSON 1.1 front end of a stand-in other than WorkSpaces (SSM parameters, Service Quotas): {@code POST /}
 * with {@code X-Amz-Target: <targetPrefix>.<Operation>} on a {@link LoopbackServer}. Like the WorkSpaces emulator,
 * the Region of a call is its SigV4 scope's and its account is mapped from the access key id (signatures are not
 * checked); requests are validated against the service's botocore model and responses checked against it; errors
 * are {@code {"__type": ..., "message": ...}} with the status the model gives the error shape (400, faults 500).
 * Each stand-in supplies its operations; {@link #failNext} injects errors (throttling, AccessDenied) for tests.
 */
public final class JsonServiceStandIn implements AutoCloseable {

    /** The operations of one stand-in: reads a validated request, answers with the output shape's members. */
    @FunctionalInterface
    public interface Operations {
        Map<String, Object> invoke(String operation, Caller caller, JsonNode input);
    }

    private record Injected(String operation, String errorType, String message) {
    }

    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private final String name;
    private final ServiceModel model;
    private final ModelValidator validator;
    private final Function<String, String> accountOf;
    private final Operations operations;
    private final HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Deque<Injected> injected = new ArrayDeque<>();

    private JsonServiceStandIn(String name, ServiceModel model, String invalidType, int port,
                               Function<String, String> accountOf, Operations operations) {
        this.name = name;
        this.model = model;
        this.validator = new ModelValidator(model, invalidType);
        this.accountOf = accountOf;
        this.operations = operations;
        this.server = LoopbackServer.create(port, name, 4);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a stand-in for {@code model} on {@code port} (0: a free one).
     *
     * @param invalidType the error a request that breaks the model's constraints gets (e.g. ValidationException)
     * @param accountOf   access key id → account id
     */
    public static JsonServiceStandIn start(String name, ServiceModel model, String invalidType, int port,
                                           Function<String, String> accountOf, Operations operations) {
        return new JsonServiceStandIn(name, model, invalidType, port, accountOf, operations);
    }

    public URI endpoint() {
        return LoopbackServer.endpoint(server);
    }

    /**
     * The next {@code times} calls of {@code operation} fail with {@code errorType} before they run (its status is
     * the model's for a modelled error, else 400; 500 for InternalServerError/ServiceException).
     */
    public void failNext(String operation, String errorType, String message, int times) {
        if (model.operation(operation).isEmpty()) {
            throw new IllegalArgumentException(name + " has no operation " + operation + "; it has " + model.operationNames());
        }
        synchronized (injected) {
            for (int i = 0; i < times; i++) {
                injected.add(new Injected(operation, Objects.requireNonNull(errorType), message));
            }
        }
    }

    /** How many calls of {@code operation} arrived (valid or not, failed or not). */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        LoopbackServer.stop(server);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] reply;
            int status = 200;
            String errorType = null;
            try {
                reply = process(exchange.getRequestMethod(), exchange.getRequestHeaders(), body);
            } catch (ServiceError e) {
                reply = Json.write(e.body());
                status = e.status();
                errorType = e.type();
            } catch (RuntimeException e) {
                // A bug in the stand-in, not a modelled error: make it visible in the test output.
                e.printStackTrace(System.err);
                ServiceError failure = ServiceError.of("InternalFailure", 500, name + " failure: " + e);
                reply = Json.write(failure.body());
                status = failure.status();
                errorType = failure.type();
            }
            Headers out = exchange.getResponseHeaders();
            out.set("Content-Type", "application/x-amz-json-1.1");
            out.set("x-amzn-RequestId", UUID.randomUUID().toString());
            if (errorType != null) {
                out.set("x-amzn-ErrorType", errorType);
            }
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(reply);
            }
        }
    }

    private byte[] process(String method, Headers headers, byte[] body) {
        Caller.Scope scope = Caller.parseAuthorization(headers.getFirst("Authorization")).orElseThrow(
                () -> ServiceError.of("MissingAuthenticationTokenException", "Missing Authentication Token"));
        String target = headers.getFirst("X-Amz-Target");
        String prefix = model.targetPrefix() + ".";
        Operation operation = ("POST".equals(method) && target != null && target.startsWith(prefix)
                ? model.operation(target.substring(prefix.length())) : java.util.Optional.<Operation>empty())
                .orElseThrow(() -> ServiceError.of("UnknownOperationException", "Unknown operation: " + target));
        calls.computeIfAbsent(operation.name(), o -> new AtomicInteger()).incrementAndGet();
        injectedFor(operation.name()).ifPresent(i -> {
            throw ServiceError.of(i.errorType(),
                    model.errorStatus(i.errorType()).orElse(ServiceError.statusOf(i.errorType())), i.message());
        });
        Caller caller = new Caller(scope.accessKeyId(), accountOf.apply(scope.accessKeyId()), scope.region());
        JsonNode input = parse(body);
        validator.validateInput(operation.inputShape(), input);
        byte[] output = Json.write(operations.invoke(operation.name(), caller, input));
        validator.checkOutput(operation.outputShape(), PARSER.parse(output));
        return output;
    }

    private java.util.Optional<Injected> injectedFor(String operation) {
        synchronized (injected) {
            for (var it = injected.iterator(); it.hasNext(); ) {
                Injected next = it.next();
                if (next.operation().equals(operation)) {
                    it.remove();
                    return java.util.Optional.of(next);
                }
            }
            return java.util.Optional.empty();
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JsonNode.emptyObjectNode();
        }
        try {
            return PARSER.parse(body);
        } catch (RuntimeException e) {
            throw ServiceError.of("SerializationException", "The request body is not valid JSON.");
        }
    }
}
