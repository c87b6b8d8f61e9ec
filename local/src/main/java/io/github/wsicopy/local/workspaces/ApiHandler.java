package io.github.wsicopy.local.workspaces;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.wsicopy.local.JsonServiceStandIn;
import io.github.wsicopy.local.SigV4;
import io.github.wsicopy.local.workspaces.Faults.LostResponseMode;
import io.github.wsicopy.local.model.ModelValidator;
import io.github.wsicopy.local.model.ServiceModel;
import io.github.wsicopy.local.model.ServiceModel.Operation;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.util.Optional;

/**
 * The AWS JSON 1.1 front end: {@code POST /} with {@code X-Amz-Target: WorkspacesService.<Operation>}.
 * Each call goes through authentication (SigV4 scope → Region and account), the rate limit, injected
 * faults, model validation, the operation, and a check of the response against the model. The protocol steps are
 * the other JSON stand-ins' ({@link JsonServiceStandIn}).
 */
final class ApiHandler implements HttpHandler {

    static final String CONTENT_TYPE = JsonServiceStandIn.CONTENT_TYPE;
    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    /** A response to send, or none at all ({@code body == null}: drop the connection). */
    private record Reply(int status, byte[] body, String errorType) {
        static final Reply DROP = new Reply(0, null, null);
    }

    private final ServiceModel model;
    private final ModelValidator validator;
    private final EmulatorState state;
    private final Operations operations;
    private final RateLimiter rateLimiter;
    private final Faults faults;
    private final Counters counters;

    ApiHandler(ServiceModel model, EmulatorState state, RateLimiter rateLimiter, Faults faults, Counters counters) {
        this.model = model;
        this.validator = new ModelValidator(model);
        this.state = state;
        this.operations = new Operations(state);
        this.rateLimiter = rateLimiter;
        this.faults = faults;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Reply reply = process(exchange.getRequestMethod(), exchange.getRequestHeaders(), body);
            if (reply.body() != null) {
                send(exchange, reply);
            }
        } finally {
            // Closing an exchange whose headers were never sent closes the connection: that is the DROP.
            exchange.close();
        }
    }

    private Reply process(String method, Headers headers, byte[] body) {
        try {
            SigV4.Scope scope = SigV4.scope(headers.getFirst("Authorization")).orElseThrow(
                    () -> ServiceError.of(ServiceError.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token"));
            Operation operation = JsonServiceStandIn.operation(model, method, headers.getFirst("X-Amz-Target"));
            Caller caller = new Caller(scope.accessKeyId(), state.accountOf(scope.accessKeyId()), scope.region());
            counters.call(caller.region(), operation.name());
            if (!rateLimiter.tryAcquire(caller.accountId(), caller.region())) {
                throw ServiceError.of(ServiceError.THROTTLING, "Rate exceeded");
            }
            Optional<ServiceError> injected = faults.beforeCall(caller.region(), operation.name(), model);
            if (injected.isPresent()) {
                throw injected.get();
            }
            JsonNode input = JsonServiceStandIn.parseBody(body);
            // Broken constraints are one InvalidParameterValuesException listing them all.
            JsonServiceStandIn.validateInput(validator, operation, input, v -> ServiceError.invalid(ModelValidator.summary(v)));
            byte[] output = Json.write(operations.invoke(operation.name(), caller, input));
            validator.checkOutput(operation.outputShape(), PARSER.parse(output));
            if ("CopyWorkspaceImage".equals(operation.name())) {
                return afterCopy(caller, output);
            }
            return new Reply(200, output, null);
        } catch (ServiceError e) {
            return error(e);
        } catch (RuntimeException e) {
            // A bug in the emulator, not a modelled error: make it visible in the test output.
            e.printStackTrace(System.err);
            return error(ServiceError.of(ServiceError.INTERNAL_FAILURE, "Emulator failure: " + e));
        }
    }

    /** The copy is made; a lost-response fault may still keep its id from the caller. */
    private Reply afterCopy(Caller caller, byte[] output) {
        counters.copy(caller.region());
        Optional<LostResponseMode> lost = faults.loseCopyResponse();
        if (lost.isEmpty()) {
            return new Reply(200, output, null);
        }
        counters.lostResponse();
        if (lost.get() == LostResponseMode.CLOSE_CONNECTION) {
            return Reply.DROP;
        }
        return error(ServiceError.of(ServiceError.INTERNAL_FAILURE, "We encountered an internal error. Please try again."));
    }

    private Reply error(ServiceError e) {
        counters.error(e.type());
        return new Reply(e.status(), Json.write(e.body()), e.type());
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        JsonServiceStandIn.send(exchange, reply.status(), reply.body(), reply.errorType());
    }
}
