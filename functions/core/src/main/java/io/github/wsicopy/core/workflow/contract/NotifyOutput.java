package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.store.Counts;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the notify function answers, the execution's output: the job, its final state, and its counters
 * ({@code state} is {@code UNKNOWN} and there are no counters when no such job is stored: an execution that ended
 * before Validate stored it).
 */
public record NotifyOutput(String jobId, String state, Optional<Counts> counts) {
    public static final String UNKNOWN = "UNKNOWN";

    public static NotifyOutput unknown(String jobId) {
        return new NotifyOutput(jobId, UNKNOWN, Optional.empty());
    }

    public static NotifyOutput read(Map<String, Object> json) {
        return new NotifyOutput(Inputs.requiredJobId(json), Inputs.optionalString(json, "state").orElseThrow(
                () -> new IllegalArgumentException("'state' is required")),
                Inputs.optionalObject(json, "counts").map(Counts::read));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("state", state);
        counts.ifPresent(c -> json.put("counts", c.toJson()));
        return json;
    }
}
