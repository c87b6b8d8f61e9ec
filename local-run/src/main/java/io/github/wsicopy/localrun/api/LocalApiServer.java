package io.github.wsicopy.localrun.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.api.ApiGatewayEvent;
import io.github.wsicopy.api.ApiHandler;
import io.github.wsicopy.api.ApiSettings;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.local.LoopbackServer;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator.Status;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import io.github.wsicopy.localrun.demo.StopOnExit;
import io.github.wsicopy.localrun.fleet.Fleet;
import io.github.wsicopy.localrun.fleet.FleetException;
import io.github.wsicopy.localrun.fleet.FleetReader;
import io.github.wsicopy.localrun.lambda.LambdaInvoker;
import io.github.wsicopy.localrun.sfn.Execution;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import io.github.wsicopy.localrun.sfn.StateMachineRunner;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.stack.LocalEndpoints;
import io.github.wsicopy.localrun.stack.LocalStack;
import io.github.wsicopy.localrun.stack.StackOptions;
import io.github.wsicopy.notify.NotifyHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The HTTP API on loopback, like {@code sam local start-api}: plain HTTP requests become API Gateway payload 2.0
 * events for the real API handler (with the template's ApiFunction environment), against a {@link LocalStack}
 * (DynamoDB Local, the WorkSpaces emulator seeded with a few images, the notification sink, the Lambda invoke
 * server with the template's functions) and the Step Functions stand-in. Each execution the API starts runs the
 * real state machine (statemachine/bulk-copy.asl.json) in the interpreter, as {@code make demo} does: Wait states
 * take {@link #TIMING} of real time and keep their virtual length, so a 30-minute copy ends in seconds and
 * {@code curl} can follow it. A StopExecution (the API's cancel) ends the interpreter's run; an execution stopped,
 * failed or timed out is then announced to the Notify function as the deployed stack's EventBridge rule does
 * (template.yaml, NotifyFunction.Events.ExecutionEnded). No IAM signing.
 *
 * <pre>make api                      # port 8080;  make api API_ARGS="--port 9090"
 * make api FLEET=examples/fleet.json   # the emulator holds that fleet instead of the three built-in images</pre>
 */
public final class LocalApiServer implements AutoCloseable {
    public static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    /**
     * Wait states last 150 ms of real time (their virtual length is kept); retries wait a second, as in the demo:
     * the emulator's rate limit, which may have caused them, refills in real time.
     */
    public static final Timing TIMING = new Timing(150, 1000);
    /** The state machine's name in the local ARNs, as the template names it. */
    private static final String STATE_MACHINE = "BulkCopyStateMachine";
    private static final String API_FUNCTION = "ApiFunction";
    /** The function the deployed stack's ExecutionEnded rule invokes. */
    private static final String NOTIFY_FUNCTION = "NotifyFunction";
    /** A run longer than this (real time) is ended as TIMED_OUT; only a hung run gets there. */
    private static final Duration EXECUTION_LIMIT = Duration.ofHours(1);
    /** EventBridge retries a failed delivery (the rule allows 20); locally a few attempts a second apart. */
    private static final int DELIVERY_ATTEMPTS = 3;
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALOCALAPI", "local-secret"));

    private final LocalStack stack;
    private final StepFunctionsEmulator stepFunctions;
    private io.github.wsicopy.local.scheduler.SchedulerEmulator scheduler;
    private final StateMachineRunner runner;
    private final LambdaInvoker lambda;
    private final ApiHandler handler;
    private final HttpServer server;
    /** Interpreter runs by execution name (the job id), kept after they end so a caller can check they did. */
    private final Map<String, Execution> runs = new ConcurrentHashMap<>();
    private final Map<String, ExecutionResult> results = new ConcurrentHashMap<>();
    private final ExecutorService background = Executors.newCachedThreadPool(daemon("local-api-execution"));
    private final AtomicLong lastRequest = new AtomicLong(System.nanoTime());
    private volatile boolean closed;

    private LocalApiServer(StackOptions options, int port, Timing timing, Optional<Fleet> fleet) {
        // A stack over a fleet is deployed trusting the owners its request names (TrustedOwnerAccounts).
        StackOptions timed = options.withTiming(timing);
        stack = LocalStack.startQuietly(fleet.map(f -> timed.withEmulator(f.emulatorConfig(timed.emulator()))
                .withEnvironment(Map.of("TRUSTED_OWNER_ACCOUNTS", String.join(",", f.trustedOwnerAccounts()))))
                .orElse(timed));
        try {
            // Job times start at the real time and move with it and with the Wait states' virtual time.
            stack.clock.advanceTo(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            if (fleet.isPresent()) {
                fleet.get().seed(stack.emulator);
            } else {
                seed(stack.emulator);
            }
            stepFunctions = StepFunctionsEmulator.start(stack.clock);
            String stateMachineArn = stepFunctions.createStateMachine(LocalStack.REGION, stack.account(), STATE_MACHINE);
            if (!stateMachineArn.equals(stack.stateMachineArn())) {
                throw new IllegalStateException("the functions know the state machine as " + stack.stateMachineArn()
                        + ", the stand-in as " + stateMachineArn);
            }
            runner = stack.stateMachine();
            lambda = new LambdaInvoker(stack.lambda.endpoint());

            // The API function's environment from the template, with the local stand-ins and endpoints.
            Map<String, String> env = new LinkedHashMap<>(stack.environment(stack.template.function(API_FUNCTION)));
            env.put("AWS_ENDPOINT_URL_SFN", stepFunctions.endpoint().toString());
            // Policy schedules are kept (and shown by GET /policies/{id}), never fired: POST /policies/{id}/run
            // starts a run the way a schedule would.
            scheduler = io.github.wsicopy.local.scheduler.SchedulerEmulator.start();
            env.put("AWS_ENDPOINT_URL_SCHEDULER", scheduler.endpoint().toString());
            env.put("ACCOUNT_ID", stack.account()); // no Lambda context here to tell the account
            Settings settings = Settings.from(env);
            Components components = Components.of(settings, new AwsClients(settings, CREDENTIALS), stack.clock,
                    stack.log(API_FUNCTION));
            handler = new ApiHandler(components, ApiSettings.from(env));

            stepFunctions.onStart(this::started);
            stepFunctions.onStop(this::stopped);
            server = LoopbackServer.create(port, "local API server", 8);
            server.createContext("/", this::handle);
            server.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The server with the template's settings, logging the functions to {@code options}' log. */
    public static LocalApiServer start(StackOptions options, int port, Timing timing) {
        return new LocalApiServer(options, port, timing, Optional.empty());
    }

    /**
     * The server over a fleet file's fleet ({@code make api FLEET=..}): its account, images, emulator settings and
     * faults replace the built-in images and the documented limits.
     */
    public static LocalApiServer start(StackOptions options, int port, Timing timing, Fleet fleet) {
        return new LocalApiServer(options, port, timing, Optional.of(fleet));
    }

    public URI endpoint() {
        return LoopbackServer.endpoint(server);
    }

    /** The stack the functions run against (invocation counts, the notification sink, the table). */
    public LocalStack stack() {
        return stack;
    }

    public StepFunctionsEmulator stepFunctions() {
        return stepFunctions;
    }

    /** Whether the interpreter still runs the execution named {@code name} (a job id). */
    public boolean interpreterRunning(String name) {
        Execution run = runs.get(name);
        return run != null && run.running();
    }

    /** How the interpreter ended the execution named {@code name}, once it has (not for a stopped one). */
    public Optional<ExecutionResult> result(String name) {
        return Optional.ofNullable(results.get(name));
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        Path root = Path.of(".");
        Optional<Path> fleetFile = Optional.empty();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--root")) {
                root = Path.of(args[i + 1]);
            } else if (args[i].equals("--fleet")) {
                fleetFile = Optional.of(Path.of(args[i + 1]));
            }
        }
        root = root.toAbsolutePath().normalize();
        Optional<Fleet> fleet;
        try {
            fleet = fleetFile.map(root::resolve).map(FleetReader::read); // before anything starts
        } catch (FleetException e) {
            System.err.println("api: " + e.getMessage());
            System.exit(2);
            return;
        }
        StackOptions options = StackOptions.defaults(root).withLog(System.out::println);
        // Ctrl-C stops the interpreter's Node processes and the servers.
        LocalApiServer local = new StopOnExit().guard(fleet.isPresent()
                ? start(options, port, TIMING, fleet.get()) : start(options, port, TIMING));
        System.out.println("wsicopy HTTP API on " + local.endpoint() + " (no IAM signing locally)");
        if (fleet.isEmpty()) {
            System.out.println(String.join("\n",
                    "  source images in us-east-1: wsi-0golden01 (win11-golden, tag replicate=true),",
                    "  wsi-0golden02 (win10-golden), wsi-00byol001 (BYOL; BYOL is enabled in eu-west-1 only)",
                    "  curl -s " + local.endpoint() + "/jobs -H 'content-type: application/json' \\",
                    "    -d '{\"sourceRegion\":\"us-east-1\",\"imageIds\":[\"wsi-0golden01\"],\"destinationRegions\":[\"eu-west-1\"]}'"));
        } else {
            fleetLines(local.endpoint(), fleet.get()).forEach(System.out::println);
        }
        String imageRegion = fleet.flatMap(Fleet::request).map(Fleet.Request::sourceRegion)
                .or(() -> fleet.flatMap(f -> f.regions().keySet().stream().findFirst())).orElse(LocalStack.REGION);
        LocalEndpoints.lines(local.stack(), imageRegion, fleet.map(Fleet::accessKeys).orElse(Map.of()))
                .forEach(System.out::println);
        System.out.println("Ctrl-C to stop.");
        Thread.currentThread().join();
    }

    /** The fleet's images per Region, and its request as a ready-to-paste curl. */
    static List<String> fleetLines(URI endpoint, Fleet fleet) {
        List<String> lines = new java.util.ArrayList<>();
        fleet.description().ifPresent(d -> lines.add("  " + d));
        for (String region : fleet.regions().keySet()) {
            List<String> images = fleet.images().stream().filter(i -> i.region().equals(region))
                    .map(i -> i.imageId() + " (" + i.name() + (i.owner().equals(fleet.account()) ? "" : ", of " + i.owner())
                            + (i.state() == Fleet.State.AVAILABLE ? "" : ", " + i.state()) + (i.byol() ? ", BYOL" : "") + ")")
                    .toList();
            lines.add("  " + region + (fleet.regions().get(region).byol() ? " (BYOL enabled)" : "") + ": "
                    + (images.isEmpty() ? "no images" : String.join(", ", images)));
        }
        fleet.request().ifPresent(r -> {
            lines.add("  the fleet's request (job id: the API makes its own):");
            lines.add("  curl -s " + endpoint + "/jobs -H 'content-type: application/json' -d '"
                    + Json.write(r.body()).replace("'", "'\\''") + "'");
        });
        return lines;
    }

    static void seed(WorkSpacesEmulator emulator) {
        emulator.addImage(ACCOUNT, "us-east-1", ImageSeed.named("win11-golden").imageId("wsi-0golden01")
                .description("Windows 11 golden image").tag("replicate", "true"));
        emulator.addImage(ACCOUNT, "us-east-1", ImageSeed.named("win10-golden").imageId("wsi-0golden02")
                .description("Windows 10 golden image"));
        emulator.addImage(ACCOUNT, "us-east-1", ImageSeed.named("win11-byol").imageId("wsi-00byol001").byol(true));
        emulator.setDedicatedTenancy(ACCOUNT, "eu-west-1", true);
    }

    // ---- executions ---------------------------------------------------------------------------------------

    /** StartExecution (on the stand-in's thread, before it answers): the interpreter starts the real definition. */
    private void started(StepFunctionsEmulator.Execution execution) {
        if (closed) {
            return;
        }
        Execution run;
        try {
            run = runner.start(execution.name(), Json.parseObject(execution.input()));
        } catch (RuntimeException e) {
            log("execution " + execution.name() + " could not start in the interpreter: " + e.getMessage());
            ended(execution.executionArn(), Status.FAILED, Optional.of("States.Runtime"),
                    Optional.of("the local interpreter could not start: " + e.getMessage()));
            return;
        }
        runs.put(execution.name(), run);
        background.submit(() -> await(execution, run));
    }

    /** Waits for the interpreter's end and ends the execution with its status (unless a stop came first). */
    private void await(StepFunctionsEmulator.Execution execution, Execution run) {
        long began = System.nanoTime();
        ExecutionResult result;
        try {
            result = run.await(EXECUTION_LIMIT);
        } catch (RuntimeException e) {
            if (closed || !stillRunning(execution.executionArn())) {
                return; // stopped (the stop's listener closed the run) or shutting down
            }
            boolean timedOut = Duration.ofNanos(System.nanoTime() - began).compareTo(EXECUTION_LIMIT) >= 0;
            log("execution " + execution.name() + (timedOut ? " timed out" : " broke in the interpreter") + ": "
                    + e.getMessage());
            ended(execution.executionArn(), timedOut ? Status.TIMED_OUT : Status.FAILED,
                    Optional.of(timedOut ? "States.Timeout" : "States.Runtime"), Optional.of(String.valueOf(e.getMessage())));
            return;
        }
        results.put(execution.name(), result);
        Status status = status(result.status());
        log("execution " + execution.name() + " " + result.status() + " after "
                + result.transitions().stateTransitions() + " state transitions"
                + (result.succeeded() ? "" : ": " + result.error() + " " + result.cause()));
        ended(execution.executionArn(), status, Optional.ofNullable(result.error()), Optional.ofNullable(result.cause()));
    }

    /** Ends the execution; one that ended without its Notify state (FAILED, TIMED_OUT) is announced. */
    private void ended(String executionArn, Status status, Optional<String> error, Optional<String> cause) {
        if (stepFunctions.finish(executionArn, status, error, cause) && status != Status.SUCCEEDED) {
            stepFunctions.execution(executionArn).ifPresent(this::announce);
        }
    }

    /**
     * StopExecution ended a running execution (on the stand-in's thread, before it answers): no more states run,
     * then the status change goes to Notify, as the EventBridge rule delivers it (asynchronously).
     */
    private void stopped(StepFunctionsEmulator.Execution aborted) {
        Execution run = runs.get(aborted.name());
        if (run != null) {
            run.close();
        }
        log("execution " + aborted.name() + " stopped: " + aborted.error().orElse("") + " " + aborted.cause().orElse(""));
        if (!closed) {
            background.submit(() -> announce(aborted));
        }
    }

    private boolean stillRunning(String executionArn) {
        return stepFunctions.execution(executionArn).map(e -> e.status() == Status.RUNNING).orElse(false);
    }

    /** Delivers the execution's "Step Functions Execution Status Change" event to Notify (the ExecutionEnded rule). */
    private void announce(StepFunctionsEmulator.Execution execution) {
        Map<String, Object> event = statusChange(execution);
        for (int attempt = 1; attempt <= DELIVERY_ATTEMPTS && !closed; attempt++) {
            try {
                LambdaInvoker.Response response = lambda.invoke(NOTIFY_FUNCTION, event);
                if (response.ok()) {
                    return;
                }
                log("delivery of " + execution.name() + "'s " + execution.status() + " event to " + NOTIFY_FUNCTION
                        + " failed (attempt " + attempt + "): " + response.payload());
            } catch (RuntimeException e) {
                log("delivery of " + execution.name() + "'s " + execution.status() + " event to " + NOTIFY_FUNCTION
                        + " failed (attempt " + attempt + "): " + e);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The event Step Functions sends EventBridge when an execution ends (events/notify-execution-stopped.json). */
    Map<String, Object> statusChange(StepFunctionsEmulator.Execution execution) {
        Instant stopped = execution.stopDate().orElseGet(stack.clock::instant);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("executionArn", execution.executionArn());
        detail.put("stateMachineArn", execution.stateMachineArn());
        detail.put("name", execution.name());
        detail.put("status", execution.status().name());
        detail.put("startDate", execution.startDate().toEpochMilli());
        detail.put("stopDate", stopped.toEpochMilli());
        detail.put("input", execution.input());
        detail.put("output", null);
        detail.put("error", execution.error().orElse(null));
        detail.put("cause", execution.cause().orElse(null));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", NotifyHandler.EXECUTION_STATUS_CHANGE);
        event.put("source", "aws.states");
        event.put("account", stack.account());
        event.put("time", stopped.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", LocalStack.REGION);
        event.put("resources", List.of(execution.executionArn()));
        event.put("detail", detail);
        return event;
    }

    private static Status status(String interpreterStatus) {
        try {
            Status status = Status.valueOf(interpreterStatus);
            return status == Status.RUNNING ? Status.FAILED : status;
        } catch (IllegalArgumentException | NullPointerException e) {
            return Status.FAILED;
        }
    }

    private void log(String line) {
        stack.options.log().accept("[StepFunctions] " + line);
    }

    // ---- HTTP ---------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // Besides the Waits' virtual time, the clock moves with real time, so jobs submitted one after
            // another are ordered.
            long now = System.nanoTime();
            stack.clock.advance(Duration.ofNanos(Math.max(0, now - lastRequest.getAndSet(now))));
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            URI uri = exchange.getRequestURI();
            Map<String, Object> event = ApiGatewayEvent.of(exchange.getRequestMethod(), uri.getRawPath(),
                    uri.getRawQuery(), headers, exchange.getRequestBody().readAllBytes(),
                    "127.0.0.1:" + server.getAddress().getPort(), "http", stack.account(),
                    "arn:aws:iam::" + stack.account() + ":user/local");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(Json.writeBytes(event)), out, null);
            Map<String, Object> response = Json.parseObject(new ByteArrayInputStream(out.toByteArray()));
            ((Map<?, ?>) response.get("headers")).forEach((k, v) -> exchange.getResponseHeaders().set((String) k, (String) v));
            byte[] body = ((String) response.get("body")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(((Number) response.get("statusCode")).intValue(), body.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(body);
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger threads = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the HTTP server, every interpreter run (its Node process), the stand-in and the stack. */
    @Override
    public void close() {
        closed = true;
        if (server != null) {
            LoopbackServer.stop(server);
        }
        runs.values().forEach(Execution::close);
        background.shutdownNow();
        if (stepFunctions != null) {
            stepFunctions.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        stack.close();
    }
}
