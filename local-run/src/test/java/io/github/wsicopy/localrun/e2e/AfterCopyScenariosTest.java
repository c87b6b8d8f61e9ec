package io.github.wsicopy.localrun.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.finish.FinishResult;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.local.LocalOrganization;
import io.github.wsicopy.local.ssm.EmulatedParameter;
import io.github.wsicopy.local.workspaces.BundleSeed;
import io.github.wsicopy.local.workspaces.EmulatedBundle;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens after the copies (issue 13) through the real state machine: each target's FinishTarget step runs
 * the copy function's finishing work against the WorkSpaces emulator and the SSM stand-in, and Validate reads the
 * images quota from the Service Quotas stand-in. A nightly policy run five times with new source versions keeps at
 * most {@code keepLatest} free copies per lineage, spares what is used, shared or not ours, never copies a retired
 * pair back, keeps its bundle on the newest copy and its parameter on the newest id.
 */
class AfterCopyScenariosTest {
    private static final String SOURCE = "us-east-1";
    private static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    private static final String EU = "eu-west-1";
    private static final String SYDNEY = "ap-southeast-2";
    private static final String OREGON = "us-west-2";
    private static final String POLICY = "nightly-golden";
    private static final String LINEAGE = POLICY + "/golden-win11";
    private static final String PARAMETER = "/golden/golden-win11";
    private static final String BUNDLE = "golden-win11";
    private static final int KEEP = 2;

    private WorkflowRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    private static Map<String, Object> nightlyPolicy() {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("policyId", POLICY);
        policy.put("sourceRegion", SOURCE);
        policy.put("select", Map.of("namePrefix", "golden-win11-"));
        policy.put("destinationRegions", List.of(EU, SYDNEY));
        policy.put("nameTemplate", "{sourceName}");
        policy.put("retain", Map.of("keepLatest", KEEP));
        policy.put("bundles", List.of(Map.of("name", BUNDLE, "computeType", "STANDARD", "userVolumeGb", 50)));
        policy.put("publish", Map.of("parameterPrefix", "/golden/"));
        return policy;
    }

    @Test
    void aNightlyPolicyRunFiveTimesKeepsTheNewestCopiesMovesItsBundleAndParameterAndSparesWhatIsUsedOrNotOurs() {
        run = new WorkflowRun("after-copy-nightly", o -> o);
        var emulator = run.stack.emulator;
        // Never to be deleted: an image without our tags, and one with our lineage tag but no source tag (not ours).
        String handMade = emulator.addImage(ACCOUNT, EU, ImageSeed.named("golden-win11-by-hand"));
        String lookalike = emulator.addImage(ACCOUNT, EU, ImageSeed.named("golden-win11-lookalike")
                .tag(SystemTags.LINEAGE, LINEAGE));
        emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("golden-win10-v1")); // the selector does not match it
        Map<String, Set<String>> spared = Map.of(EU, new HashSet<>(Set.of(handMade, lookalike)), SYDNEY, new HashSet<>());
        Map<String, List<String>> copies = Map.of(EU, new ArrayList<>(), SYDNEY, new ArrayList<>());
        Map<String, Set<String>> deleted = Map.of(EU, new HashSet<>(), SYDNEY, new HashSet<>());
        Map<String, String> bundleIds = new HashMap<>();
        List<String> versions = new ArrayList<>();

        for (int night = 1; night <= 5; night++) {
            versions.add(emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("golden-win11-v" + night)));
            String jobId = "nightly-" + night;
            WorkflowRun.Finished finished = run.runInput(jobId, Map.of("policy", nightlyPolicy()));

