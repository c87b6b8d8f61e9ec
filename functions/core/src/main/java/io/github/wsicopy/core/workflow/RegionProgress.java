package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.TaskState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The constant-size state that travels through the Region loop of the state machine. The tasks stay in
 * DynamoDB; only these numbers travel.
 */
public record RegionProgress(
        String jobId,
        String account,
        String region,
        long pending,
        long starting,
        long copying,
        long finished,
        int pollRound,
        int nextWaitSeconds,
        NextStep next) {

    public static RegionProgress of(String jobId, Target target, Collection<CopyTask> tasks, int pollRound,
            int nextWaitSeconds, NextStep next) {
        long pending = tasks.stream().filter(t -> t.state() == TaskState.PENDING).count();
        long starting = tasks.stream().filter(t -> t.state() == TaskState.STARTING).count();
        long copying = tasks.stream().filter(t -> t.state() == TaskState.COPYING).count();
        long finished = tasks.size() - pending - starting - copying;
        return new RegionProgress(jobId, target.account(), target.region(), pending, starting, copying, finished,
                pollRound, nextWaitSeconds, next);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("account", account);
        json.put("region", region);
        json.put("pending", pending);
        json.put("starting", starting);
        json.put("copying", copying);
        json.put("finished", finished);
        json.put("pollRound", pollRound);
        json.put("nextWaitSeconds", nextWaitSeconds);
        json.put("next", next);
        return json;
    }

    /** Reads {@link #toJson()}'s form (a step's output, e.g. for a local run that follows the loop). */
    public static RegionProgress read(Map<String, Object> json) {
        return new RegionProgress(Inputs.requiredJobId(json), Inputs.requiredAccount(json), Inputs.requiredRegion(json),
                count(json, "pending"),
                count(json, "starting"), count(json, "copying"), count(json, "finished"),
                (int) count(json, "pollRound"), (int) count(json, "nextWaitSeconds"),
                NextStep.valueOf(Inputs.optionalString(json, "next")
                        .orElseThrow(() -> new IllegalArgumentException("'next' is required"))));
    }

    public Target target() {
        return new Target(account, region);
    }

    private static long count(Map<String, Object> json, String field) {
        return json.get(field) instanceof Number n ? n.longValue() : 0;
    }
}
