package io.github.wsicopy.validate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.snapstart.DryRunService;
import io.github.wsicopy.core.snapstart.Primer;
import io.github.wsicopy.core.snapstart.SnapStartHooks;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.core.workflow.contract.ExecutionInput;
import io.github.wsicopy.core.workflow.contract.ValidateInput;
import io.github.wsicopy.core.workspaces.CallDeadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.crac.Resource;

/**
 * First state of the workflow. Input: {@code {"input": <execution input>, "executionName": "..."}} where the
 * execution input is {@code {"jobId": "..."}} (a stored job), {@code {"request": {...}}},
 * {@code {"policy": {...}}} (a run of the template's SchedulePolicy) or {@code {"policyId": "..."}} (a run of a
 * policy stored through the API); the execution input alone is accepted too, for
 * direct invokes. Output: {@code {jobId, state, regions, hasWork, counts}}.
 */
public final class ValidateHandler implements RequestStreamHandler {
    private final Components components;
    private final JobValidator validator;
    private final Primer primer;

    /** Lambda's constructor; registers the SnapStart priming hook. */
    public ValidateHandler() {
        this(Components.fromEnvironment());
        SnapStartHooks.register(primer);
    }

    public ValidateHandler(Components components) {
        this.components = components;
        this.validator = JobValidator.of(components);
        // Primes the whole validation of a new job: facts from WorkSpaces, rules, task writes, RUNNING.
        this.primer = new Primer("validate", components, JobState.SUBMITTED, TaskState.PENDING,
                ValidateHandler::new, world -> new ValidateInput(ExecutionInput.ofRequest(world.request()),
                        Optional.of(DryRunService.JOB_ID)).toJson());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        try (CallDeadline deadline = CallDeadline.of(context)) {
            out.write(Json.writeBytes(handle(Json.parseObject(in), context)));
        }
    }

    /** The handler's work on an already parsed event. */
    public Map<String, Object> handle(Map<String, Object> event, Context context) {
        ValidateInput input = ValidateInput.read(event);
        String jobId = input.jobId();
        String callerAccount = Inputs.callerAccount(context, components.settings());
        Optional<Map<String, Object>> policy = input.input().policy();
        Optional<String> policyId = input.input().policyId();
        JobValidator.Result result = policyId.isPresent()
                ? validator.validateStoredPolicy(jobId, policyId.get(), callerAccount)
                : policy.isPresent()
                ? validator.validatePolicy(jobId, policy.get(), callerAccount)
                : validator.validate(jobId, input.input().request(), callerAccount);
        return result.toJson();
    }

    /** The SnapStart hook (registered by the Lambda constructor only). */
    public Resource primer() {
        return primer;
    }
}
