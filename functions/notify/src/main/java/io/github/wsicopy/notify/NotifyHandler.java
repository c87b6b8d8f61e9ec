package io.github.wsicopy.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Last state of every execution, also on the failure path. Input: {@code {"jobId"?, "executionName",
 * "error"?: {"Error", "Cause"}}}. Ends the job, then tells people (SNS) and programs (EventBridge), once.
 */
public final class NotifyHandler implements RequestStreamHandler {
    private final Components components;
    private final JobFinisher finisher;
    private final Notifier notifier;

    public NotifyHandler() {
        this(Components.fromEnvironment());
    }

    public NotifyHandler(Components components) {
        Settings settings = components.settings();
        this.components = components;
        this.finisher = new JobFinisher(components.store(), components.clock(), components.retention(), components.log());
        this.notifier = new Notifier(
                settings.topicArn().map(arn -> components.clients()
                        .configure(SnsClient.builder(), settings.awsRegion(), settings.snsEndpoint()).build()),
                components.clients().configure(EventBridgeClient.builder(), settings.awsRegion(), settings.eventsEndpoint()).build(),
                settings, components.log());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Map<String, Object> input = Json.parseObject(in);
        String jobId = Inputs.jobId(Inputs.optionalString(input, "jobId")
                .or(() -> Inputs.optionalString(input, "executionName"))
                .orElseThrow(() -> new IllegalArgumentException("'jobId' or 'executionName' is required")), "jobId");
        Optional<WorkflowError> error = Inputs.optionalObject(input, "error").map(e -> new WorkflowError(
                Inputs.optionalString(e, "Error").orElse("UnknownError"),
                Inputs.optionalString(e, "Cause").orElse("")));

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jobId", jobId);
        Optional<JobFinisher.Finished> finished = finisher.finish(jobId, error);
        if (finished.isEmpty()) {
            result.put("state", "UNKNOWN");
        } else {
            JobFinisher.Finished f = finished.get();
            if (f.job().notifiedAt().isEmpty()) {
                notifier.publish(f.job(), f.tasks());
                components.store().markNotified(jobId);
            }
            result.put("state", f.job().state());
            result.put("counts", f.job().counts().toJson());
        }
        out.write(Json.writeBytes(result));
    }
}
