package io.github.wsicopy.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.workspaces.CallDeadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.retry.RetryMode;
import io.github.wsicopy.core.workflow.Executions;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The HTTP API behind API Gateway (HTTP API, payload format 2.0, IAM authorization): jobs, dry-run plans,
 * tasks, cancel and retry; replication policies and their schedules. Input: the API Gateway event; output: its response (status, headers, JSON body).
 */
public final class ApiHandler implements RequestStreamHandler {
    private final Components components;
    private final JobsApi api;

    public ApiHandler() {
        this(Components.fromEnvironment(), ApiSettings.fromEnvironment());
    }

    public ApiHandler(Components components, ApiSettings settings) {
        this.components = components;
        SfnClient sfn = components.clients()
                .configure(SfnClient.builder(), components.settings().awsRegion(), settings.stateMachine().endpoint())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(10)))
                .build();
        SchedulerClient scheduler = components.clients()
                .configure(SchedulerClient.builder(), components.settings().awsRegion(), settings.schedules().endpoint())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(10)))
                .build();
        this.api = new JobsApi(components, settings, new Executions(sfn, settings.stateMachine().stateMachineArn()),
                new SchedulerSchedules(scheduler, settings.schedules(), settings.stateMachine().stateMachineArn()));
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        try (CallDeadline deadline = CallDeadline.of(context)) {
            HttpRequest request = HttpRequest.fromEvent(Json.parseObject(in));
            HttpResponse response = api.handle(request, Inputs.callerAccount(context, components.settings()));
            components.log().info(request.method() + " " + request.path() + " " + response.status() + " (request "
                    + request.requestId() + ")", Fields.NONE);
            out.write(Json.writeBytes(response.toEvent()));
        }
    }

    /** The routes, for the test that holds them against docs/api/openapi.yaml. */
    List<Router.Route> routes() {
        return api.routes();
    }
}
