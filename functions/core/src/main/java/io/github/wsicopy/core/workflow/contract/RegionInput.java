package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.workflow.RegionProgress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What StartCopies and PollStatus read of the Region loop's state: the Map's item {@code {jobId, region}} on the
 * first call, then the previous step's {@link RegionProgress} (whose other fields they ignore: the tasks in
 * DynamoDB are the truth). {@code pollRound} is 0 on the first call.
 */
public record RegionInput(String jobId, String region, int pollRound) {

    /** The Map's item for one destination Region (the CopyRegions state's ItemSelector). */
    public static RegionInput first(String jobId, String region) {
        return new RegionInput(jobId, region, 0);
    }

    public static RegionInput read(Map<String, Object> json) {
        return new RegionInput(Inputs.requiredJobId(json), Inputs.requiredRegion(json),
                json.get("pollRound") instanceof Number n ? n.intValue() : 0);
    }

    /** The Map's item: {@code {jobId, region}}, as the ItemSelector writes it (no poll round yet). */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("region", region);
        if (pollRound != 0) {
            json.put("pollRound", pollRound);
        }
        return json;
    }
}
