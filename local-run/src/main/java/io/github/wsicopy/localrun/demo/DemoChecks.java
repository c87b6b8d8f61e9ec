package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.model.ReasonCode;
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

    /**
     * The organization job's promises: the account with the role got one copy of each image per Region, in that
     * account; the one without is skipped with ACCOUNT_UNREACHABLE naming its role; the stack's own account already
     * had them; no source image is still shared afterwards; and the job ended as expected.
     */
    static List<String> organizationViolations(DemoJob demo, ExecutionResult result, Job job, List<CopyTask> tasks,
            WorkSpacesEmulator emulator, String stackAccount) {
        List<String> problems = new ArrayList<>();
        if (!result.succeeded()) {
            problems.add("the organization job's execution failed: " + result.error() + ": " + result.cause());
        }
        String withRole = io.github.wsicopy.local.LocalOrganization.TARGET_WITH_ROLE;
        String withoutRole = io.github.wsicopy.local.LocalOrganization.TARGET_WITHOUT_ROLE;
        for (CopyTask t : tasks) {
            String where = t.destinationAccount() + "/" + t.destinationRegion() + "/" + demo.nameOf(t.sourceImageId());
            if (t.destinationAccount().equals(withRole) && t.state() != TaskState.SUCCEEDED) {
                problems.add(where + " is " + t.state() + ", expected SUCCEEDED: " + t.reasonText().orElse(""));
            } else if (t.destinationAccount().equals(withoutRole)
                    && t.reasonCode().filter(c -> c == ReasonCode.ACCOUNT_UNREACHABLE).isEmpty()) {
                problems.add(where + " is " + t.state() + ", expected ACCOUNT_UNREACHABLE");
            } else if (t.destinationAccount().equals(stackAccount)
                    && t.reasonCode().filter(c -> c == ReasonCode.ALREADY_REPLICATED).isEmpty()) {
                problems.add(where + " is " + t.state() + ", expected ALREADY_REPLICATED (the first job copied it)");
            }
        }
        for (String region : demo.destinations()) {
            Map<String, Integer> perSource = new HashMap<>();
            for (EmulatedImage image : emulator.images(withRole, region)) {
                perSource.merge(String.valueOf(image.sourceImageId()), 1, Integer::sum);
            }
            if (perSource.size() != DemoFleet.ORGANIZATION_IMAGES.size() || perSource.values().stream().anyMatch(n -> n != 1)) {
                problems.add("account " + withRole + " has " + perSource + " copies in " + region + ", expected one of each image");
            }
            if (!emulator.images(withoutRole, region).isEmpty()) {
                problems.add("account " + withoutRole + " has images in " + region + ", but it cannot be reached");
            }
        }
        for (String imageId : ((List<?>) demo.request().get("imageIds")).stream().map(String::valueOf).toList()) {
            emulator.image(stackAccount, demo.sourceRegion(), imageId).filter(i -> !i.sharedWith().isEmpty())
                    .ifPresent(i -> problems.add(imageId + " is still shared with " + i.sharedWith() + " after its copies"));
        }
        demo.expected().filter(expected -> expected != job.state())
                .ifPresent(expected -> problems.add("the organization job ended " + job.state() + ", expected " + expected));
        return problems;
    }

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
