package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The input of a target's finishing step, FinishTarget ({@code {"jobId", "account", "region", "finish": true}}), and
 * of FinishTargetFailed, which the FinishTarget state's Catch enters with the caught {@code error}. The copy function
 * tells it from a {@link RegionInput} or a {@link RegionFailedInput} by {@code finish}, so this check comes first.
 *
 * @param finish always true: the flag that routes the copy function's input here
 * @param error  the finishing step's own failure, for FinishTargetFailed to record; empty for FinishTarget
 */
public record FinishInput(String jobId, String account, String region, boolean finish,
        Optional<WorkflowError> error) {

    public static FinishInput of(String jobId, Target target) {
        return new FinishInput(jobId, target.account(), target.region(), true, Optional.empty());
    }

    public static FinishInput failed(String jobId, Target target, WorkflowError error) {
        return new FinishInput(jobId, target.account(), target.region(), true, Optional.of(error));
    }

    /** Whether a copy function input is this one. */
    public static boolean isFinish(Map<String, Object> json) {
        return Boolean.TRUE.equals(json.get("finish"));
    }

    public static FinishInput read(Map<String, Object> json) {
        if (!isFinish(json)) {
            throw new IllegalArgumentException("'finish' must be true for the finishing step");
        }
        return new FinishInput(Inputs.requiredJobId(json), Inputs.requiredAccount(json), Inputs.requiredRegion(json),
                true, Inputs.optionalObject(json, "error").map(WorkflowError::of));
    }

    public Target target() {
        return new Target(account, region);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("account", account);
        json.put("region", region);
        json.put("finish", finish);
        error.ifPresent(e -> json.put("error", e.toJson()));
        return json;
    }
}
