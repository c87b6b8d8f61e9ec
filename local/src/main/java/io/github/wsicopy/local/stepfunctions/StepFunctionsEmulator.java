package io.github.wsicopy.local.stepfunctions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.local.LoopbackServer;
import io.github.wsicopy.local.workspaces.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Stands in for AWS Step Functions on loopback, for the callers of the service (the API starts and stops
 * executions): the JSON 1.0 protocol ({@code X-Amz-Target: AWSStepFunctions.<Operation>}) for StartExecution,
 * StopExecution and DescribeExecution, with the service's rules that matter to a caller: execution names are
 * unique per state machine (a repeated start with the same name and input while the execution runs returns
 * it again; otherwise {@code ExecutionAlreadyExists}), unknown state machines and executions are errors, and
 * only a running execution can be stopped. It runs no workflow: executions stay RUNNING until a test (or a
 * listener) finishes them; listeners hear of every start ({@link #onStart}) and of every stop that ended a
 * running execution ({@link #onStop}). Every call is recorded.
 */
public final class StepFunctionsEmulator implements AutoCloseable {
    /** The service's execution-name rule: 1..80 characters, none of whitespace, wildcards or control characters. */
    private static final Pattern NAME = Pattern.compile("^[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}$");
    private static final String JSON_1_0 = "application/x-amz-json-1.0";

    public enum Status { RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED }

    /** One execution as DescribeExecution reports it. */
    public record Execution(String executionArn, String stateMachineArn, String name, String input, Status status,
            Instant startDate, Optional<Instant> stopDate, Optional<String> error, Optional<String> cause) {

        Execution finished(Status to, Instant at, Optional<String> error, Optional<String> cause) {
            return new Execution(executionArn, stateMachineArn, name, input, to, startDate, Optional.of(at), error, cause);
        }
    }

    /** One request as received: operation name and JSON body. */
    public record Call(String operation, String body) {}

    private final HttpServer server;
    private final Clock clock;
    private final Map<String, String> stateMachines = new LinkedHashMap<>();
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Consumer<Execution>> startListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Execution>> stopListeners = new CopyOnWriteArrayList<>();

    private StepFunctionsEmulator(HttpServer server, Clock clock) {
        this.server = server;
        this.clock = clock;
    }

    public static StepFunctionsEmulator start() {
        return start(Clock.systemUTC());
    }

    public static StepFunctionsEmulator start(Clock clock) {
        HttpServer server = LoopbackServer.create(0, "step-functions-emulator", 8);
        StepFunctionsEmulator emulator = new StepFunctionsEmulator(server, clock);
        server.createContext("/", emulator::handle);
        server.start();
        return emulator;
    }

    public URI endpoint() {
        return LoopbackServer.endpoint(server);
    }

    /** Registers a state machine and returns its ARN. */
    public synchronized String createStateMachine(String region, String accountId, String name) {
        String arn = "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + name;
        stateMachines.put(arn, name);
        return arn;
    }

    /** Called (on the server's thread) for every execution started, e.g. to run the workflow locally. */
    public void onStart(Consumer<Execution> listener) {
        startListeners.add(listener);
    }

    /**
     * Called (on the server's thread, before StopExecution answers) for every StopExecution that ended a
     * running execution, with the execution as stopped (ABORTED, with the call's error and cause), e.g. to stop
     * the workflow run locally. Not called for a stop of an execution that had already ended.
     */
    public void onStop(Consumer<Execution> listener) {
        stopListeners.add(listener);
    }

    public synchronized List<Execution> executions() {
        return List.copyOf(executions.values());
    }

    public synchronized Optional<Execution> execution(String executionArn) {
        return Optional.ofNullable(executions.get(executionArn));
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public long calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).count();
    }

    /**
     * Ends a running execution as the workflow would (SUCCEEDED, FAILED ...); true if this ended it, false if
     * it is unknown or had already ended (e.g. stopped).
     */
    public boolean finish(String executionArn, Status status) {
        return finish(executionArn, status, Optional.empty(), Optional.empty());
    }

    /** {@link #finish(String, Status)} with the error and cause DescribeExecution reports (a FAILED execution's). */
    public synchronized boolean finish(String executionArn, Status status, Optional<String> error, Optional<String> cause) {
        if (status == Status.RUNNING) {
            throw new IllegalArgumentException("an execution ends with a final status, not " + status);
        }
        Execution execution = executions.get(executionArn);
        if (execution == null || execution.status() != Status.RUNNING) {
            return false;
        }
        executions.put(executionArn, execution.finished(status, clock.instant(), error, cause));
        return true;
    }

    @Override
    public void close() {
        LoopbackServer.stop(server);
    }

    // ---- protocol ---------------------------------------------------------------------------------------

    /** A service error: its {@code __type} and the HTTP status it comes with. */
    private static final class ServiceError extends RuntimeException {
        final String type;

        ServiceError(String type, String message) {
            super(message);
            this.type = type;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
            String operation = target.startsWith("AWSStepFunctions.") ? target.substring("AWSStepFunctions.".length()) : target;
            calls.add(new Call(operation, body));
            Map<String, Object> result;
            try {
                JsonNode input = body.isBlank() ? JsonNode.parser().parse("{}") : JsonNode.parser().parse(body);
                result = switch (operation) {
                    case "StartExecution" -> startExecution(input);
                    case "StopExecution" -> stopExecution(input);
                    case "DescribeExecution" -> describeExecution(input);
                    default -> throw new ServiceError("UnknownOperationException",
                            "only StartExecution, StopExecution and DescribeExecution are served here, not " + target);
                };
            } catch (ServiceError e) {
                respond(exchange, 400, Map.of("__type", e.type, "message", e.getMessage()));
                return;
            } catch (RuntimeException e) {
                respond(exchange, 400, Map.of("__type", "ValidationException", "message", String.valueOf(e.getMessage())));
                return;
            }
            respond(exchange, 200, result);
        }
    }

    private Map<String, Object> startExecution(JsonNode input) {
        String stateMachineArn = required(input, "stateMachineArn");
        String name = optional(input, "name").orElseGet(() -> UUID.randomUUID().toString());
        String body = optional(input, "input").orElse("{}");
        if (!NAME.matcher(name).matches()) {
            throw new ServiceError("InvalidName", "Invalid Name: '" + name + "'");
        }
        try {
            JsonNode.parser().parse(body);
        } catch (RuntimeException e) {
            throw new ServiceError("InvalidExecutionInput", "Invalid State Machine Execution Input: not valid JSON");
        }
        Execution started;
        synchronized (this) {
            String smName = stateMachines.get(stateMachineArn);
            if (smName == null) {
                throw new ServiceError("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + stateMachineArn + "'");
            }
            String arn = stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + name;
            Execution existing = executions.get(arn);
            if (existing != null) {
                if (existing.status() == Status.RUNNING && existing.input().equals(body)) {
                    return startResult(existing);
                }
                throw new ServiceError("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
            }
            started = new Execution(arn, stateMachineArn, name, body, Status.RUNNING, clock.instant(),
                    Optional.empty(), Optional.empty(), Optional.empty());
            executions.put(arn, started);
        }
        startListeners.forEach(listener -> listener.accept(started));
        return startResult(started);
    }

    private Map<String, Object> stopExecution(JsonNode input) {
        Execution execution;
        boolean stopped = false;
        synchronized (this) {
            execution = existing(required(input, "executionArn"));
            if (execution.status() == Status.RUNNING) {
                execution = execution.finished(Status.ABORTED, clock.instant(), optional(input, "error"), optional(input, "cause"));
                executions.put(execution.executionArn(), execution);
                stopped = true;
            }
        }
        if (stopped) {
            Execution aborted = execution;
            stopListeners.forEach(listener -> listener.accept(aborted));
        }
        return Map.of("stopDate", execution.stopDate().orElseThrow());
    }

    private synchronized Map<String, Object> describeExecution(JsonNode input) {
        Execution e = existing(required(input, "executionArn"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("executionArn", e.executionArn());
        out.put("stateMachineArn", e.stateMachineArn());
        out.put("name", e.name());
        out.put("status", e.status().name());
        out.put("startDate", e.startDate());
        e.stopDate().ifPresent(d -> out.put("stopDate", d));
        out.put("input", e.input());
        e.error().ifPresent(v -> out.put("error", v));
        e.cause().ifPresent(v -> out.put("cause", v));
        return out;
    }

    private Execution existing(String executionArn) {
        Execution execution = executions.get(executionArn);
        if (execution == null) {
            throw new ServiceError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + executionArn + "'");
        }
        return execution;
    }

    private static Map<String, Object> startResult(Execution e) {
        return Map.of("executionArn", e.executionArn(), "startDate", e.startDate());
    }

    private static String required(JsonNode input, String field) {
        return optional(input, field).orElseThrow(() -> new ServiceError("ValidationException",
                "1 validation error detected: Value null at '" + field + "' failed to satisfy constraint: Member must not be null"));
    }

    private static Optional<String> optional(JsonNode input, String field) {
        return input.field(field).filter(JsonNode::isString).map(JsonNode::asString);
    }

    private static void respond(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = Json.write(body);
        exchange.getResponseHeaders().set("Content-Type", JSON_1_0);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** For a listing in tests and logs. */
    @Override
    public synchronized String toString() {
        List<String> names = new ArrayList<>();
        executions.values().forEach(e -> names.add(e.name() + "=" + e.status()));
        return "StepFunctionsEmulator" + names;
    }
}
