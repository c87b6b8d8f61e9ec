package io.github.wsicopy.validate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.workflow.JobValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * First state of the workflow. Input: {@code {"input": <execution input>, "executionName": "..."}} where the
 * execution input is {@code {"jobId": "..."}} (a stored job), {@code {"request": {...}}} or
 * {@code {"policy": {...}}} (a scheduled run of a replication policy); the execution
 * input alone is accepted too, for direct invokes. Output: {@code {jobId, state, regions, hasWork, counts}}.
 */
public final class ValidateHandler implements RequestStreamHandler {
    private final Components components;
    private final JobValidator validator;

    public ValidateHandler() {
        this(Components.fromEnvironment());
    }

    public ValidateHandler(Components components) {
        this.components = components;
        this.validator = JobValidator.of(components);
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Map<String, Object> event = Json.parseObject(in);
        Map<String, Object> input = Inputs.optionalObject(event, "input").orElse(event);
        Optional<String> executionName = Inputs.optionalString(event, "executionName");
        String jobId = Inputs.jobId(Inputs.optionalString(input, "jobId").or(() -> executionName).orElseThrow(
                () -> new IllegalArgumentException("'jobId' or 'executionName' is required")), "jobId");
        String callerAccount = Inputs.callerAccount(context, components.settings());
        Optional<Map<String, Object>> policy = Inputs.optionalObject(input, "policy");
        JobValidator.Result result = policy.isPresent()
                ? validator.validatePolicy(jobId, policy.get(), callerAccount)
                : validator.validate(jobId, Inputs.optionalObject(input, "request"), callerAccount);
        out.write(Json.writeBytes(result.toJson()));
    }
}
