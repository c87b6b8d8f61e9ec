package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.finish.RegionFinisher;
import io.github.wsicopy.core.model.Target;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a target's finishing step answers: counts only (the items are in the table), so the payload stays the same
 * size whatever the step did. The child execution ends right after it with an empty output (RegionDone).
 *
 * @param notFinal true when the target still had copies in flight, so nothing was done
 */
public record FinishOutput(String jobId, String account, String region, int imagesDeleted, int imagesKept,
        int bundles, int parameters, int failed, boolean notFinal) {

    public static FinishOutput of(String jobId, Target target, RegionFinisher.Outcome outcome) {
        return new FinishOutput(jobId, target.account(), target.region(), outcome.imagesDeleted(),
                outcome.imagesKept(), outcome.bundles(), outcome.parameters(), outcome.failed(), outcome.notFinal());
    }

    public static FinishOutput read(Map<String, Object> json) {
        return new FinishOutput(Inputs.requiredJobId(json), Inputs.requiredAccount(json), Inputs.requiredRegion(json),
                count(json, "imagesDeleted"), count(json, "imagesKept"), count(json, "bundles"),
                count(json, "parameters"), count(json, "failed"), Boolean.TRUE.equals(json.get("notFinal")));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("account", account);
        json.put("region", region);
        json.put("imagesDeleted", imagesDeleted);
        json.put("imagesKept", imagesKept);
        json.put("bundles", bundles);
        json.put("parameters", parameters);
        json.put("failed", failed);
        json.put("notFinal", notFinal);
        return json;
    }

    private static int count(Map<String, Object> json, String field) {
        return json.get(field) instanceof Number n ? n.intValue() : 0;
    }
}
