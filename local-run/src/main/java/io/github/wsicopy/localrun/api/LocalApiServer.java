package io.github.wsicopy.localrun.api;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.wsicopy.api.ApiGatewayEvent;
import io.github.wsicopy.api.ApiHandler;
import io.github.wsicopy.api.ApiSettings;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.JobTable;
import io.github.wsicopy.local.LocalDynamoDb;
import io.github.wsicopy.local.LoopbackServer;
import io.github.wsicopy.local.notifications.NotificationSink;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import io.github.wsicopy.localrun.LocalWorkflow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The HTTP API on loopback, like {@code sam local start-api}: plain HTTP requests become API Gateway payload 2.0
 * events for the real API handler, against DynamoDB Local, the WorkSpaces emulator (seeded with a few images)
 * the Step Functions stand-in and the notification sink. Each started execution runs in-process ({@link LocalWorkflow}) with short
 * waits, so a job goes from SUBMITTED to its end in seconds and {@code curl} can follow it. No IAM signing.
 *
 * <pre>make api                      # port 8080;  make api API_ARGS="--port 9090"</pre>
 */
public final class LocalApiServer implements AutoCloseable {
    public static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    private static final String TABLE = "wsicopy-local";

    private final LocalDynamoDb dynamo;
    private final WorkSpacesEmulator workspaces;
    private final StepFunctionsEmulator stepFunctions;
    private final NotificationSink notifications = NotificationSink.start();
    private final HttpServer server;
    private final ExecutorService workflows = Executors.newFixedThreadPool(4, daemon("local-workflow"));
    private final ApiHandler handler;

    private LocalApiServer(int port, Duration copyDuration) {
        dynamo = LocalDynamoDb.start();
        workspaces = WorkSpacesEmulator.start(EmulatorConfig.defaults().withClock(Clock.systemUTC()));
        workspaces.setCopyDuration(copyDuration);
        seed(workspaces);
        stepFunctions = StepFunctionsEmulator.start();
        String stateMachineArn = stepFunctions.createStateMachine("us-east-1", ACCOUNT, "wsicopy-bulk-copy");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("TABLE_NAME", TABLE);
        env.put("ACCOUNT_ID", ACCOUNT);
        env.put("WORKSPACES_ENDPOINT", workspaces.endpoint().toString());
        env.put("DYNAMODB_ENDPOINT", dynamo.endpoint().toString());
        env.put("STATES_ENDPOINT", stepFunctions.endpoint().toString());
        env.put("STATE_MACHINE_ARN", stateMachineArn);
        env.put("POLL_WAIT_INITIAL_SECONDS", "1");
        env.put("POLL_WAIT_MAX_SECONDS", "2");
        env.put("START_WAIT_SECONDS", "1");
        env.put("START_RATE_PER_SECOND", "2");
        env.put("EVENTS_ENDPOINT", notifications.endpoint().toString());
        Settings settings = Settings.from(env);
        AwsClients clients = new AwsClients(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIALOCALAPI", "local-secret")));
        JobTable.create(clients.dynamo(), TABLE);
        Components components = Components.of(settings, clients, Clock.systemUTC(), new StdoutLogger());
        handler = new ApiHandler(components, ApiSettings.from(env));
        LocalWorkflow workflow = new LocalWorkflow(components, LocalApiServer::sleep);
        stepFunctions.onStart(execution -> workflows.submit(() -> run(workflow, execution)));
        server = LoopbackServer.create(port, "local API server", 8);
        server.createContext("/", this::handle);
        server.start();
    }

    public static LocalApiServer start(int port, Duration copyDuration) {
        return new LocalApiServer(port, copyDuration);
    }

    public URI endpoint() {
        return LoopbackServer.endpoint(server);
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 8080;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        LocalApiServer local = start(port, Duration.ofSeconds(10));
        Runtime.getRuntime().addShutdownHook(new Thread(local::close));
        System.out.println("""
                wsicopy HTTP API on %1$s (no IAM signing locally)
                  source images in us-east-1: wsi-0golden01 (win11-golden, tag replicate=true),
                  wsi-0golden02 (win10-golden), wsi-00byol001 (BYOL; BYOL is enabled in eu-west-1 only)
                  curl -s %1$s/jobs -H 'content-type: application/json' \\
                    -d '{"sourceRegion":"us-east-1","imageIds":["wsi-0golden01"],"destinationRegions":["eu-west-1"]}'
                Ctrl-C to stop.""".formatted(local.endpoint()));
        Thread.currentThread().join();
    }

    static void seed(WorkSpacesEmulator emulator) {
        emulator.addImage(ACCOUNT, "us-east-1", ImageSeed.named("win11-golden").imageId("wsi-0golden01")
                .description("Windows 11 golden image").tag("replicate", "true"));
        emulator.addImage(ACCOUNT, "us-east-1", ImageSeed.named("win10-golden").imageId("wsi-0golden02")
                .description("Windows 10 golden image"));
        emulator.addImage(ACCOUNT, "us-east-1", ImageSeed.named("win11-byol").imageId("wsi-00byol001").byol(true));
        emulator.setDedicatedTenancy(ACCOUNT, "eu-west-1", true);
    }

    private void run(LocalWorkflow workflow, StepFunctionsEmulator.Execution execution) {
        StepFunctionsEmulator.Status end = StepFunctionsEmulator.Status.SUCCEEDED;
        try {
            workflow.run(Json.parseObject(execution.input()), execution.name());
        } catch (RuntimeException e) {
            System.out.println("execution " + execution.name() + " failed: " + e);
            end = StepFunctionsEmulator.Status.FAILED;
        }
        stepFunctions.finish(execution.executionArn(), end);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
            URI uri = exchange.getRequestURI();
            Map<String, Object> event = ApiGatewayEvent.of(exchange.getRequestMethod(), uri.getRawPath(),
                    uri.getRawQuery(), headers, exchange.getRequestBody().readAllBytes(),
                    "127.0.0.1:" + server.getAddress().getPort(), "http", ACCOUNT,
                    "arn:aws:iam::" + ACCOUNT + ":user/local");
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        LoopbackServer.stop(server);
        workflows.shutdownNow();
        stepFunctions.close();
        notifications.close();
        workspaces.close();
        dynamo.close();
    }

    /** Handler logs to the console. */
    private static final class StdoutLogger implements LambdaLogger {
        @Override
        public void log(String message) {
            System.out.println(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }
    }
}