            assertTrue(finished.result().succeeded(), jobId + ": " + finished.result());
            assertEquals(JobState.SUCCEEDED, finished.job().state(), jobId + ": " + describe(finished.tasks()));
            // Not Invariants.holdAfterRun: its copy count cannot know that retention deletes copies.
            Invariants.allTasksFinalWithReasons(run.stack.store(), jobId);
            Invariants.countersMatchTasks(run.stack.store(), jobId);
            Invariants.jobStateMatchesTasks(run.stack.store(), jobId);
            assertEquals(2 * night, emulator.counters().copies(), jobId + ": one copy per new version and Region");
            List<FinishResult> results = run.stack.finishResults().results(jobId);
            assertTrue(results.stream().allMatch(FinishResult::done), jobId + ": " + results);
            // Use and sharing are read before a delete: WorkSpaces is never asked to delete what it would refuse.
            assertTrue(results.stream().noneMatch(FinishResult.ImageKept.class::isInstance), jobId + ": " + results);
            String newest = versions.get(night - 1);
            for (String region : List.of(EU, SYDNEY)) {
                CopyTask made = task(finished, newest, region);
                assertEquals(TaskState.SUCCEEDED, made.state(), made.reason().orElse(""));
                String copy = made.destinationImageId().orElseThrow();
                copies.get(region).add(copy);
                assertEquals(LINEAGE, emulator.image(ACCOUNT, region, copy).orElseThrow().tags().get(SystemTags.LINEAGE));
                for (String older : versions.subList(0, night - 1)) {
                    CopyTask again = task(finished, older, region);
                    boolean retired = deleted.get(region).contains(copies.get(region).get(versions.indexOf(older)));
                    assertEquals(Optional.of(retired ? ReasonCode.RETIRED_BY_RETENTION : ReasonCode.ALREADY_REPLICATED),
                            again.reasonCode(), jobId + " " + region + " " + older + ": " + again.reason().orElse(""));
                }
                assertBundleOnTheNewestCopy(jobId, region, copy, night, bundleIds, results);
                assertParameterNamesTheNewestCopy(jobId, region, copy, night, results);
            }
            results.stream().filter(FinishResult.ImageDeleted.class::isInstance).map(FinishResult.ImageDeleted.class::cast)
                    .forEach(d -> {
                        assertEquals(LINEAGE, d.lineage());
                        assertTrue(d.why().contains(KEEP + " newest"), d.why());
                        deleted.get(d.region()).add(d.imageId());
                    });
            if (night == 1) { // the first night's copy in Ireland goes into a bundle of the team's own: in use
                emulator.addBundle(ACCOUNT, EU, BundleSeed.named("team-power", copies.get(EU).get(0)));
                spared.get(EU).add(copies.get(EU).get(0));
            }
            if (night == 2) { // the second's is shared with another account there, and used by an application here
                emulator.shareImage(ACCOUNT, EU, copies.get(EU).get(1), "210987654321");
                emulator.associateApplication(ACCOUNT, SYDNEY, copies.get(SYDNEY).get(1), "wsa-0123456789", "COMPLETED");
                spared.get(EU).add(copies.get(EU).get(1));
                spared.get(SYDNEY).add(copies.get(SYDNEY).get(1));
            }
            for (String region : List.of(EU, SYDNEY)) {
                // The keepLatest newest copies hold the lineage's places, used or not; of the older ones only what
                // is used or shared stays. So the free copies are the newest ones, never more than keepLatest.
                List<String> made = copies.get(region);
                Set<String> newestFree = made.subList(Math.max(0, made.size() - KEEP), made.size()).stream()
                        .filter(id -> !spared.get(region).contains(id)).collect(Collectors.toSet());
                Set<String> free = ourCopies(region).stream().filter(id -> !spared.get(region).contains(id))
                        .collect(Collectors.toSet());
                assertEquals(newestFree, free, jobId + " " + region + ": the free copies of the lineage");
                Set<String> held = emulator.images(ACCOUNT, region).stream().map(EmulatedImage::imageId)
                        .collect(Collectors.toSet());
                assertTrue(held.containsAll(spared.get(region)), jobId + " " + region + ": deleted one of "
                        + spared.get(region) + "; holds " + held);
            }
        }
        // Ireland: the third night's copy (the first is in a bundle, the second shared). Sydney: the first and the
        // third (the second is an application's).
        assertEquals(Set.of(copies.get(EU).get(2)), deleted.get(EU));
        assertEquals(Set.of(copies.get(SYDNEY).get(0), copies.get(SYDNEY).get(2)), deleted.get(SYDNEY));
        assertEquals(10, emulator.counters().copies(), "five versions to two Regions, none copied twice");
        assertEquals(3, emulator.counters().calls("DeleteWorkspaceImage"), "a delete for each deletion, none refused");
        assertEquals(6, emulator.images(ACCOUNT, SOURCE).size(), "the source images are untouched");
    }

    /** The policy's bundle: created on the first night, updated (same id) to that night's copy on every later one. */
    private void assertBundleOnTheNewestCopy(String jobId, String region, String copy, int night,
            Map<String, String> bundleIds, List<FinishResult> results) {
        List<EmulatedBundle> named = run.stack.emulator.bundles(ACCOUNT, region).stream()
                .filter(b -> b.name().equals(BUNDLE)).toList();
        assertEquals(1, named.size(), jobId + " " + region + ": " + named);
        EmulatedBundle bundle = named.get(0);
        assertEquals(copy, bundle.imageId(), jobId + " " + region + ": the bundle uses the newest copy");
        if (night == 1) {
            bundleIds.put(region, bundle.bundleId());
        }
        assertEquals(bundleIds.get(region), bundle.bundleId(), "updated in place, not made again");
        FinishResult.BundleRolledOut rolled = results.stream().filter(FinishResult.BundleRolledOut.class::isInstance)
                .map(FinishResult.BundleRolledOut.class::cast).filter(b -> b.region().equals(region)).findFirst()
                .orElseThrow(() -> new AssertionError(jobId + " recorded no bundle in " + region + ": " + results));
        assertEquals(night == 1, rolled.created(), jobId + " " + region + ": " + rolled);
        assertEquals(copy, rolled.imageId());
    }

    /** One parameter per lineage, overwritten every night (its version grows), tagged with the night's job. */
    private void assertParameterNamesTheNewestCopy(String jobId, String region, String copy, int night,
            List<FinishResult> results) {
        EmulatedParameter parameter = run.stack.ssm.parameter(ACCOUNT, region, PARAMETER)
                .orElseThrow(() -> new AssertionError(jobId + ": no " + PARAMETER + " in " + region));
        assertEquals(copy, parameter.value(), jobId + " " + region);
        assertEquals(night, parameter.version(), jobId + " " + region + ": written once per night");
        assertEquals(jobId, parameter.tags().get(SystemTags.JOB_ID), jobId + " " + region + ": " + parameter.tags());
        assertEquals(1, run.stack.ssm.parameters(ACCOUNT, region).size(), "no parameter per version");
        assertTrue(results.contains(new FinishResult.ParameterWritten(ACCOUNT, region, PARAMETER, night, copy)),
                jobId + ": " + results);
    }

    @Test
    void copySourceTagsCarriesTheSourcesOwnTagsAndTheParameterIsWrittenInTheTargetAccount() {
        run = new WorkflowRun("after-copy-source-tags", o -> o);
        String other = LocalOrganization.TARGET_WITH_ROLE;
        String source = run.stack.emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("golden-win11-2024-01-31")
                .tag("cost-center", "4711").tag("team", "vdi").tag("aws:cloudformation:stack-name", "images")
                .tag(SystemTags.JOB_ID, "an-older-job"));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", SOURCE);
        request.put("imageIds", List.of(source));
        request.put("destinationRegions", List.of(EU));
        request.put("destinationAccounts", List.of(ACCOUNT, other));
        request.put("copySourceTags", true);
        request.put("tags", List.of(Map.of("key", "team", "value", "euc")));
        request.put("publish", Map.of("parameterPrefix", "/golden/"));

        WorkflowRun.Finished finished = run.run("source-tags", request);

        assertEquals(JobState.SUCCEEDED, finished.job().state(), describe(finished.tasks()));
        for (String account : List.of(ACCOUNT, other)) {
            CopyTask task = finished.tasks().stream().filter(t -> t.destinationAccount().equals(account)).findFirst()
                    .orElseThrow();
            String copy = task.destinationImageId().orElseThrow(() -> new AssertionError(describe(finished.tasks())));
            Map<String, String> tags = run.stack.emulator.image(account, EU, copy).orElseThrow().tags();
            assertEquals("4711", tags.get("cost-center"), account + ": " + tags);
            assertEquals("euc", tags.get("team"), "the request's tag wins: " + tags);
            assertFalse(tags.containsKey("aws:cloudformation:stack-name"), "no aws: keys: " + tags);
            assertEquals("source-tags", tags.get(SystemTags.JOB_ID), "our system keys are the copy's own: " + tags);
            // The other account's parameter is written there, through the target-account role's session.
            EmulatedParameter parameter = run.stack.ssm.parameter(account, EU, "/golden/golden-win11")
                    .orElseThrow(() -> new AssertionError("no parameter in " + account + ": "
                            + run.stack.finishResults().results("source-tags")));
            assertEquals(copy, parameter.value());
        }
    }

    @Test
    void theImagesQuotaAppliedInServiceQuotasIsReadAndUsedAndTheRefusalNamesWhereItCameFrom() {
        String code = "L-5C1D0E21";
        run = new WorkflowRun("after-copy-quota", o -> o.withEnvironment(Map.of("IMAGE_QUOTA_CODE", code,
                "IMAGE_QUOTA_PER_REGION", "3")));
        String source = run.stack.emulator.addImage(ACCOUNT, SOURCE, ImageSeed.named("golden-win11-v1"));
        for (String region : List.of(EU, SYDNEY, OREGON)) {
            for (int i = 0; i < 3; i++) {
                run.stack.emulator.addImage(ACCOUNT, region, ImageSeed.named("team-image-" + i));
            }
        }
        // Ireland: the applied quota is full. Sydney: the applied quota (50) lets the copy in, though the configured
        // default (3) is full. Oregon: no applied value, so the configured default, full.
        run.stack.serviceQuotas.setAppliedQuota(ACCOUNT, EU, "workspaces", code, 3);
        run.stack.serviceQuotas.setAppliedQuota(ACCOUNT, SYDNEY, "workspaces", code, 50);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", SOURCE);
        request.put("imageIds", List.of(source));
        request.put("destinationRegions", List.of(EU, SYDNEY, OREGON));

        WorkflowRun.Finished finished = run.run("quota", request);

        CopyTask ireland = task(finished, source, EU);
        assertEquals(Optional.of(ReasonCode.DESTINATION_QUOTA_EXCEEDED), ireland.reasonCode(), describe(finished.tasks()));
        assertTrue(ireland.reason().orElseThrow().contains("read from Service Quotas"), ireland.reason().orElseThrow());
        assertEquals(TaskState.SUCCEEDED, task(finished, source, SYDNEY).state(), describe(finished.tasks()));
        CopyTask oregon = task(finished, source, OREGON);
        assertEquals(Optional.of(ReasonCode.DESTINATION_QUOTA_EXCEEDED), oregon.reasonCode(), describe(finished.tasks()));
        assertTrue(oregon.reason().orElseThrow().contains("the configured ImageQuotaPerRegion"), oregon.reason().orElseThrow());
        assertEquals(1, run.stack.emulator.counters().copies(), "only Sydney had room");
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** The copies wsicopy made of the policy's lineage in {@code region}, whatever their state. */
    private Set<String> ourCopies(String region) {
        return run.stack.emulator.images(ACCOUNT, region).stream()
                .filter(i -> i.tags().containsKey(SystemTags.SOURCE_IMAGE_ID) && LINEAGE.equals(i.tags().get(SystemTags.LINEAGE)))
                .map(EmulatedImage::imageId).collect(Collectors.toSet());
    }

    private static CopyTask task(WorkflowRun.Finished f, String source, String region) {
        return f.tasks().stream().filter(t -> t.sourceImageId().equals(source) && t.destinationRegion().equals(region))
                .findFirst().orElseThrow(() -> new AssertionError("no task " + source + " -> " + region + " in "
                        + f.job().jobId() + describe(f.tasks())));
    }

    private static String describe(List<CopyTask> tasks) {
        StringBuilder out = new StringBuilder();
        for (CopyTask t : tasks) {
            out.append("\n  ").append(t.jobId()).append(' ').append(t.destinationAccount()).append(' ')
                    .append(t.sourceImageId()).append(" -> ").append(t.destinationRegion()).append(' ')
                    .append(t.state()).append(' ').append(t.destinationImageId().orElse("-")).append(' ')
                    .append(t.reasonCode().map(Enum::name).orElse("")).append(' ').append(t.reason().orElse(""));
        }
        return out.toString();
    }
}
