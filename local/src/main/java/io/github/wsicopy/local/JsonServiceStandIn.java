package io.github.wsicopy.local;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.local.model.ModelValidator;
import io.github.wsicopy.local.model.ModelValidator.Violation;
import io.github.wsicopy.local.model.ServiceModel;
import io.github.wsicopy.local.model.ServiceModel.Operation;
import io.github.wsicopy.local.workspaces.Caller;
import io.github.wsicopy.local.workspaces.Json;
import io.github.wsicopy.local.workspaces.ServiceError;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The AWS JSON 1.1 front end of the stand-ins (Organizations, SSM parameters, Service Quotas): {@code POST /} with
 * {@code X-Amz-Target: <targetPrefix>.<Operation>} on a {@link LoopbackServer}. The Region of a call is its SigV4
 * scope's ({@link SigV4}) and its account is mapped from the access key id (e.g. {@link AccessKeys#accountOf};
 * signatures are not checked); requests are validated against the service's botocore model and responses checked
 * against it; errors are {@code {"__type": ..., "message": ...}} (with the message member spelled as the model's
 * error shape spells it) with the status the model gives the error shape (400, faults 500). Each stand-in supplies
 * its operations and words a broken constraint as its service does; {@link #failNext} injects errors (throttling,
 * AccessDenied) for tests.
 *
 * <p>The protocol steps ({@link #operation}, {@link #parseBody}, {@link #validateInput}, {@link #send}) are shared
 * with the WorkSpaces emulator's front end, which adds its rate limit and fault injection around them.
 */
public final class JsonServiceStandIn implements AutoCloseable {

    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";

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
    private final Function<List<Violation>, ServiceError> invalid;
    private final Function<String, String> accountOf;
    private final Operations operations;
    private final HttpServer server;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final Deque<Injected> injected = new ArrayDeque<>();

    private JsonServiceStandIn(String name, ServiceModel model, Function<List<Violation>, ServiceError> invalid, int port,
                               Function<String, String> accountOf, Operations operations) {
        this.name = name;
        this.model = model;
        this.validator = new ModelValidator(model);
        this.invalid = Objects.requireNonNull(invalid, "invalid");
        this.accountOf = Objects.requireNonNull(accountOf, "accountOf");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.server = LoopbackServer.create(port, name, 4);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Starts a stand-in for {@code model} on {@code port} (0: a free one).
     *
     * @param invalid   the service's error for a request that breaks the model's constraints (e.g.
     *                  {@link #invalidAs invalidAs("ValidationException")})
     * @param accountOf access key id → account id
     */
    public static JsonServiceStandIn start(String name, ServiceModel model, Function<List<Violation>, ServiceError> invalid,
                                           int port, Function<String, String> accountOf, Operations operations) {
        return new JsonServiceStandIn(name, model, invalid, port, accountOf, operations);
    }

    /** Broken constraints as one {@code errorType} listing them all ("2 validation errors detected: ..."). */
    public static Function<List<Violation>, ServiceError> invalidAs(String errorType) {
        return violations -> ServiceError.of(errorType, ModelValidator.summary(violations));
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
            try {
                send(exchange, 200, process(exchange.getRequestMethod(), exchange.getRequestHeaders(), body), null);
            } catch (ServiceError e) {
                sendError(exchange, e);
            } catch (RuntimeException e) {
                // A bug in the stand-in, not a modelled error: make it visible in the test output.
                e.printStackTrace(System.err);
                sendError(exchange, ServiceError.of("InternalFailure", 500, name + " failure: " + e));
            }
        }
    }

    private byte[] process(String method, Headers headers, byte[] body) {
        SigV4.Scope scope = SigV4.scope(headers.getFirst("Authorization")).orElseThrow(
                () -> ServiceError.of("MissingAuthenticationTokenException", "Missing Authentication Token"));
        Operation operation = operation(model, method, headers.getFirst("X-Amz-Target"));
        calls.computeIfAbsent(operation.name(), o -> new AtomicInteger()).incrementAndGet();
        injectedFor(operation.name()).ifPresent(i -> {
            throw ServiceError.of(i.errorType(),
                    model.errorStatus(i.errorType()).orElse(ServiceError.statusOf(i.errorType())), i.message());
        });
        Caller caller = new Caller(scope.accessKeyId(), accountOf.apply(scope.accessKeyId()), scope.region());
        JsonNode input = parseBody(body);
        validateInput(validator, operation, input, invalid);
        byte[] output = Json.write(operations.invoke(operation.name(), caller, input));
        validator.checkOutput(operation.outputShape(), PARSER.parse(output));
        return output;
    }

    private void sendError(HttpExchange exchange, ServiceError e) throws IOException {
        send(exchange, e.status(), Json.write(e.body(messageMember(e.type()))), e.type());
    }

    /** AWS models spell an error's message "message" or "Message"; answer as the model spells it. */
    private String messageMember(String errorType) {
        return model.errorStatus(errorType).isPresent() && model.shape(errorType).members().containsKey("Message")
                ? "Message" : "message";
    }

    private Optional<Injected> injectedFor(String operation) {
        synchronized (injected) {
            for (var it = injected.iterator(); it.hasNext(); ) {
                Injected next = it.next();
                if (next.operation().equals(operation)) {
                    it.remove();
                    return Optional.of(next);
                }
            }
            return Optional.empty();
        }
    }

    // ---- the JSON 1.1 protocol, shared with the WorkSpaces emulator ----

    /** The model's operation an {@code X-Amz-Target} names, or UnknownOperationException. */
    public static Operation operation(ServiceModel model, String method, String target) {
        String prefix = model.targetPrefix() + ".";
        return Optional.ofNullable(target).filter(t -> "POST".equals(method) && t.startsWith(prefix))
                .flatMap(t -> model.operation(t.substring(prefix.length())))
                .orElseThrow(() -> ServiceError.of("UnknownOperationException", "Unknown operation: " + target));
    }

    /** The request body; an empty body is an empty object, one that is not JSON a SerializationException. */
    public static JsonNode parseBody(byte[] body) {
        if (body.length == 0) {
            return JsonNode.emptyObjectNode();
        }
        try {
            return PARSER.parse(body);
        } catch (RuntimeException e) {
            throw ServiceError.of("SerializationException", "The request body is not valid JSON.");
        }
    }

    /**
     * A value of the wrong JSON type is a SerializationException; broken constraints are the service's error
     * {@code invalid} makes of them. An operation without input takes any body.
     */
    public static void validateInput(ModelValidator validator, Operation operation, JsonNode input,
                                     Function<List<Violation>, ServiceError> invalid) {
        if (operation.inputShape() == null) {
            return;
        }
        List<Violation> violations;
        try {
            violations = validator.violations(operation.inputShape(), "", input);
        } catch (ModelValidator.WrongType e) {
            throw ServiceError.of("SerializationException", e.getMessage());
        }
        if (!violations.isEmpty()) {
            throw invalid.apply(violations);
        }
    }

    /** Sends a JSON 1.1 response; {@code errorType} (null for a success) goes in x-amzn-ErrorType as well. */
    public static void send(HttpExchange exchange, int status, byte[] body, String errorType) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("Content-Type", CONTENT_TYPE);
        out.set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            out.set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(body);
        }
    }
}
