package io.github.wsicopy.core.finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workflow.TargetFinisher;
import io.github.wsicopy.core.workflow.contract.FinishOutput;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workflow.CopyPoller;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.local.ssm.EmulatedParameter;
import io.github.wsicopy.local.workspaces.BundleSeed;
import io.github.wsicopy.local.workspaces.EmulatedBundle;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.ImageSeed;
import io.github.wsicopy.local.workspaces.ImageState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The after-copy step of one (account, Region) against DynamoDB Local, the WorkSpaces emulator and the SSM stand-in,
 * through the real SDK clients: jobs are planned, copied and polled by the real steps first.
 */
class RegionFinisherTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";
    private static final String ACCOUNT = TestStack.ACCOUNT;
    private static final String LINEAGE = "nightly/golden";

    private final TestStack stack = TestStack.unthrottled();
    private final Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", "100"));
    private final FinishResults results = new FinishResults(c.clients().dynamo(), c.settings().tableName(), c.clock(),
            Duration.ofDays(120));
    private final RegionFinisher finisher = new RegionFinisher(c.store(), results, account -> c.workspaces(),
            (account, region) -> c.clients().ssm(region), ACCOUNT);

    @AfterEach
    void close() {
        stack.close();
    }

    /** Night n: a new source version, copied to EU by a job with these after-copy fields, then finished. */
    private String night(int n, Map<String, Object> afterCopy) {
        String source = stack.emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("golden-2024-01-0" + n));
        String jobId = "night-" + n;
        Map<String, Object> request = Jobs.request(SOURCE, List.of(source), List.of(EU));
        request.put("lineageGroup", "nightly");
        request.putAll(afterCopy);
        Jobs.plan(c, jobId, request);
        new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 100, 50, c.log())
                .run(jobId, new io.github.wsicopy.core.model.Target(ACCOUNT, EU));
        stack.clock.advance(Duration.ofHours(1));
        new CopyPoller(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), c.log()).run(jobId, new io.github.wsicopy.core.model.Target(ACCOUNT, EU), 0);
        CopyTask task = c.store().tasks(jobId, Jobs.own(EU)).get(0);
        assertEquals(TaskState.SUCCEEDED, task.state(), task.toString());
        return jobId;
    }

    private String copyOf(String jobId) {
        return c.store().tasks(jobId, Jobs.own(EU)).get(0).destinationImageId().orElseThrow();
    }

    private List<EmulatedImage> lineage() {
        return stack.emulator.images(ACCOUNT, EU).stream()
                .filter(i -> LINEAGE.equals(i.tags().get(SystemTags.LINEAGE))).toList();
    }

    @Test
    void fiveNightsWithKeepLatestTwoNeverHoldMoreThanTwoFreeCopiesAndSpareWhatIsUsedSharedPendingOrNotOurs() {
        Map<String, Object> retain = Map.of("retain", Map.of("keepLatest", 2));
        // Not ours: the lineage tag alone, no wsicopy:source-image-id. Ours but PENDING for a long time.
        String foreign = stack.emulator.addImage(ACCOUNT, EU, ImageSeed.named("golden-by-hand")
                .tag(SystemTags.LINEAGE, LINEAGE));
        String pending = stack.emulator.addImage(ACCOUNT, EU, ImageSeed.named("golden-slow")
                .tag(SystemTags.SOURCE_IMAGE_ID, "wsi-elsewhere01").tag(SystemTags.LINEAGE, LINEAGE)
                .pendingFor(Duration.ofDays(30)));
        Set<String> spared = Set.of(foreign, pending);
        List<String> copies = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            String jobId = night(n, retain);
            copies.add(copyOf(jobId));
            if (n == 1) { // the first copy goes into a bundle: in use
                stack.emulator.addBundle(ACCOUNT, EU, BundleSeed.named("golden-hand-made", copies.get(0)));
            }
            if (n == 2) { // the second is shared with another account
                stack.emulator.shareImage(ACCOUNT, EU, copies.get(1), "210987654321");
            }
            RegionFinisher.Outcome outcome = finisher.finish(jobId, ACCOUNT, EU);
            assertEquals(0, outcome.failed(), results.results(jobId).toString());

            Set<String> held = lineage().stream().map(EmulatedImage::imageId).collect(Collectors.toSet());
            Set<String> free = held.stream().filter(id -> !spared.contains(id) && !id.equals(copies.get(0))
                    && !id.equals(copies.get(1))).collect(Collectors.toSet());
            assertTrue(free.size() <= 2, "night " + n + ": " + free);
            assertTrue(held.containsAll(spared), "night " + n + ": " + held);
            assertTrue(held.contains(copies.get(0)), "the bundle's image stays");
            if (n >= 2) {
                assertTrue(held.contains(copies.get(1)), "the shared image stays");
            }
        }
        assertEquals(Set.of(copies.get(3), copies.get(4)), lineage().stream().map(EmulatedImage::imageId)
                .filter(id -> copies.subList(2, 5).contains(id)).collect(Collectors.toSet()));
        FinishResult.ImageDeleted deleted = assertInstanceOf(FinishResult.ImageDeleted.class, results.results("night-5")
                .get(0));
        assertEquals(copies.get(2), deleted.imageId());
        assertEquals(LINEAGE, deleted.lineage());
        assertTrue(deleted.why().contains("2 newest"), deleted.why());
        assertTrue(stack.emulator.images(ACCOUNT, SOURCE).size() == 5, "sources untouched");
    }

    @Test
    void aCopyRetentionDeletedIsNotCopiedAgainUnlessItsPairIsListed() {
        Map<String, Object> retain = Map.of("retain", Map.of("keepLatest", 1));
        String first = night(1, retain);
        String oldSource = c.store().tasks(first, Jobs.own(EU)).get(0).sourceImageId();
        String oldCopy = copyOf(first);
        String second = night(2, retain);
        assertEquals(1, finisher.finish(second, ACCOUNT, EU).imagesDeleted());
        Replica retired = c.store().replicas().get(ACCOUNT, EU, oldSource).orElseThrow();
        assertEquals(ReplicaState.RETIRED, retired.state());
        assertEquals(second, retired.jobId(), "the record names the job whose retention deleted the copy");
        assertEquals(oldCopy, retired.imageId().orElseThrow());

        // The selector still matches the old version: its pair is skipped, not copied back, and not a failure.
        Jobs.plan(c, "night-2-again", Jobs.request(SOURCE, List.of(oldSource), List.of(EU)));
        CopyTask skipped = c.store().tasks("night-2-again", Jobs.own(EU)).get(0);
        assertEquals(TaskState.SKIPPED, skipped.state());
        assertEquals(ReasonCode.RETIRED_BY_RETENTION, skipped.reasonCode().orElseThrow());
        assertFalse(ReasonCode.RETIRED_BY_RETENTION.isFailure());
        assertTrue(skipped.reason().orElseThrow().contains("list this pair in pairs"), skipped.reason().orElseThrow());
        assertEquals(ReplicaState.RETIRED, c.store().replicas().get(ACCOUNT, EU, oldSource).orElseThrow().state(),
                "validation never marks a retired pair DELETED");

        // Listed in pairs, it is planned (and copied) again.
        Map<String, Object> listed = Jobs.request(SOURCE, List.of(oldSource), List.of(EU));
        listed.put("pairs", List.of(Map.of("imageId", oldSource, "destinationRegion", EU)));
        Jobs.plan(c, "bring-it-back", listed);
        assertEquals(TaskState.PENDING, c.store().tasks("bring-it-back", Jobs.own(EU)).get(0).state());
    }

    @Test
    void theFinishingStepRunsTheTargetsWorkAndRecordsItsOwnFailureAsAnItem() {
        Map<String, Object> retain = Map.of("retain", Map.of("keepLatest", 1));
        night(1, retain);
        String second = night(2, retain);
        TargetFinisher step = TargetFinisher.of(c, ACCOUNT, c::targets);
        Target eu = new Target(ACCOUNT, EU);

        FinishOutput done = step.finish(second, eu);
        assertEquals(new FinishOutput(second, java.util.List.of(eu), 1, 0, 0, 0, 0, false), done);

        step.failed(second, eu, new JobFinisher.WorkflowError("States.Timeout", ""));
        FinishResult.Failed failed = results.results(second).stream().filter(FinishResult.Failed.class::isInstance)
                .map(FinishResult.Failed.class::cast).findFirst().orElseThrow();
        assertEquals(TargetFinisher.STEP, failed.subject());
        assertTrue(failed.error().startsWith("The after-copy step in eu-west-1 of account " + ACCOUNT + " stopped: the"
                + " step did not finish within its time limit (also when tried again). The copies are not affected"),
                failed.error());
        assertEquals(TaskState.SUCCEEDED, c.store().tasks(second, Jobs.own(EU)).get(0).state());
    }

    @Test
    void aRerunRecordsNothingTwiceAndDeletesNothingMore() {
        Map<String, Object> retain = Map.of("retain", Map.of("keepLatest", 1));
        night(1, retain);
        String second = night(2, retain);
        assertEquals(1, finisher.finish(second, ACCOUNT, EU).imagesDeleted());
        RegionFinisher.Outcome again = finisher.finish(second, ACCOUNT, EU);
        assertEquals(0, again.imagesDeleted());
        assertEquals(1, results.results(second).size());
    }

    @Test
    void bundlesAreCreatedThenUpdatedAndFromBundleTakesTheSourceBundlesSettings() {
        String sourceImage = stack.emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("template-image"));
        String sourceBundle = stack.emulator.addBundle(ACCOUNT, SOURCE, BundleSeed.named("golden-power", sourceImage)
                .computeType("POWER"));
        Map<String, Object> bundles = Map.of("bundles", List.of(
                Map.of("name", "golden-std", "computeType", "STANDARD", "userVolumeGb", 50, "rootVolumeGb", 80),
                Map.of("fromBundle", sourceBundle)));

        String first = night(1, bundles);
        assertEquals(2, finisher.finish(first, ACCOUNT, EU).bundles());
        Map<String, EmulatedBundle> made = stack.emulator.bundles(ACCOUNT, EU).stream()
                .collect(Collectors.toMap(EmulatedBundle::name, b -> b));
        assertEquals(Set.of("golden-std", "golden-power"), made.keySet());
        assertEquals(copyOf(first), made.get("golden-std").imageId());
        assertEquals("STANDARD", made.get("golden-std").computeType());
        assertEquals("50", made.get("golden-std").userCapacity());
        assertEquals("POWER", made.get("golden-power").computeType());
        assertEquals(first, made.get("golden-std").tags().get(SystemTags.JOB_ID));

        String second = night(2, bundles);
        assertEquals(2, finisher.finish(second, ACCOUNT, EU).bundles());
        List<EmulatedBundle> after = stack.emulator.bundles(ACCOUNT, EU);
        assertEquals(2, after.size());
        for (EmulatedBundle bundle : after) {
            assertEquals(copyOf(second), bundle.imageId(), bundle.name());
            assertEquals(made.get(bundle.name()).bundleId(), bundle.bundleId(), "updated, not made again");
        }
        assertFalse(results.results(second).stream().map(r -> (FinishResult.BundleRolledOut) r)
                .anyMatch(FinishResult.BundleRolledOut::created));
    }

    @Test
    void theParameterIsNamedAfterTheLineageSoEachNightOverwritesItAndItIsTaggedSeparately() {
        Map<String, Object> publish = Map.of("publish", Map.of("parameterPrefix", "/golden/"));
        c.clients().ssm(EU).putParameter(r -> r.name("/golden/golden").value("wsi-previous01")
                .type(ParameterType.STRING));
        String first = night(1, publish);

        assertEquals(1, finisher.finish(first, ACCOUNT, EU).parameters());
        EmulatedParameter parameter = stack.ssm.parameter(ACCOUNT, EU, "/golden/golden").orElseThrow();
        assertEquals(copyOf(first), parameter.value());
        assertEquals(2, parameter.version());
        assertEquals(first, parameter.tags().get(SystemTags.JOB_ID));
        FinishResult.ParameterWritten written = assertInstanceOf(FinishResult.ParameterWritten.class,
                results.results(first).get(0));
        assertEquals(2, written.version());
        finisher.finish(first, ACCOUNT, EU);
        assertEquals(2, stack.ssm.parameter(ACCOUNT, EU, "/golden/golden").orElseThrow().version(),
                "a repeated step writes no new version");

        String second = night(2, publish);
        finisher.finish(second, ACCOUNT, EU);
        EmulatedParameter next = stack.ssm.parameter(ACCOUNT, EU, "/golden/golden").orElseThrow();
        assertEquals(copyOf(second), next.value(), "the next version's copy, in the same parameter");
        assertEquals(3, next.version());
        assertTrue(stack.ssm.parameter(ACCOUNT, EU, "/golden/golden-2024-01-02").isEmpty(),
                "no parameter per version");
    }

    @Test
    void theDryRunListsWhatRetentionWouldDeleteTheBundlesAndTheParameterWithTheFinishingStepsRules() {
        Map<String, Object> after = Map.of("retain", Map.of("keepLatest", 1),
                "bundles", List.of(Map.of("name", "golden", "computeType", "STANDARD", "userVolumeGb", 50)),
                "publish", Map.of("parameterPrefix", "/golden/"));
        for (int n = 1; n <= 2; n++) {
            finisher.finish(night(n, after), ACCOUNT, EU);
        }
        String held = copyOf("night-2");
        String bundleId = stack.emulator.bundles(ACCOUNT, EU).get(0).bundleId();
        String next = stack.emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("golden-2024-01-03"));
        Map<String, Object> request = Jobs.request(SOURCE, List.of(next), List.of(EU));
        request.put("lineageGroup", "nightly");
        request.putAll(after);
        io.github.wsicopy.core.workflow.Planner planner = io.github.wsicopy.core.workflow.Planner.of(c.workspaces(),
                c.store(), c.clock(), c.settings(), false);
        var planned = (io.github.wsicopy.core.workflow.Planner.Planned) planner.plan("dry-run", request, ACCOUNT,
                java.time.LocalDate.of(2024, 1, 3));

        AfterCopyPreview.TargetPreview preview = planner.afterCopy(planned, c.clock().instant()).get(0);

        assertEquals(List.of(held), preview.deletions().stream().map(AfterCopyPreview.Deletion::imageId).toList(),
                "the bundle moves to the new copy first, so the copy it holds now is free by retention's turn");
        assertEquals(LINEAGE, preview.deletions().get(0).lineage());
        assertEquals(List.of(new AfterCopyPreview.BundleChange("golden", "update", java.util.Optional.of(bundleId),
                java.util.Optional.empty())), preview.bundles());
        assertEquals(List.of(new AfterCopyPreview.ParameterWrite("/golden/golden", next)), preview.parameters());
        assertTrue(stack.emulator.images(ACCOUNT, EU).stream().anyMatch(i -> i.imageId().equals(held)),
                "a dry run deletes nothing");
    }

    @Test
    void aFailingItemIsRecordedWithASentenceAndTheOthersAreDone() {
        stack.emulator.setBundleQuota(0);
        stack.ssm.failNext("PutParameter", "AccessDeniedException", "User is not authorized to perform"
                + " ssm:PutParameter", 1);
        Map<String, Object> fields = Map.of(
                "bundles", List.of(Map.of("name", "golden-std", "computeType", "STANDARD", "userVolumeGb", 50)),
                "publish", Map.of("parameterPrefix", "/golden/"), "retain", Map.of("keepLatest", 1));
        night(1, Map.of("retain", Map.of("keepLatest", 1)));
        String jobId = night(2, fields);

        RegionFinisher.Outcome outcome = finisher.finish(jobId, ACCOUNT, EU);
        assertEquals(new RegionFinisher.Outcome(1, 0, 0, 0, 2, false), outcome);
        List<FinishResult.Failed> failures = results.results(jobId).stream()
                .filter(FinishResult.Failed.class::isInstance).map(FinishResult.Failed.class::cast).toList();
        assertEquals(2, failures.size());
        for (FinishResult.Failed failure : failures) {
            assertFalse(failure.error().contains("software.amazon") || failure.error().contains("WorkSpacesError"),
                    failure.error());
            assertTrue(failure.error().contains(EU), failure.error());
        }
        assertEquals(TaskState.SUCCEEDED, c.store().tasks(jobId, Jobs.own(EU)).get(0).state(), "the copy is not failed");

        // The next run of the step does what failed, and replaces the failures.
        stack.emulator.setBundleQuota(50);
        RegionFinisher.Outcome retried = finisher.finish(jobId, ACCOUNT, EU);
        assertEquals(new RegionFinisher.Outcome(0, 0, 1, 1, 0, false), retried);
        assertTrue(results.results(jobId).stream().allMatch(FinishResult::done), results.results(jobId).toString());
    }

    @Test
    void aJobWithoutAfterCopyFieldsDoesNothing() {
        String jobId = night(1, Map.of());
        assertEquals(new RegionFinisher.Outcome(0, 0, 0, 0, 0, false), finisher.finish(jobId, ACCOUNT, EU));
        assertEquals(List.of(), results.results(jobId));
        assertEquals(0, stack.ssm.parameters(ACCOUNT, EU).size());
    }
}
