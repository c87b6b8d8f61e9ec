package io.github.wsicopy.api;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.PolicyDefinition;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Stored policies as JSON, and their ETag: the version, quoted ({@code "3"}). */
final class PolicyViews {
    private PolicyViews() {}

    static String path(String policyId) {
        return "/policies/" + policyId;
    }

    static String etag(long version) {
        return "\"" + version + "\"";
    }

    static Map<String, Object> policy(PolicyDefinition d, Optional<String> activeJobId) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("policyId", d.policyId());
        json.put("policy", Json.parseObject(d.document()));
        d.schedule().ifPresent(s -> {
            Map<String, Object> schedule = s.toJson();
            schedule.put("name", d.scheduleName());
            json.put("schedule", schedule);
        });
        json.put("version", d.version());
        json.put("createdAt", d.createdAt().toString());
        json.put("updatedAt", d.updatedAt().toString());
        activeJobId.ifPresent(j -> json.put("activeJobId", j));
        return json;
    }
}
