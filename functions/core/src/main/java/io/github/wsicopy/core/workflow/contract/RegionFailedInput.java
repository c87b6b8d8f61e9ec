package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import io.github.wsicopy.core.workflow.RegionFailure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RegionFailed state's input, written by the StartCopiesFailed / PollStatusFailed Pass states when a step of
 * a batch's loop failed for good: {@code {"jobId", "targets", "step", "error": {"Error", "Cause"}}}. The copy
 * function tells it from a {@link RegionInput} by its {@code error}.
 */
public record RegionFailedInput(String jobId, List<Target> targets, RegionFailure.Step step, WorkflowError error) {

    public RegionFailedInput {
        targets = List.copyOf(targets);
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
        return new RegionFailedInput(Inputs.requiredJobId(json), Inputs.requiredTargets(json), step, error);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("targets", Target.toJson(targets));
        json.put("step", step.stateName());
        json.put("error", error.toJson());
        return json;
    }
}
