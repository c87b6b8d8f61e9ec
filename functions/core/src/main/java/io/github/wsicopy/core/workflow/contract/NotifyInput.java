package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The input of the Notify state ({@code {"jobId", "executionName"}}) and of NotifyFailure ({@code {"executionName",
 * "error": {"Error", "Cause"}}}: the job is the execution's name). The EventBridge status-change event the notify
 * function also receives is read by the function itself.
 */
public record NotifyInput(Optional<String> jobId, Optional<String> executionName, Optional<WorkflowError> error) {

    public static NotifyInput success(String jobId, String executionName) {
        return new NotifyInput(Optional.of(jobId), Optional.of(executionName), Optional.empty());
    }

    public static NotifyInput failure(String executionName, WorkflowError error) {
        return new NotifyInput(Optional.empty(), Optional.of(executionName), Optional.of(error));
    }

    public static NotifyInput read(Map<String, Object> json) {
        return new NotifyInput(Inputs.optionalString(json, "jobId"), Inputs.optionalString(json, "executionName"),
                Inputs.optionalObject(json, "error").map(WorkflowError::of));
    }

    /** The job to finish: {@code jobId}, else the execution's name. */
    public String job() {
        return Inputs.jobId(jobId.or(() -> executionName).orElseThrow(
                () -> new IllegalArgumentException("'jobId' or 'executionName' is required")), "jobId");
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        jobId.ifPresent(v -> json.put("jobId", v));
        executionName.ifPresent(v -> json.put("executionName", v));
        error.ifPresent(v -> json.put("error", v.toJson()));
        return json;
    }
}
