package io.github.wsicopy.core.workflow;

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
        String region,
        long pending,
        long starting,
        long copying,
        long finished,
        int pollRound,
        int nextWaitSeconds,
        NextStep next) {

    public static RegionProgress of(String jobId, String region, Collection<CopyTask> tasks, int pollRound,
            int nextWaitSeconds, NextStep next) {
        long pending = tasks.stream().filter(t -> t.state() == TaskState.PENDING).count();
        long starting = tasks.stream().filter(t -> t.state() == TaskState.STARTING).count();
        long copying = tasks.stream().filter(t -> t.state() == TaskState.COPYING).count();
        long finished = tasks.size() - pending - starting - copying;
        return new RegionProgress(jobId, region, pending, starting, copying, finished, pollRound, nextWaitSeconds, next);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
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

    /** The poll round a Region loop input carries (absent on the first call). */
    public static int pollRoundOf(Map<String, Object> input) {
        return input.get("pollRound") instanceof Number n ? n.intValue() : 0;
    }
}
