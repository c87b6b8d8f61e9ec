package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What an execution is started with: {@code {"jobId"}} (a job the API stored), {@code {"request"}} (a request to
 * store as a new job), {@code {"policy"}} (a run of the policy given inline: the template's SchedulePolicy) or
 * {@code {"policyId"}} (a run of a policy stored through the API, read from the table when the run is validated,
 * so an edited policy applies to the next run without touching its schedule).
 */
public record ExecutionInput(Optional<String> jobId, Optional<Map<String, Object>> request,
        Optional<Map<String, Object>> policy, Optional<String> policyId) {

    public static ExecutionInput ofJob(String jobId) {
        return new ExecutionInput(Optional.of(jobId), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static ExecutionInput ofRequest(Map<String, Object> request) {
        return new ExecutionInput(Optional.empty(), Optional.of(request), Optional.empty(), Optional.empty());
    }

    public static ExecutionInput ofPolicy(Map<String, Object> policy) {
        return new ExecutionInput(Optional.empty(), Optional.empty(), Optional.of(policy), Optional.empty());
    }

    /** A run of the stored policy {@code policyId} (its schedule, or {@code POST /policies/{id}/run}). */
    public static ExecutionInput ofStoredPolicy(String policyId) {
        return new ExecutionInput(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(policyId));
    }

    public static ExecutionInput read(Map<String, Object> json) {
        return new ExecutionInput(Inputs.optionalString(json, "jobId"), Inputs.optionalObject(json, "request"),
                Inputs.optionalObject(json, "policy"), Inputs.optionalString(json, "policyId"));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        jobId.ifPresent(v -> json.put("jobId", v));
        request.ifPresent(v -> json.put("request", v));
        policy.ifPresent(v -> json.put("policy", v));
        policyId.ifPresent(v -> json.put("policyId", v));
        return json;
    }
}
