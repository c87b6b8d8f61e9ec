package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The input of a batch's finishing step, FinishTarget ({@code {"jobId", "targets", "finish": true}}), and of
 * FinishTargetFailed, which the FinishTarget state's Catch enters with the caught {@code error}. The copy function
 * tells it from a {@link RegionInput} or a {@link RegionFailedInput} by {@code finish}, so this check comes first.
 *
 * @param targets the batch's targets, each finished on its own
 * @param finish  always true: the flag that routes the copy function's input here
 * @param error   the finishing step's own failure, for FinishTargetFailed to record; empty for FinishTarget
 */
public record FinishInput(String jobId, List<Target> targets, boolean finish, Optional<WorkflowError> error) {

    public FinishInput {
        targets = List.copyOf(targets);
    }

    public static FinishInput of(String jobId, List<Target> targets) {
        return new FinishInput(jobId, targets, true, Optional.empty());
    }

    public static FinishInput of(String jobId, Target target) {
        return of(jobId, List.of(target));
    }

    public static FinishInput failed(String jobId, List<Target> targets, WorkflowError error) {
        return new FinishInput(jobId, targets, true, Optional.of(error));
    }

    /** Whether a copy function input is this one. */
    public static boolean isFinish(Map<String, Object> json) {
        return Boolean.TRUE.equals(json.get("finish"));
    }

    public static FinishInput read(Map<String, Object> json) {
        if (!isFinish(json)) {
            throw new IllegalArgumentException("'finish' must be true for the finishing step");
        }
        return new FinishInput(Inputs.requiredJobId(json), Inputs.requiredTargets(json), true,
                Inputs.optionalObject(json, "error").map(WorkflowError::of));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("targets", Target.toJson(targets));
        json.put("finish", finish);
        error.ifPresent(e -> json.put("error", e.toJson()));
        return json;
    }
}
