package io.github.wsicopy.core.snapstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.AwsClients;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.crac.Resource;

/**
 * The SnapStart priming hook of one function. Before Lambda snapshots a published version, it runs the
 * function's own handler once, on a throwaway copy of its components whose SDK clients answer from memory
 * ({@link DryRunHttpClient}): the JSON reader and writer, the workflow code, and the SDK's whole request path for
 * every operation the function uses are loaded and run, so they are in the snapshot instead of in the first
 * invocation after a restore.
 *
 * <p>It changes nothing: no network call can leave the dry clients, the real components are not touched (not even
 * their lazily built clients), and the dry state is garbage after the run. A failed priming run is logged and
 * ignored: priming only saves time, it must never stop a version from being published.
 */
public final class Primer implements Resource {
    private static final String DRY_ACCOUNT = "000000000000";

    /** What one priming run did. */
    public record Run(long millis, int dryRequests, Optional<String> failure) {}

    private final String function;
    private final Components components;
    private final JobState jobState;
    private final TaskState taskState;
    private final Function<Components, RequestStreamHandler> handler;
    private final Function<DryRunService, Map<String, Object>> event;

    /**
     * @param function   the function's name, for the log
     * @param components the function's real components: only their settings and credentials provider are used
     * @param jobState   the job's state the function's handler normally finds
     * @param taskState  the state of the task the handler works on
     * @param handler    builds the function's handler on the dry components
     * @param event      the event to invoke it with, given the dry world (its job id and Regions)
     */
    public Primer(String function, Components components, JobState jobState, TaskState taskState,
            Function<Components, RequestStreamHandler> handler, Function<DryRunService, Map<String, Object>> event) {
        this.function = function;
        this.components = components;
        this.jobState = jobState;
        this.taskState = taskState;
        this.handler = handler;
        this.event = event;
    }

    /** Runs the handler once against the dry world. */
    public Run prime() {
        long start = System.nanoTime();
        Settings settings = components.settings();
        DryRunService world = new DryRunService(settings.accountId().orElse(DRY_ACCOUNT), settings.awsRegion(),
                jobState, taskState);
        DryRunHttpClient http = new DryRunHttpClient(world);
        Optional<String> failure = Optional.empty();
        try {
            AwsClients dryClients = new AwsClients(settings, components.clients().credentials(), http);
            Components dry = Components.of(settings, dryClients, components.clock(), QUIET);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.apply(dry).handleRequest(new ByteArrayInputStream(Json.writeBytes(event.apply(world))), out,
                    new DryContext(settings.awsRegion(), settings.accountId().orElse(DRY_ACCOUNT)));
            Json.parseObject(new ByteArrayInputStream(out.toByteArray()));
        } catch (Exception | LinkageError e) {
            failure = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new Run((System.nanoTime() - start) / 1_000_000, http.served(), failure);
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        Run run = prime();
        String said = "snapstart: primed " + function + " in " + run.millis() + " ms with " + run.dryRequests()
                + " in-memory SDK requests" + run.failure().map(f -> "; priming stopped early: " + f).orElse("");
        if (run.failure().isPresent()) {
            components.log().warn(said, Fields.NONE);
        } else {
            components.log().info(said, Fields.NONE);
        }
    }

    /**
     * Nothing to refresh: the credentials provider reads the environment on every call, the HTTP client holds no
     * connection opened before the snapshot (priming opens none), and nothing random or time-bound was kept.
     */
    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // see above
    }

    private static final LambdaLogger QUIET = new LambdaLogger() {
        @Override
        public void log(String message) {
            // the dry run's own log lines would only confuse the INIT log
        }

        @Override
        public void log(byte[] message) {
            // as above
        }
    };

    /** What the runtime would pass: the ARN carries the account, as in Lambda. */
    private record DryContext(String region, String account) implements Context {
        @Override public String getAwsRequestId() { return DryRunService.JOB_ID; }
        @Override public String getLogGroupName() { return DryRunService.JOB_ID; }
        @Override public String getLogStreamName() { return DryRunService.JOB_ID; }
        @Override public String getFunctionName() { return DryRunService.JOB_ID; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:" + region + ":" + account + ":function:" + DryRunService.JOB_ID;
        }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 60_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() { return QUIET; }
    }
}
