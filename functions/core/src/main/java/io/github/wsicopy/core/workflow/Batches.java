package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.model.Target;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a job's targets are grouped into the Map's items, one child execution each. A child's loop costs about the
 * same state transitions whatever its number of copies (a start round, then a poll round per wait: about 40 to 60 for
 * copies of an hour), so a child of 10 copies pays 4 to 6 transitions a copy and one of 200 a quarter of one. Targets with
 * few copies are therefore batched until a batch has about {@link #COPIES_PER_BATCH} of them, at most
 * {@link #MAX_TARGETS} targets, which a step runs side by side ({@link BatchRunner}), each at its own (account, Region)
 * rate; a target with that many copies of its own runs alone. An account's targets are kept together (in the job's
 * order), so a batch's targets share few accounts (one role session each per invocation). Pure.
 */
public final class Batches {
    /**
     * Planned copies a batch is grouped up to: a loop's fixed cost (its start rounds while shares are made, then 15 or
     * so poll rounds for copies of an hour) falls well under one transition a copy.
     */
    public static final int COPIES_PER_BATCH = 200;
    /**
     * The most targets in one batch: the threads one step runs them on (each mostly waiting on its own (account,
     * Region)'s calls), enough that one copy to each of 50 targets is one loop rather than four.
     */
    public static final int MAX_TARGETS = 50;

    private Batches() {}

    /**
     * The batches of a job's {@code targets} with {@code plannedCopies} copies in all: equal-sized, each of
     * {@link #targetsPerBatch} targets (the last may be smaller), in target order.
     */
    public static List<List<Target>> of(List<Target> targets, long plannedCopies) {
        // An account's targets side by side, accounts and Regions in the job's order.
        Map<String, List<Target>> byAccount = new LinkedHashMap<>();
        targets.forEach(t -> byAccount.computeIfAbsent(t.account(), a -> new ArrayList<>()).add(t));
        List<Target> sorted = byAccount.values().stream().flatMap(List::stream).toList();
        int size = targetsPerBatch(sorted.size(), plannedCopies);
        List<List<Target>> batches = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += size) {
            batches.add(List.copyOf(sorted.subList(from, Math.min(sorted.size(), from + size))));
        }
        return List.copyOf(batches);
    }

    /**
     * Targets per batch: enough for {@link #COPIES_PER_BATCH} copies at the job's average copies per target, between
     * 1 and {@link #MAX_TARGETS} (and no more than the job has).
     */
    public static int targetsPerBatch(int targets, long plannedCopies) {
        if (targets == 0 || plannedCopies <= 0) {
            return 1;
        }
        long perTarget = Math.max(1, plannedCopies / targets);
        long size = (COPIES_PER_BATCH + perTarget - 1) / perTarget;
        return (int) Math.max(1, Math.min(Math.min(MAX_TARGETS, targets), size));
    }
}
