package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workflow.RegionProgress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What StartCopies and PollStatus read of a target's loop state: the Map's item {@code {jobId, account, region}} on
 * the first call, then the previous step's {@link RegionProgress} (whose other fields they ignore: the tasks in
 * DynamoDB are the truth). {@code pollRound} is 0 on the first call.
 */
public record RegionInput(String jobId, String account, String region, int pollRound) {

    /** The Map's item for one target (the CopyRegions state's ItemSelector). */
    public static RegionInput first(String jobId, Target target) {
        return new RegionInput(jobId, target.account(), target.region(), 0);
    }

    public static RegionInput read(Map<String, Object> json) {
        return new RegionInput(Inputs.requiredJobId(json), Inputs.requiredAccount(json), Inputs.requiredRegion(json),
                json.get("pollRound") instanceof Number n ? n.intValue() : 0);
    }

    public Target target() {
        return new Target(account, region);
    }

    /** The Map's item: {@code {jobId, account, region}}, as the ItemSelector writes it (no poll round yet). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("account", account);
        json.put("region", region);
        if (pollRound != 0) {
            json.put("pollRound", pollRound);
        }
        return json;
    }
}
