package io.github.wsicopy.validate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.rules.RulesConfig;
import io.github.wsicopy.core.workflow.FactGatherer;
import io.github.wsicopy.core.workflow.JobValidator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * First state of the workflow. Input: {@code {"input": <execution input>, "executionName": "..."}} where the
 * execution input is {@code {"jobId": "..."}} (a stored job) or {@code {"request": {...}}}; the execution
 * input alone is accepted too, for direct invokes. Output: {@code {jobId, state, regions, hasWork, counts}}.
 */
public final class ValidateHandler implements RequestStreamHandler {
    private final Components components;
    private final JobValidator validator;

    public ValidateHandler() {
        this(Components.fromEnvironment());
    }

    public ValidateHandler(Components components) {
        Settings settings = components.settings();
        this.components = components;
        this.validator = new JobValidator(components.store(),
                new FactGatherer(components.workspaces(), settings.tagLookupLimit()),
                RulesConfig.defaults().withImageQuotaPerRegion(settings.imageQuotaPerRegion()),
                new RequestParser.Defaults(settings.trustedOwnerAccounts()),
                components.clock(), components.retention(), components.log());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        Map<String, Object> event = Json.parseObject(in);
        Map<String, Object> input = Inputs.optionalObject(event, "input").orElse(event);
        Optional<String> executionName = Inputs.optionalString(event, "executionName");
        String jobId = Inputs.jobId(Inputs.optionalString(input, "jobId").or(() -> executionName).orElseThrow(
                () -> new IllegalArgumentException("'jobId' or 'executionName' is required")), "jobId");
        JobValidator.Result result = validator.validate(jobId, Inputs.optionalObject(input, "request"),
                Inputs.callerAccount(context, components.settings()));
        out.write(Json.writeBytes(result.toJson()));
    }
}
