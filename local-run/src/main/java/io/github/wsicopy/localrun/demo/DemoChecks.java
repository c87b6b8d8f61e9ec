package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.store.Counts;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.JobOutcome;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the demo promises after its run (the end-to-end tests check the same with core's Invariants): it
 * reports what is wrong instead of stopping at the first problem, so the user sees everything. The invariants
 * hold for any fleet; only the built-in one also has an expected end state.
 */
final class DemoChecks {
    private DemoChecks() {}

    static List<String> violations(DemoJob demo, ExecutionResult result, Job job, List<CopyTask> tasks,
            WorkSpacesEmulator emulator, String account) {
        List<String> problems = new ArrayList<>();
        if (!result.succeeded()) {
            problems.add("the execution failed: " + result.error() + ": " + result.cause());
        }
        for (CopyTask t : tasks) {
            if (!t.state().terminal()) {
                problems.add(t.sortKey() + " is still " + t.state());
            } else if (!JobOutcome.success(t) && t.reason().map(String::isBlank).orElse(true)) {
                problems.add(t.sortKey() + " is " + t.state() + " without a reason");
            }
        }
        if (!Counts.of(tasks).equals(job.counts())) {
            problems.add("job counters " + job.counts().toJson() + " differ from the tasks " + Counts.of(tasks).toJson());
        }
        long copiesFound = 0;
        for (String region : demo.destinations()) {
            Map<String, Integer> perSource = new HashMap<>();
            for (EmulatedImage image : emulator.images(account, region)) {
                if (image.sourceImageId() != null) {
                    copiesFound++;
                    if (perSource.merge(image.sourceImageId(), 1, Integer::sum) == 2) {
                        problems.add("more than one copy of " + image.sourceImageId() + " in " + region);
                    }
                }
            }
        }
        if (copiesFound != emulator.counters().copies()) {
            problems.add("WorkSpaces made " + emulator.counters().copies() + " copies, " + copiesFound + " are there");
        }
        if (job.state() != JobOutcome.decide(tasks)) {
            problems.add("the job is " + job.state() + " but its tasks call for " + JobOutcome.decide(tasks));
        }
        demo.expected().filter(expected -> expected != job.state())
                .ifPresent(expected -> problems.add("the job ended " + job.state() + ", expected " + expected));
        long succeeded = tasks.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
        if (succeeded != emulator.counters().copies() - tasks.stream().filter(t -> t.state() == TaskState.FAILED
                && t.destinationImageId().isPresent()).count()) {
            problems.add(succeeded + " tasks succeeded but WorkSpaces made " + emulator.counters().copies() + " copies");
        }
        return problems;
    }
}
