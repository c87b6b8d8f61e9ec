package io.github.wsicopy.bench;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.copy.CopyHandler;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.JobTable;
import io.github.wsicopy.local.LocalDynamoDb;
import io.github.wsicopy.local.MutableClock;
import io.github.wsicopy.local.notifications.NotificationSink;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import io.github.wsicopy.poll.PollStatusHandler;
import io.github.wsicopy.validate.ValidateHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The local world of one sample: a fresh table in the shared DynamoDB Local, and a WorkSpaces emulator and a
 * notification sink of its own, seeded like {@code SampleEventsTest} (the images events/ names, BYOL enabled in
 * eu-west-1), with no API rate limit, so a sample measures the function, not the throttle.
 */
final class BenchStack implements AutoCloseable {
    static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    static final String REGION = "us-east-1";
    static final String ACCESS_KEY = "AKIALOCALBENCH";
    private static final String SECRET_KEY = "local-bench-secret";
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static final LambdaLogger QUIET = new LambdaLogger() {
        @Override
        public void log(String message) {}

        @Override
        public void log(byte[] message) {}
    };

    private final LocalDynamoDb dynamo;
    private final DynamoDbClient admin;
    private final Path events;
    private final MutableClock clock = new MutableClock(Instant.now());
    private final WorkSpacesEmulator emulator;
    private final NotificationSink sink = NotificationSink.start();
    private final String table = "bench-" + TABLES.incrementAndGet();

    BenchStack(LocalDynamoDb dynamo, DynamoDbClient admin, Path events) {
        this.dynamo = dynamo;
        this.admin = admin;
        this.events = events;
        this.emulator = WorkSpacesEmulator.start(EmulatorConfig.defaults().withRateLimit(0, 0).withClock(clock));
        JobTable.create(admin, table);
        emulator.addImage(ACCOUNT, REGION, ImageSeed.named("win11-golden").imageId("wsi-0golden01").description("Golden"));
        emulator.addImage(ACCOUNT, REGION, ImageSeed.named("win11-dev").imageId("wsi-0golden02"));
        emulator.addImage(ACCOUNT, REGION, ImageSeed.named("win11-byol").imageId("wsi-00byol001").byol(true));
        emulator.setDedicatedTenancy(ACCOUNT, "eu-west-1", true);
    }

    /**
     * The environment of a function pointed at this stack, like Lambda's (Region, credentials, execution
     * environment, memory) plus the template's variables.
     */
    Map<String, String> env(String function, boolean sdkEndpoints) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("AWS_SESSION_TOKEN", "local-bench-session");
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        env.put("AWS_LAMBDA_FUNCTION_NAME", "wsicopy-" + function);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("TABLE_NAME", table);
        env.put("JOB_TTL_DAYS", "90");
        env.put("ACCOUNT_ID", ACCOUNT);
        env.put("TOPIC_ARN", "arn:aws:sns:" + REGION + ":" + ACCOUNT + ":wsicopy-notifications");
        // The copy sample starts 3 copies; at the default 1/s two seconds of pacing would hide everything else.
        env.put("START_RATE_PER_SECOND", "100");
        if (sdkEndpoints) {
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_WORKSPACES", emulator.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_SNS", sink.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", sink.endpoint().toString());
        } else {
            env.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_WORKSPACES", emulator.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_SNS", sink.endpoint().toString());
            env.put("AWS_ENDPOINT_URL_EVENTBRIDGE", sink.endpoint().toString());
        }
        return env;
    }

    /** Runs the first {@code steps} workflow steps in-process (validate, copy, then poll after the copies finished). */
    void prepare(int steps) {
        Settings settings = Settings.from(env("prepare", false));
        Components c = Components.of(settings, new AwsClients(settings,
                StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))), clock, QUIET);
        if (steps >= 1) {
            new ValidateHandler(c).handle(event("validate.json"), null);
        }
        if (steps >= 2) {
            new CopyHandler(c).handle(event("copy.json"), null);
        }
        if (steps >= 2) {
            // Copies take 30 virtual minutes in the emulator: after this a poll finds them AVAILABLE.
            clock.advance(Duration.ofMinutes(31));
        }
        if (steps >= 3) {
            new PollStatusHandler(c).handle(event("poll-status.json"), null);
        }
    }

    private Map<String, Object> event(String file) {
        try {
            return Json.parseObject(Files.readString(events.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        emulator.close();
        sink.close();
        admin.deleteTable(r -> r.tableName(table));
    }
}
