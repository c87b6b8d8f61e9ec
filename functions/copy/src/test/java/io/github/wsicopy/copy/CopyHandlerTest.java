package io.github.wsicopy.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.local.workspaces.EmulatedImage;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.ImageSeed;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The copy handler through the real SDK against DynamoDB Local and the WorkSpaces emulator. */
class CopyHandlerTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";
    private static final String AP = "ap-northeast-1";

    private TestStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private Map<String, Object> copy(Components c, String jobId, String region) {
        return Invoke.handler(new CopyHandler(c), Map.of("jobId", jobId, "targets", List.of(Map.of("account", TestStack.ACCOUNT, "region", region))));
    }

    private List<CopyTask> tasks(String jobId, String region, TaskState state) {
        return stack.store().tasks(jobId, Jobs.own(region)).stream().filter(t -> t.state() == state).toList();
    }

    private void checkInvariants(String jobId, List<String> regions) {
        Invariants.noDuplicateCopies(stack, regions);
        Invariants.countersMatchTasks(stack.store(), jobId);
    }

    @Test
    void startsAtMostTheBatchPerInvocationThenAsksToPoll() {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", "4"));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 6);
        Jobs.plan(c, "job-batch", Jobs.request(SOURCE, images, List.of(EU)));

        Map<String, Object> first = copy(c, "job-batch", EU);
        assertEquals("START", first.get("next"));
        assertEquals(4L, ((Number) first.get("copying")).longValue());
        assertEquals(2L, ((Number) first.get("pending")).longValue());

        Map<String, Object> second = copy(c, "job-batch", EU);
        assertEquals("WAIT_THEN_POLL", second.get("next"));
        assertEquals(30L, ((Number) second.get("nextWaitSeconds")).longValue());
        assertEquals(6, tasks("job-batch", EU, TaskState.COPYING).size());

        for (EmulatedImage image : stack.emulator.images(TestStack.ACCOUNT, EU)) {
            assertEquals("job-batch", image.tags().get(SystemTags.JOB_ID));
            assertEquals(image.sourceImageId(), image.tags().get(SystemTags.SOURCE_IMAGE_ID));
            assertEquals(SOURCE, image.tags().get(SystemTags.SOURCE_REGION));
        }
        assertEquals(6, stack.emulator.counters().calls("CopyWorkspaceImage"));
        checkInvariants("job-batch", List.of(EU));
    }

    @Test
    void aThrottlingBurstDelaysCopiesButFailsNoneAndDuplicatesNone() {
        stack = TestStack.start(); // 2 calls/s, burst 5
        // The shared budget set far above the service's limit: throttling as when other tools use the API too.
        Components c = stack.components(Map.of("START_RATE_PER_SECOND", "20", "MAX_STARTS_PER_INVOCATION", "12",
                "WORKSPACES_CALLS_PER_SECOND", "1000", "WORKSPACES_BURST", "1000"));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 12);
        Jobs.plan(c, "job-throttle", Jobs.request(SOURCE, images, List.of(EU)));
        stack.emulator.resetCounters();

        Map<String, Object> out = copy(c, "job-throttle", EU);
        for (int i = 0; i < 10 && !"WAIT_THEN_POLL".equals(out.get("next")); i++) {
            assertTrue(List.of("START", "WAIT_THEN_START").contains(out.get("next")), out.toString());
            out = copy(c, "job-throttle", EU);
        }
        assertTrue(stack.emulator.counters().throttled() > 0, "the burst was never throttled: the test proves nothing");
        assertEquals(12, tasks("job-throttle", EU, TaskState.COPYING).size());
        assertEquals(0, tasks("job-throttle", EU, TaskState.FAILED).size());
        checkInvariants("job-throttle", List.of(EU));
    }

    @Test
    void aLostCopyAnswerIsReconciledWithoutASecondCopy() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 3);
        Jobs.plan(c, "job-lost", Jobs.request(SOURCE, images, List.of(EU)));
        stack.emulator.faults().loseNextCopyResponses(2);

        Map<String, Object> out = copy(c, "job-lost", EU);

        assertEquals(2, stack.emulator.counters().lostResponses());
        assertEquals(3, tasks("job-lost", EU, TaskState.COPYING).size(), out.toString());
        assertEquals(3, stack.emulator.images(TestStack.ACCOUNT, EU).size());
        for (CopyTask task : tasks("job-lost", EU, TaskState.COPYING)) {
            EmulatedImage image = stack.emulator.image(TestStack.ACCOUNT, EU, task.destinationImageId().orElseThrow()).orElseThrow();
            assertEquals(task.sourceImageId(), image.sourceImageId());
        }
        checkInvariants("job-lost", List.of(EU));
    }

    @Test
    void theSameInvocationDeliveredTwiceAtOnceStartsEachCopyOnce() throws Exception {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", "20"));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 10);
        Jobs.plan(c, "job-twice", Jobs.request(SOURCE, images, List.of(EU)));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Map<String, Object>>> deliveries = List.of(
                    () -> copy(c, "job-twice", EU), () -> copy(stack.components(), "job-twice", EU));
            for (Future<Map<String, Object>> f : pool.invokeAll(deliveries)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // Then a late redelivery, after everything started.
        Map<String, Object> late = copy(c, "job-twice", EU);
        assertEquals("WAIT_THEN_POLL", late.get("next"));
        assertEquals(10, stack.emulator.counters().calls("CopyWorkspaceImage"));
        assertEquals(10, tasks("job-twice", EU, TaskState.COPYING).size());
        checkInvariants("job-twice", List.of(EU));
    }

    @Test
    void aClaimLeftByACrashedInvocationWaitsForItsLeaseThenStartsOnce() {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of("CLAIM_LEASE_SECONDS", "180"));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 1);
        Jobs.plan(c, "job-crash", Jobs.request(SOURCE, images, List.of(EU)));
        JobStore store = stack.store();
        // An invocation claimed the task and died before calling WorkSpaces.
        store.transition(store.tasks("job-crash", Jobs.own(EU)).get(0), Transition.claim()).orElseThrow();

        Map<String, Object> early = copy(c, "job-crash", EU);
        assertEquals("WAIT_THEN_START", early.get("next"));
        assertTrue(((Number) early.get("nextWaitSeconds")).intValue() >= 180);
        assertEquals(0, stack.emulator.counters().calls("CopyWorkspaceImage"));

        stack.clock.advance(Duration.ofSeconds(181));
        Map<String, Object> later = copy(c, "job-crash", EU);
        assertEquals("WAIT_THEN_POLL", later.get("next"));
        assertEquals(1, tasks("job-crash", EU, TaskState.COPYING).size());
        assertEquals(2, store.tasks("job-crash", Jobs.own(EU)).get(0).attempts());
        checkInvariants("job-crash", List.of(EU));
    }

    @Test
    void aCopyMadeByACrashedInvocationIsAdoptedNotRepeated() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 1);
        Jobs.plan(c, "job-adopt", Jobs.request(SOURCE, images, List.of(EU)));
        JobStore store = stack.store();
        CopyTask claimed = store.transition(store.tasks("job-adopt", Jobs.own(EU)).get(0), Transition.claim()).orElseThrow();
        // The crashed invocation's call reached WorkSpaces: the copy exists, the table never heard of it.
        String made = new io.github.wsicopy.core.workspaces.WorkSpacesGateway(c.clients()).copy(
                new io.github.wsicopy.core.workspaces.CopyCommand(SOURCE, claimed.sourceImageId(), EU,
                        claimed.destinationName(), claimed.destinationDescription(), claimed.tags()));

        stack.clock.advance(Duration.ofMinutes(4));
        copy(c, "job-adopt", EU);

        CopyTask task = store.tasks("job-adopt", Jobs.own(EU)).get(0);
        assertEquals(TaskState.COPYING, task.state());
        assertEquals(made, task.destinationImageId().orElseThrow());
        assertEquals(1, stack.emulator.counters().calls("CopyWorkspaceImage"));
        checkInvariants("job-adopt", List.of(EU));
    }

    @Test
    void aQuotaReachedMidJobFailsTheRestOfThatRegionOnly() {
        stack = TestStack.start(EmulatorConfig.defaults().withRateLimit(0, 0).withImageQuota(EU, 3));
        Components c = stack.components(); // the plan still assumes the default quota of 40
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 6);
        Jobs.plan(c, "job-quota", Jobs.request(SOURCE, images, List.of(EU, AP)));

        copy(c, "job-quota", EU);
        copy(c, "job-quota", AP);

        assertEquals(3, tasks("job-quota", EU, TaskState.COPYING).size());
        List<CopyTask> failed = tasks("job-quota", EU, TaskState.FAILED);
        assertEquals(3, failed.size());
        failed.forEach(t -> assertEquals(ReasonCode.DESTINATION_QUOTA_EXCEEDED, t.reasonCode().orElseThrow()));
        assertTrue(failed.get(0).reason().orElseThrow().contains("ResourceLimitExceededException"));
        // One refused call, not one per remaining task.
        assertEquals(4, stack.emulator.counters().calls(EU, "CopyWorkspaceImage"));
        assertEquals(6, tasks("job-quota", AP, TaskState.COPYING).size());
        checkInvariants("job-quota", List.of(EU, AP));
    }

    @Test
    void accessDeniedInOneRegionFailsThatRegionOnly() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 3);
        Jobs.plan(c, "job-denied", Jobs.request(SOURCE, images, List.of(EU, AP)));
        stack.emulator.faults().denyRegion(AP);

        copy(c, "job-denied", EU);
        copy(c, "job-denied", AP);

        assertEquals(3, tasks("job-denied", EU, TaskState.COPYING).size());
        List<CopyTask> failed = tasks("job-denied", AP, TaskState.FAILED);
        assertEquals(3, failed.size());
        failed.forEach(t -> {
            assertEquals(ReasonCode.DESTINATION_UNREACHABLE, t.reasonCode().orElseThrow());
            assertTrue(t.reason().orElseThrow().contains("AccessDeniedException"), t.reason().orElseThrow());
        });
        checkInvariants("job-denied", List.of(EU, AP));
    }

    @Test
    void aSourceImageDeletedAfterPlanningFailsItsTasksWithTheReason() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 2);
        Jobs.plan(c, "job-deleted", Jobs.request(SOURCE, images, List.of(EU)));
        stack.emulator.deleteImage(TestStack.ACCOUNT, SOURCE, images.get(0));

        copy(c, "job-deleted", EU);

        CopyTask gone = stack.store().tasks("job-deleted", Jobs.own(EU)).stream()
                .filter(t -> t.sourceImageId().equals(images.get(0))).findFirst().orElseThrow();
        assertEquals(TaskState.FAILED, gone.state());
        assertEquals(ReasonCode.IMAGE_NOT_FOUND, gone.reasonCode().orElseThrow());
        assertEquals(1, tasks("job-deleted", EU, TaskState.COPYING).size());
        checkInvariants("job-deleted", List.of(EU));
    }

    @Test
    void anImageOfTheSameNameMadeByOthersIsAConflictNotAdopted() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 1);
        Jobs.plan(c, "job-conflict", Jobs.request(SOURCE, images, List.of(EU)));
        String name = stack.store().tasks("job-conflict", Jobs.own(EU)).get(0).destinationName();
        stack.emulator.addImage(TestStack.ACCOUNT, EU, ImageSeed.named(name).description("made by someone else"));

        copy(c, "job-conflict", EU);

        CopyTask task = stack.store().tasks("job-conflict", Jobs.own(EU)).get(0);
        assertEquals(TaskState.FAILED, task.state());
        assertEquals(ReasonCode.NAME_CONFLICT, task.reasonCode().orElseThrow());
        checkInvariants("job-conflict", List.of(EU));
    }

    @Test
    void aJobThatIsNoLongerRunningStartsNothing() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 2);
        Jobs.plan(c, "job-stopped", Jobs.request(SOURCE, images, List.of(EU)));
        stack.store().moveJob("job-stopped", java.util.Set.of(io.github.wsicopy.core.store.JobState.RUNNING),
                io.github.wsicopy.core.store.JobState.CANCELLED);

        Map<String, Object> out = copy(c, "job-stopped", EU);

        assertEquals("DONE", out.get("next"));
        assertEquals(0, stack.emulator.counters().calls("CopyWorkspaceImage"));
    }

    @Test
    void badInputIsRefusedWithTheFieldNamed() {
        stack = TestStack.unthrottled();
        CopyHandler handler = new CopyHandler(stack.components());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Invoke.handler(handler, Map.of("jobId", "job-1", "targets", List.of(Map.of("account", TestStack.ACCOUNT, "region", "Not A Region")))));
        assertTrue(e.getMessage().contains("'region'"), e.getMessage());
        IllegalArgumentException noAccount = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Invoke.handler(handler, Map.of("jobId", "job-1", "targets", List.of(Map.of("region", EU)))));
        assertTrue(noAccount.getMessage().contains("'account'"), noAccount.getMessage());
    }

    @Test
    void regionFailedEndsThatRegionsOpenTasksWithASentenceAndLeavesTheOtherRegionAlone() {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", "2"));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 3);
        Jobs.plan(c, "job-region", Jobs.request(SOURCE, images, List.of(EU, AP)));
        copy(c, "job-region", EU); // two COPYING, one PENDING in EU
        copy(c, "job-region", AP);
        // The Java runtime's cause: errorType is the class, errorMessage the words; only the words may be shown.
        String cause = "{\"errorMessage\":\"could not poll copies in eu-west-1: ServiceUnavailable: try later\","
                + "\"errorType\":\"io.github.wsicopy.core.TransientFailure\",\"stackTrace\":[\"a.B.c(B.java:1)\"]}";
        Map<String, Object> input = Map.of("jobId", "job-region", "targets", List.of(Map.of("account", TestStack.ACCOUNT, "region", EU)), "step", "PollStatus",
                "error", Map.of("Error", "io.github.wsicopy.core.TransientFailure", "Cause", cause));

        Map<String, Object> out = Invoke.handler(new CopyHandler(c), input);
        Invoke.handler(new CopyHandler(c), input); // a repeated delivery changes nothing

        assertEquals("DONE", out.get("next"));
        assertEquals(3L, ((Number) out.get("finished")).longValue());
        List<CopyTask> failed = tasks("job-region", EU, TaskState.FAILED);
        assertEquals(3, failed.size());
        // the two that were copying keep their copy's id, and their reason says the copy may still complete
        assertEquals(2, failed.stream().filter(t -> t.destinationImageId().isPresent()).count());
        for (CopyTask task : failed) {
            assertEquals(ReasonCode.REGION_FAILED, task.reasonCode().orElseThrow());
            String reason = task.reason().orElseThrow();
            assertTrue(reason.startsWith("Copying to eu-west-1 stopped: checking the copies' progress there failed"
                    + " because could not poll copies in eu-west-1: ServiceUnavailable: try later"), reason);
            assertTrue(reason.contains("after retrying for up to"), reason);
            for (String leak : List.of("io.github", "TransientFailure", "stackTrace", "errorType")) {
                assertTrue(!reason.contains(leak), leak + " in " + reason);
            }
            assertTrue(task.destinationImageId().isEmpty() || reason.contains(task.destinationImageId().get()
                    + " was still running in eu-west-1; it may still complete there"), reason);
        }
        assertEquals(2, tasks("job-region", AP, TaskState.COPYING).size(), "the other Region goes on");
        assertEquals(1, tasks("job-region", AP, TaskState.PENDING).size());
        checkInvariants("job-region", List.of(EU, AP));
    }
}
