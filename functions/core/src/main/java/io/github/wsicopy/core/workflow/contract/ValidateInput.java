package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Validate state's input: {@code {"input": <execution input>, "executionName"}}. The execution input alone
 * is accepted too, for direct invokes. The job is the input's {@code jobId}, else the execution's name.
 */
public record ValidateInput(ExecutionInput input, Optional<String> executionName) {

    public static ValidateInput read(Map<String, Object> json) {
        return new ValidateInput(ExecutionInput.read(Inputs.optionalObject(json, "input").orElse(json)),
                Inputs.optionalString(json, "executionName"));
    }

    /** The job this validation is for. */
    public String jobId() {
        return Inputs.jobId(input.jobId().or(() -> executionName).orElseThrow(
                () -> new IllegalArgumentException("'jobId' or 'executionName' is required")), "jobId");
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("input", input.toJson());
        executionName.ifPresent(v -> json.put("executionName", v));
        return json;
    }
}
