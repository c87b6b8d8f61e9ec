package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import io.github.wsicopy.core.workflow.RegionFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RegionFailed state's input, written by the StartCopiesFailed / PollStatusFailed Pass states when a step of
 * a target's loop failed for good: {@code {"jobId", "account", "region", "step", "error": {"Error", "Cause"}}}. The copy
 * function tells it from a {@link RegionInput} by its {@code error}.
 */
public record RegionFailedInput(String jobId, String account, String region, RegionFailure.Step step,
        WorkflowError error) {

    public io.github.wsicopy.core.model.Target target() {
        return new io.github.wsicopy.core.model.Target(account, region);
    }

    /** Whether a copy function input is this one rather than a {@link RegionInput}. */
    public static boolean isFailure(Map<String, Object> json) {
        return json.get("error") != null;
    }

    public static RegionFailedInput read(Map<String, Object> json) {
        WorkflowError error = WorkflowError.of(Inputs.optionalObject(json, "error").orElseThrow(
                () -> new IllegalArgumentException("'error' is required")));
        RegionFailure.Step step = RegionFailure.Step.of(Inputs.optionalString(json, "step")
                .orElseThrow(() -> new IllegalArgumentException("'step' is required with 'error'")));
        return new RegionFailedInput(Inputs.requiredJobId(json), Inputs.requiredAccount(json),
                Inputs.requiredRegion(json), step, error);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("account", account);
        json.put("region", region);
        json.put("step", step.stateName());
        json.put("error", error.toJson());
        return json;
    }
}
