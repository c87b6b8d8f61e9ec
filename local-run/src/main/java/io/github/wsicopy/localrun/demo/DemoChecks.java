package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.finish.FinishResult;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.Counts;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.JobOutcome;
import io.github.wsicopy.local.ssm.EmulatedParameter;
import io.github.wsicopy.local.ssm.SsmEmulator;
import io.github.wsicopy.local.workspaces.EmulatedBundle;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.WorkSpacesEmulator;
import io.github.wsicopy.localrun.sfn.ExecutionResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The next-version job's promises (issue 13): its one copy made; then, in that Region, the first job's copy of the
     * same lineage deleted (and recorded so), the existing bundle updated to the new copy (not a new bundle), the
     * parameter written with the new id; no after-copy item failed.
     *
     * @param olderCopy the first job's copy of the same image line in that Region
     */
    static List<String> afterCopyViolations(DemoJob demo, ExecutionResult result, Job job, List<CopyTask> tasks,
            List<FinishResult> finished, WorkSpacesEmulator emulator, SsmEmulator ssm, String account,
            Optional<String> olderCopy) {
        List<String> problems = new ArrayList<>();
        if (!result.succeeded()) {
            problems.add("the next-version job's execution failed: " + result.error() + ": " + result.cause());
        }
        demo.expected().filter(expected -> expected != job.state())
                .ifPresent(expected -> problems.add("the next-version job ended " + job.state() + ", expected " + expected));
        String region = DemoFleet.NEXT_VERSION_REGION;
        Optional<String> copy = tasks.stream().filter(t -> t.state() == TaskState.SUCCEEDED)
                .flatMap(t -> t.destinationImageId().stream()).findFirst();
        if (copy.isEmpty() || olderCopy.isEmpty()) {
            problems.add("the next-version job made no copy in " + region + " (or the first job had none there to"
                    + " replace), so nothing after the copy could be checked");
            return problems;
        }
        finished.stream().filter(r -> !r.done()).forEach(r -> problems.add("after the copy: " + r));
        List<String> deleted = finished.stream().filter(FinishResult.ImageDeleted.class::isInstance)
                .map(r -> ((FinishResult.ImageDeleted) r).imageId()).toList();
        if (!deleted.equals(List.of(olderCopy.get())) || emulator.image(account, region, olderCopy.get()).isPresent()) {
            problems.add("retention should have deleted the first job's copy " + olderCopy.get() + " in " + region
                    + " and nothing else; it recorded deleting " + deleted);
        }
        List<EmulatedBundle> bundles = emulator.bundles(account, region).stream()
                .filter(b -> b.name().equals(DemoFleet.NEXT_VERSION_BUNDLE)).toList();
        boolean updated = finished.stream().anyMatch(r -> r instanceof FinishResult.BundleRolledOut b && !b.created());
        if (bundles.size() != 1 || !copy.get().equals(bundles.get(0).imageId()) || !updated) {
            problems.add("the bundle " + DemoFleet.NEXT_VERSION_BUNDLE + " in " + region + " should have been updated to "
                    + copy.get() + "; the Region has " + bundles);
        }
        String name = DemoFleet.PARAMETER_PREFIX + DemoFleet.NEXT_VERSION_OF;
        Optional<String> published = ssm.parameter(account, region, name).map(EmulatedParameter::value);
        if (!published.equals(copy) || finished.stream().noneMatch(FinishResult.ParameterWritten.class::isInstance)) {
            problems.add("the parameter " + name + " in " + region + " should name " + copy.get() + "; it holds "
                    + published.orElse("nothing"));
        }
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
