package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workflow.RegionProgress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What StartCopies and PollStatus read of a batch's loop state: the Map's item {@code {jobId, targets}} on the first
 * call, then the previous step's {@link RegionProgress} (whose other fields they ignore: the tasks in DynamoDB are the
 * truth). {@code pollRound} is 0 on the first call.
 *
 * @param targets the batch: the (account, Region) targets this loop runs side by side ({@code Batches})
 */
public record RegionInput(String jobId, List<Target> targets, int pollRound) {

    public RegionInput {
        targets = List.copyOf(targets);
    }

    /** The Map's item for one batch (the CopyRegions state's ItemSelector). */
    public static RegionInput first(String jobId, List<Target> batch) {
        return new RegionInput(jobId, batch, 0);
    }

    /** The Map's item for a batch of one target. */
    public static RegionInput first(String jobId, Target target) {
        return first(jobId, List.of(target));
    }

    public static RegionInput read(Map<String, Object> json) {
        return new RegionInput(Inputs.requiredJobId(json), Inputs.requiredTargets(json),
                json.get("pollRound") instanceof Number n ? n.intValue() : 0);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("targets", Target.toJson(targets));
        if (pollRound != 0) {
            json.put("pollRound", pollRound);
        }
        return json;
    }
}
