package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.TaskState;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The constant-size state that travels through the Region loop of the state machine: one loop (a child execution)
 * runs a batch of targets ({@link Batches}), and these are its numbers. The tasks stay in DynamoDB; only the
 * targets and these counts travel.
 */
public record RegionProgress(
        String jobId,
        List<Target> targets,
        long pending,
        long starting,
        long copying,
        long finished,
        int pollRound,
        int nextWaitSeconds,
        NextStep next) {

    public RegionProgress {
        targets = List.copyOf(targets);
    }

    /** One target's progress, from its tasks. */
    public static RegionProgress of(String jobId, Target target, Collection<CopyTask> tasks, int pollRound,
            int nextWaitSeconds, NextStep next) {
        long pending = tasks.stream().filter(t -> t.state() == TaskState.PENDING).count();
        long starting = tasks.stream().filter(t -> t.state() == TaskState.STARTING).count();
        long copying = tasks.stream().filter(t -> t.state() == TaskState.COPYING).count();
        long finished = tasks.size() - pending - starting - copying;
        return new RegionProgress(jobId, List.of(target), pending, starting, copying, finished,
                pollRound, nextWaitSeconds, next);
    }

    /**
     * A batch's progress from its targets' own: counts add up, and the loop goes where its most urgent target needs
     * it. A target that can start now makes the batch start now; else a target waiting to start makes it start after
     * the shortest such wait (a target that only polls answers StartCopies with its poll wait, and is polled once the
     * batch's starts are done: copies take tens of minutes, a start phase seconds to minutes); else the shortest poll
     * wait; else the batch is done. The share back-off's round and the poll round travel as the largest of the
     * targets' own, since each step hands every target the batch's round.
     */
    public static RegionProgress combine(String jobId, List<Target> batch, List<RegionProgress> parts) {
        long pending = 0;
        long starting = 0;
        long copying = 0;
        long finished = 0;
        for (RegionProgress p : parts) {
            pending += p.pending;
            starting += p.starting;
            copying += p.copying;
            finished += p.finished;
        }
        NextStep next = NextStep.DONE;
        for (NextStep step : List.of(NextStep.START, NextStep.WAIT_THEN_START, NextStep.WAIT_THEN_POLL)) {
            if (parts.stream().anyMatch(p -> p.next == step)) {
                next = step;
                break;
            }
        }
        NextStep chosen = next;
        int wait = chosen.waits() ? parts.stream().filter(p -> p.next == chosen)
                .mapToInt(RegionProgress::nextWaitSeconds).min().orElse(0) : 0;
        int round = parts.stream().filter(p -> p.next == chosen).mapToInt(RegionProgress::pollRound).max().orElse(0);
        return new RegionProgress(jobId, batch, pending, starting, copying, finished, round, wait, chosen);
    }

    /** The same progress with another wait before the next step. */
    public RegionProgress waiting(int seconds) {
        return new RegionProgress(jobId, targets, pending, starting, copying, finished, pollRound, seconds, next);
    }

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", jobId);
        json.put("targets", Target.toJson(targets));
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
        return new RegionProgress(Inputs.requiredJobId(json), Inputs.requiredTargets(json),
                count(json, "pending"),
                count(json, "starting"), count(json, "copying"), count(json, "finished"),
                (int) count(json, "pollRound"), (int) count(json, "nextWaitSeconds"),
                NextStep.valueOf(Inputs.optionalString(json, "next")
                        .orElseThrow(() -> new IllegalArgumentException("'next' is required"))));
    }

    /** The one target of a single-target progress (a per-target step's answer, or a batch of one). */
    public Target target() {
        if (targets.size() != 1) {
            throw new IllegalStateException("a batch of " + targets.size() + " targets has no single target");
        }
        return targets.get(0);
    }

    private static long count(Map<String, Object> json, String field) {
        return json.get(field) instanceof Number n ? n.longValue() : 0;
    }
}
