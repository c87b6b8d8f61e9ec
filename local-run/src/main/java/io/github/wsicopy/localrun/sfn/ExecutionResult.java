package io.github.wsicopy.localrun.sfn;

import io.github.wsicopy.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How an execution ended, as Step Functions would report it: SUCCEEDED with its output, or FAILED with the
 * error and cause of the state that failed it; with what it did ({@link Transitions}) and what its histories would
 * hold in AWS ({@link Histories}).
 */
public record ExecutionResult(String status, Object output, String error, String cause, Transitions transitions,
        Histories histories) {

    public boolean succeeded() {
        return "SUCCEEDED".equals(status);
    }

    /** The output as an object (the workflow's last Task returns one). */
    @SuppressWarnings("unchecked")
    public Map<String, Object> outputObject() {
        return output instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @SuppressWarnings("unchecked")
    static ExecutionResult parse(String json) {
        Map<String, Object> r = Json.parseObject(json);
        return new ExecutionResult((String) r.get("status"), r.get("output"), (String) r.get("error"),
                (String) r.get("cause"), Transitions.fromJson((Map<String, Object>) r.getOrDefault("transitions", Map.of())),
                Histories.fromJson((Map<String, Object>) r.get("histories")));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status);
        if (succeeded()) {
            json.put("output", output);
        } else {
            json.put("error", error);
            json.put("cause", cause);
        }
        json.put("transitions", transitions.toJson());
        json.put("histories", histories.toJson());
        return json;
    }
}
