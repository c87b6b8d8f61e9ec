package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.TaskState;
import java.util.List;
import java.util.Map;

/**
 * How far one destination Region has got: of the copies planned there, how many were started (claimed at
 * least once), are copying now, are done, have failed; and how many pairs validation skipped.
 */
record RegionStatus(String region, long planned, long started, long copying, long done, long failed, long skipped) {

    static List<RegionStatus> of(List<String> regions, List<CopyTask> tasks) {
        return regions.stream().map(r -> of(r, tasks.stream().filter(t -> t.destinationRegion().equals(r)).toList())).toList();
    }

    private static RegionStatus of(String region, List<CopyTask> tasks) {
        Map<TaskState, Long> by = tasks.stream().collect(java.util.stream.Collectors.groupingBy(CopyTask::state,
                java.util.stream.Collectors.counting()));
        long skipped = by.getOrDefault(TaskState.SKIPPED, 0L);
        return new RegionStatus(region, tasks.size() - skipped,
                tasks.stream().filter(t -> t.attempts() > 0).count(),
                by.getOrDefault(TaskState.STARTING, 0L) + by.getOrDefault(TaskState.COPYING, 0L),
                by.getOrDefault(TaskState.SUCCEEDED, 0L),
                by.getOrDefault(TaskState.FAILED, 0L),
                skipped);
    }

    String line() {
        return String.format("%-15s started %2d/%-2d  copying %2d  done %2d  failed %2d  (skipped at validation %d)",
                region, started, planned, copying, done, failed, skipped);
    }

    Map<String, Object> toJson() {
        return Map.of("planned", planned, "started", started, "copying", copying, "done", done, "failed", failed,
                "skipped", skipped);
    }
}
