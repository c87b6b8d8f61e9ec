package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.finish.RegionFinisher;
import io.github.wsicopy.core.model.Target;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a batch's finishing step answers: counts only, added up over its targets (the items are in the table), so the
 * payload stays the same size whatever the step did. The child execution ends right after it with an empty output
 * (RegionDone).
 *
 * @param notFinal true when a target still had copies in flight, so nothing was done there
 */
public record FinishOutput(String jobId, List<Target> targets, int imagesDeleted, int imagesKept,
        int bundles, int parameters, int failed, boolean notFinal) {

    public FinishOutput {
        targets = List.copyOf(targets);
    }

    public static FinishOutput of(String jobId, Target target, RegionFinisher.Outcome outcome) {
        return new FinishOutput(jobId, List.of(target), outcome.imagesDeleted(),
                outcome.imagesKept(), outcome.bundles(), outcome.parameters(), outcome.failed(), outcome.notFinal());
    }

    /** A batch's answer: its targets' own, added up. */
    public static FinishOutput sum(String jobId, List<Target> batch, List<FinishOutput> parts) {
        int deleted = 0;
        int kept = 0;
        int bundles = 0;
        int parameters = 0;
        int failed = 0;
        boolean notFinal = false;
        for (FinishOutput part : parts) {
            deleted += part.imagesDeleted;
            kept += part.imagesKept;
            bundles += part.bundles;
            parameters += part.parameters;
            failed += part.failed;
            notFinal |= part.notFinal;
        }
        return new FinishOutput(jobId, batch, deleted, kept, bundles, parameters, failed, notFinal);
    }

    public static FinishOutput read(Map<String, Object> json) {
        return new FinishOutput(Inputs.requiredJobId(json), Inputs.requiredTargets(json),
                count(json, "imagesDeleted"), count(json, "imagesKept"), count(json, "bundles"),
                count(json, "parameters"), count(json, "failed"), Boolean.TRUE.equals(json.get("notFinal")));
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("targets", Target.toJson(targets));
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
