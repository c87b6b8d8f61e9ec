package io.github.wsicopy.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.EmfSpec;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The validate handler through the real SDK against DynamoDB Local and the WorkSpaces emulator. */
class ValidateHandlerTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";
    private static final String AP = "ap-northeast-1";
    private static final String OTHER_ACCOUNT = "210987654321";

    private TestStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private Map<String, Object> validate(Components c, String executionName, Map<String, Object> input) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("input", input);
        event.put("executionName", executionName);
        return Invoke.handler(new ValidateHandler(c), event);
    }

    private Map<String, CopyTask> tasksByImage(String jobId, String region) {
        return stack.store().tasks(jobId, Jobs.own(region)).stream()
                .collect(Collectors.toMap(CopyTask::sourceImageId, Function.identity()));
    }

    @Test
    void plansTheCopiesAndRecordsEveryRejectionWithItsReason() {
        stack = TestStack.unthrottled();
        String plain = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("win11-golden").description("Golden"));
        String byol = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("win11-byol").byol(true));
        String trusted = stack.emulator.addImage("111122223333", SOURCE, ImageSeed.named("partner-image"));
        stack.emulator.shareImage("111122223333", SOURCE, trusted, TestStack.ACCOUNT);
        String unknown = stack.emulator.addImage(OTHER_ACCOUNT, SOURCE, ImageSeed.named("stranger-image"));
        stack.emulator.shareImage(OTHER_ACCOUNT, SOURCE, unknown, TestStack.ACCOUNT);
        String missing = "wsi-000nothere";
        stack.emulator.setDedicatedTenancy(TestStack.ACCOUNT, EU, true);
        // A copy of the plain image is already in AP from an earlier run.
        stack.emulator.addImage(TestStack.ACCOUNT, AP, ImageSeed.named("win11-golden"));
        Components c = stack.components(Map.of("TRUSTED_OWNER_ACCOUNTS", "111122223333"));

        Map<String, Object> out = validate(c, "job-plan", Map.of("request",
                Jobs.request(SOURCE, List.of(plain, byol, trusted, unknown, missing), List.of(EU, AP))));

        assertEquals("job-plan", out.get("jobId"));
        assertEquals("RUNNING", out.get("state"));
        assertEquals(Boolean.TRUE, out.get("hasWork"));
        assertEquals(List.of(EU, AP), io.github.wsicopy.core.testing.Jobs.regionsOf(out));
        Map<String, CopyTask> eu = tasksByImage("job-plan", EU);
        Map<String, CopyTask> ap = tasksByImage("job-plan", AP);
        assertEquals(TaskState.PENDING, eu.get(plain).state());
        assertEquals(TaskState.PENDING, eu.get(byol).state(), "BYOL is enabled in eu-west-1");
        assertEquals(TaskState.PENDING, eu.get(trusted).state());
        assertEquals(ReasonCode.UNTRUSTED_OWNER, eu.get(unknown).reasonCode().orElseThrow());
        assertTrue(eu.get(unknown).reason().orElseThrow().contains(OTHER_ACCOUNT), eu.get(unknown).reason().orElseThrow());
        assertEquals(ReasonCode.IMAGE_NOT_FOUND, eu.get(missing).reasonCode().orElseThrow());
        assertEquals(ReasonCode.ALREADY_REPLICATED, ap.get(plain).reasonCode().orElseThrow());
        assertEquals(ReasonCode.BYOL_NOT_ENABLED, ap.get(byol).reasonCode().orElseThrow());
        assertEquals(TaskState.PENDING, ap.get(trusted).state());
        assertEquals("win11-golden", eu.get(plain).destinationName());
        assertEquals("Golden", eu.get(plain).destinationDescription());

        Map<?, ?> counts = (Map<?, ?>) out.get("counts");
        assertEquals(10L, ((Number) counts.get("total")).longValue());
        assertEquals(4L, ((Number) counts.get("pending")).longValue());
        assertEquals(6L, ((Number) counts.get("skipped")).longValue());
        Invariants.countersMatchTasks(stack.store(), "job-plan");
        assertEquals(0, stack.emulator.counters().calls("CopyWorkspaceImage"), "validation never copies");
    }

    @Test
    void aRedeliveredValidationReturnsTheSameJobAndWritesNothingNew() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Map<String, Object> input = Map.of("request", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 3), List.of(EU)));

        Map<String, Object> first = validate(c, "job-again", input);
        stack.emulator.resetCounters();
        Map<String, Object> second = validate(c, "job-again", input);

        assertEquals(first, second);
        assertEquals(3, stack.store().tasks("job-again").size());
        assertEquals(0, stack.emulator.counters().calls(), "a finished validation is only read back");
    }

    @Test
    void aJobStoredByTheApiIsLoadedByItsId() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Map<String, Object> request = Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 1), List.of(EU));
        stack.store().createJob("job-stored", Json.write(request), stack.clock.instant().plusSeconds(3600));

        Map<String, Object> out = validate(c, "job-stored", Map.of("jobId", "job-stored"));

        assertEquals("RUNNING", out.get("state"));
        assertEquals(1, stack.store().tasks("job-stored").size());
    }

    @Test
    void anInvalidRequestFailsTheJobWithEveryFieldErrorAndCopiesNothing() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", "US-EAST-1");
        request.put("imageIds", List.of("wsi-abc123def", "ami-123"));
        request.put("destinationRegions", List.of());
        request.put("encrypted", true);
        request.put("colour", "blue");

        Map<String, Object> out = validate(c, "job-bad", Map.of("request", request));

        assertEquals("FAILED", out.get("state"));
        assertEquals(Boolean.FALSE, out.get("hasWork"));
        Job job = stack.store().job("job-bad").orElseThrow();
        assertEquals(JobState.FAILED, job.state());
        List<?> errors = (List<?>) Json.parse(job.validationErrors().orElseThrow());
        List<Object> fields = errors.stream().map(e -> ((Map<?, ?>) e).get("field")).map(Object.class::cast).toList();
        assertTrue(fields.containsAll(List.of("sourceRegion", "imageIds[1]", "destinationRegions", "encrypted", "colour")),
                fields.toString());
        assertTrue(stack.store().tasks("job-bad").isEmpty());
        assertEquals(0, stack.emulator.counters().calls(), "an invalid request never reaches WorkSpaces");
    }

    @Test
    void aDestinationThatDeniesAccessIsSkippedWithTheReasonOthersProceed() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 2);
        stack.emulator.faults().denyRegion(AP);

        Map<String, Object> out = validate(c, "job-denied", Map.of("request", Jobs.request(SOURCE, images, List.of(EU, AP))));

        assertEquals(List.of(EU), io.github.wsicopy.core.testing.Jobs.regionsOf(out));
        stack.store().tasks("job-denied", Jobs.own(AP)).forEach(t -> {
            assertEquals(ReasonCode.DESTINATION_UNREACHABLE, t.reasonCode().orElseThrow());
            assertTrue(t.reason().orElseThrow().contains("AccessDeniedException"), t.reason().orElseThrow());
        });
        assertEquals(2, stack.store().tasks("job-denied", Jobs.own(EU)).stream().filter(t -> t.state() == TaskState.PENDING).count());
        // PairsSkipped per Region, 0 where nothing was skipped, in lines the EMF specification accepts
        Map<Object, Object> skipped = EmfSpec.documents(stack.log.lines()).stream()
                .peek(d -> assertEquals(List.of(), EmfSpec.violations(d), d.toString()))
                .collect(Collectors.toMap(d -> d.get("Region"), d -> ((Number) d.get("PairsSkipped")).intValue()));
        assertEquals(Map.of(EU, 0, AP, 2), skipped);
    }

    @Test
    void aSourceRegionThatDeniesAccessFailsTheJobWithTheReason() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 1);
        stack.emulator.faults().denyRegion(SOURCE);

        Map<String, Object> out = validate(c, "job-nosource", Map.of("request", Jobs.request(SOURCE, images, List.of(EU))));

        assertEquals("FAILED", out.get("state"));
        assertTrue(stack.store().job("job-nosource").orElseThrow().error().orElseThrow().contains("workspaces:DescribeWorkspaceImages"));
    }

    @Test
    void copySourceTagsReadsTheSourcesTagsAndTheCopyStepPutsThemOnTheCopy() {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of());
        String image = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("win11-golden")
                .tag("cost-center", "4711").tag("team", "source-team").tag("aws:cloudformation:stack-name", "images"));
        Map<String, Object> request = Jobs.request(SOURCE, List.of(image), List.of(EU));
        request.put("copySourceTags", true);
        request.put("tags", List.of(Map.of("key", "team", "value", "vdi")));

        validate(c, "job-tags", Map.of("request", request));
        new io.github.wsicopy.core.workflow.CopyStarter(c.store(), c.workspaces(), c.clock(),
                io.github.wsicopy.core.workflow.Pacing.from(c.settings()), c.settings().maxStartsPerInvocation(),
                c.settings().startRatePerSecond(), c.log()).run("job-tags",
                new io.github.wsicopy.core.model.Target(TestStack.ACCOUNT, EU));

        List<io.github.wsicopy.local.workspaces.EmulatedImage> copies = stack.emulator.images(TestStack.ACCOUNT, EU);
        assertEquals(1, copies.size());
        Map<String, String> tags = copies.get(0).tags();
        assertEquals("4711", tags.get("cost-center"), tags.toString());
        assertEquals("vdi", tags.get("team"), "the request's tag wins over the source's");
        assertTrue(!tags.containsKey("aws:cloudformation:stack-name"), tags.toString());
        assertEquals(image, tags.get(io.github.wsicopy.core.model.SystemTags.SOURCE_IMAGE_ID));
    }

    @Test
    void withoutCopySourceTagsTheSourcesTagsAreNotEvenRead() {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of());
        String image = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("win11-golden")
                .tag("cost-center", "4711"));

        validate(c, "job-notags", Map.of("request", Jobs.request(SOURCE, List.of(image), List.of(EU))));

        assertEquals(TaskState.PENDING, tasksByImage("job-notags", EU).get(image).state());
        assertEquals(0, stack.emulator.counters().calls("DescribeTags"), "DescribeTags costs API rate");
    }

    private static final String QUOTA_CODE = "L-5C1D0E21";

    @Test
    void theQuotaAppliedInServiceQuotasWinsOverTheConfiguredOneAndTheRejectionSaysSo() {
        stack = TestStack.unthrottled();
        stack.serviceQuotas.setAppliedQuota(TestStack.ACCOUNT, EU, "workspaces", QUOTA_CODE, 3);
        Components c = stack.components(Map.of("IMAGE_QUOTA_CODE", QUOTA_CODE, "IMAGE_QUOTA_PER_REGION", "40"));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 4);

        validate(c, "job-applied", Map.of("request", Jobs.request(SOURCE, images, List.of(EU, AP))));

        Map<String, CopyTask> eu = tasksByImage("job-applied", EU);
        images.subList(0, 3).forEach(id -> assertEquals(TaskState.PENDING, eu.get(id).state()));
        CopyTask fourth = eu.get(images.get(3));
        assertEquals(ReasonCode.DESTINATION_QUOTA_EXCEEDED, fourth.reasonCode().orElseThrow());
        assertTrue(fourth.reason().orElseThrow().contains("quota of 3 (applied to the account there, read from Service"
                + " Quotas)"), fourth.reason().orElseThrow());
        assertTrue(tasksByImage("job-applied", AP).values().stream().allMatch(t -> t.state() == TaskState.PENDING),
                "no value applied in ap-northeast-1: the configured 40");
        assertEquals(2, stack.serviceQuotas.calls("GetServiceQuota"), "once per Region");
    }

    @Test
    void withoutAnAppliedValueOrAQuotaCodeTheConfiguredQuotaCounts() {
        stack = TestStack.unthrottled();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 3);
        stack.serviceQuotas.failNext("GetServiceQuota", "AccessDeniedException", "not allowed", 1);
        Components c = stack.components(Map.of("IMAGE_QUOTA_CODE", QUOTA_CODE, "IMAGE_QUOTA_PER_REGION", "2"));

        validate(c, "job-configured", Map.of("request", Jobs.request(SOURCE, images, List.of(EU))));

        CopyTask third = tasksByImage("job-configured", EU).get(images.get(2));
        assertEquals(ReasonCode.DESTINATION_QUOTA_EXCEEDED, third.reasonCode().orElseThrow());
        assertTrue(third.reason().orElseThrow().contains("quota of 2 (the configured ImageQuotaPerRegion"),
                third.reason().orElseThrow());

        stack.serviceQuotas.setAppliedQuota(TestStack.ACCOUNT, EU, "workspaces", QUOTA_CODE, 3);
        int before = stack.serviceQuotas.calls("GetServiceQuota");
        Components noCode = stack.components(Map.of("IMAGE_QUOTA_PER_REGION", "2", "REGION_FACTS_MAX_AGE_SECONDS", "0"));
        validate(noCode, "job-nocode", Map.of("request", Jobs.request(SOURCE, images, List.of(EU))));
        assertEquals(ReasonCode.DESTINATION_QUOTA_EXCEEDED,
                tasksByImage("job-nocode", EU).get(images.get(2)).reasonCode().orElseThrow());
        assertEquals(before, stack.serviceQuotas.calls("GetServiceQuota"), "no ImageQuotaCode: Service Quotas is not asked");
    }

    @Test
    void theDestinationQuotaCountsExistingImagesAndPlannedCopies() {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of("IMAGE_QUOTA_PER_REGION", "5"));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 4);
        Jobs.seedImages(stack, EU, "resident", 3);

        validate(c, "job-quota", Map.of("request", Jobs.request(SOURCE, images, List.of(EU))));

        List<CopyTask> tasks = stack.store().tasks("job-quota", Jobs.own(EU));
        assertEquals(2, tasks.stream().filter(t -> t.state() == TaskState.PENDING).count());
        List<CopyTask> over = tasks.stream().filter(t -> t.state() == TaskState.SKIPPED).toList();
        assertEquals(2, over.size());
        over.forEach(t -> assertEquals(ReasonCode.DESTINATION_QUOTA_EXCEEDED, t.reasonCode().orElseThrow()));
    }

    @Test
    void aJobWithNothingToCopyHasNoWork() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        String image = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("golden"));
        stack.emulator.addImage(TestStack.ACCOUNT, EU, ImageSeed.named("golden"));

        Map<String, Object> out = validate(c, "job-nothing", Map.of("request", Jobs.request(SOURCE, List.of(image), List.of(EU))));

        assertEquals(Boolean.FALSE, out.get("hasWork"));
        assertEquals(List.of(), io.github.wsicopy.core.testing.Jobs.regionsOf(out));
    }

    @Test
    void anInputWithoutJobOrRequestIsRefusedAndStoresNothing() {
        stack = TestStack.unthrottled();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> validate(stack.components(), "job-empty", Map.of()));
        assertTrue(e.getMessage().contains("no request"), e.getMessage());
        assertTrue(stack.store().job("job-empty").isEmpty());
    }

    @Test
    void aRunByPolicyIdReadsThePolicyFromTheTableAndRunsItAsTheSchedulesRun() {
        stack = TestStack.unthrottled();
        String golden = stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("golden-a").tag("replicate", "true"));
        stack.emulator.addImage(TestStack.ACCOUNT, SOURCE, ImageSeed.named("golden-b"));
        java.time.Instant now = stack.clock.instant();
        stack.store().policyDefinitions().put(new io.github.wsicopy.core.store.PolicyDefinition("nightly",
                io.github.wsicopy.core.json.Json.write(Map.of("policyId", "nightly", "sourceRegion", SOURCE,
                        "select", Map.of("tags", Map.of("replicate", "true")), "destinationRegions", List.of(EU))),
                Optional.empty(), "nightly", 1, now, now), java.util.OptionalLong.empty());

        Map<String, Object> out = validate(stack.components(), "sched-run-1", Map.of("policyId", "nightly"));

        assertEquals("RUNNING", out.get("state"), out.toString());
        assertEquals(List.of(EU), io.github.wsicopy.core.testing.Jobs.regionsOf(out));
        assertEquals(new io.github.wsicopy.core.store.JobOrigin.Scheduled("nightly"),
                stack.store().job("sched-run-1").orElseThrow().origin());
        assertEquals(Set.of(golden), tasksByImage("sched-run-1", EU).keySet());
        assertEquals(Optional.of("sched-run-1"), stack.store().policyLocks().holder("nightly"));
    }

    @Test
    void aRunOfAPolicyNoLongerStoredEndsCancelledWithANoteAndCopiesNothing() {
        stack = TestStack.unthrottled();

        Map<String, Object> out = validate(stack.components(), "sched-run-2", Map.of("policyId", "deleted-one"));

        assertEquals("CANCELLED", out.get("state"), out.toString());
        io.github.wsicopy.core.store.Job job = stack.store().job("sched-run-2").orElseThrow();
        assertTrue(job.note().orElseThrow().contains("there is no policy deleted-one"), job.note().toString());
        assertEquals(new io.github.wsicopy.core.store.JobOrigin.Scheduled("deleted-one"), job.origin());
        assertEquals(0, stack.emulator.counters().calls());
        assertEquals(Optional.empty(), stack.store().policyLocks().holder("deleted-one"));
    }
}
