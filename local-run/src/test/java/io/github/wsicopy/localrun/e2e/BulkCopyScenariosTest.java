package io.github.wsicopy.localrun.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.local.workspaces.EmulatorConfig;
import io.github.wsicopy.local.workspaces.Faults.LostResponseMode;
import io.github.wsicopy.localrun.sfn.Timing;
import io.github.wsicopy.localrun.stack.RunCounters;
import io.github.wsicopy.localrun.stack.StackOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The real state machine, end to end: the interpreter runs statemachine/bulk-copy.asl.json, its Tasks call the
 * invoke server, the handlers run against DynamoDB Local and the WorkSpaces emulator. After every scenario the
 * invariants must hold: every task final (with a reason unless it succeeded), job counters equal to the tasks,
 * at most one copy per (source image, destination Region), and the job's state what its tasks call for.
 */
class BulkCopyScenariosTest {
    private static final String SOURCE = "us-east-1";
    private static final String ACCOUNT = EmulatorConfig.DEFAULT_ACCOUNT_ID;
    private static final List<String> TWO_REGIONS = List.of("eu-west-1", "ap-southeast-2");

    private WorkflowRun run;

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    private WorkflowRun start(String name, UnaryOperator<StackOptions> configure) {
        return start(name, configure, Timing.fast());
    }

    private WorkflowRun start(String name, UnaryOperator<StackOptions> configure, Timing timing) {
        run = new WorkflowRun(name, configure, timing);
        return run;
    }

    private List<String> seed(int n) {
        return Jobs.seedImages(run.stack.emulator, SOURCE, "golden", n);
    }

    private WorkflowRun.Finished runJob(String jobId, List<String> images, List<String> regions) {
        WorkflowRun.Finished finished = run.run(jobId, Jobs.request(SOURCE, images, regions));
        Invariants.holdAfterRun(run.stack.store(), run.stack.emulator, ACCOUNT, jobId, regions);
        return finished;
    }

    private RunCounters counters(WorkflowRun.Finished finished) {
        return RunCounters.of(run.stack, finished.result().transitions());
    }

    private static List<CopyTask> tasksIn(WorkflowRun.Finished finished, String region) {
        return finished.tasks().stream().filter(t -> t.destinationRegion().equals(region)).toList();
    }

    private static void assertAll(List<CopyTask> tasks, TaskState state, ReasonCode code) {
        assertFalse(tasks.isEmpty());
        for (CopyTask task : tasks) {
            assertEquals(state, task.state(), task.sortKey() + ": " + task.reason().orElse(""));
            assertEquals(code, task.reasonCode().orElse(null), task.sortKey() + ": " + task.reason().orElse(""));
        }
    }

    @Test
    void manyImagesToSeveralRegionsAllSucceed() {
        // 10 starts per invocation (not the default 50), so each Region's copies span several invocations.
        start("happy-path", o -> o.withEnvironment(Map.of("MAX_STARTS_PER_INVOCATION", "10")));
        List<String> images = seed(30);
        List<String> regions = List.of("eu-west-1", "ap-southeast-2", "us-west-2", "ap-northeast-1");

        WorkflowRun.Finished finished = runJob("happy-path", images, regions);

        assertTrue(finished.result().succeeded(), finished.result().toString());
        assertEquals(JobState.SUCCEEDED, finished.job().state());
        assertEquals(120, finished.tasks().size());
        assertAll(finished.tasks(), TaskState.SUCCEEDED, null);
        assertEquals(120, run.stack.emulator.counters().copies());
        RunCounters counters = counters(finished);
        assertEquals(1, counters.invocations("ValidateFunction"));
        assertEquals(1, counters.invocations("NotifyFunction"));
        // 30 copies per Region: the four Regions are one batch (about 100 copies, Batches), one child execution whose
        // steps run the four side by side. 10 starts per Region per invocation (MAX_STARTS_PER_INVOCATION): 3
        // StartCopies invocations, one FinishTarget, and one more for any invocation retried after a transient failure
        // (DynamoDB conflicts between Regions).
        assertEquals(3 + 1 + counters.lambdaErrors().get("CopyFunction"), counters.invocations("CopyFunction"));
        assertEquals(120, counters.workspacesCalls("CopyWorkspaceImage"));
        // Polls are batched: at most two DescribeWorkspaceImages (25 ids each) per Region per PollStatus invocation, on
        // top of validation's (two for the 30 sources, one per destination for the images already there).
        assertTrue(counters.workspacesCalls("DescribeWorkspaceImages")
                <= 2 + regions.size() + 2 * regions.size() * counters.invocations("PollStatusFunction"), counters.toString());
        assertEquals(counters.transitions().byState().values().stream().mapToLong(Long::longValue).sum(),
                counters.transitions().stateTransitions());
        assertEquals(1, counters.transitions().mapIterations());
        assertTrue(counters.dynamodbCalls().get("TransactWriteItems") >= 120 * 3, counters.toString());
        assertEquals(1, run.stack.sink.messages().size(), "one notification");
    }

    @Test
    void aThrottlingStormSlowsTheJobButLosesNothing() {
        // The rate limit refills in real time, so here waits and retries take some real time too (still far less
        // than in AWS: 30 s and more between polls, 5 s and more between retries).
        start("throttling-storm", o -> o.withEmulator(EmulatorConfig.defaults()) // 2 calls/s, bursts of 5
                .withEnvironment(Map.of("START_RATE_PER_SECOND", "1")), new Timing(100, 1000));
        run.stack.emulator.faults().throttleFraction(0.33);
        List<String> images = seed(4);

        WorkflowRun.Finished finished = runJob("throttling-storm", images, TWO_REGIONS);

        assertTrue(finished.result().succeeded(), finished.result().toString());
        assertEquals(JobState.SUCCEEDED, finished.job().state());
        assertAll(finished.tasks(), TaskState.SUCCEEDED, null);
        assertTrue(run.stack.emulator.counters().throttled() > 0, "the storm throttled nothing");
        assertEquals(8, run.stack.emulator.counters().copies());
    }

    @ParameterizedTest
    @EnumSource(LostResponseMode.class)
    void aLostCopyResponseIsReconciledNotRepeated(LostResponseMode mode) {
        start("lost-response-" + mode, o -> o);
        run.stack.emulator.faults().lostResponseMode(mode).loseNextCopyResponses(1);
        List<String> images = seed(3);

        WorkflowRun.Finished finished = runJob("lost-" + mode.name().toLowerCase().replace('_', '-'), images, TWO_REGIONS);

        assertEquals(1, run.stack.emulator.counters().lostResponses());
        assertEquals(JobState.SUCCEEDED, finished.job().state());
        assertAll(finished.tasks(), TaskState.SUCCEEDED, null);
        assertEquals(6, run.stack.emulator.counters().copies());
    }

    @ParameterizedTest
    @EnumSource(CopyFunctionCrash.Point.class)
    void aCopyFunctionThatFailsAfterClaimingIsRetriedAndTheTaskFinishesOnce(CopyFunctionCrash.Point point) {
        CopyFunctionCrash crash = new CopyFunctionCrash(point);
        start("crash-" + point, o -> o.withInterceptor("CopyFunction", crash));
        List<String> images = seed(3);

        WorkflowRun.Finished finished = runJob("crash-" + point.name().toLowerCase().replace('_', '-'), images, TWO_REGIONS);

        assertTrue(crash.failures() > 0, "the crash did not happen");
        RunCounters counters = counters(finished);
        assertEquals(1, counters.lambdaErrors().get("CopyFunction"), "one failed copy invocation");
        assertTrue(counters.transitions().retries() >= 1, "the state machine did not retry: " + counters.transitions());
        assertEquals(JobState.SUCCEEDED, finished.job().state());
        assertAll(finished.tasks(), TaskState.SUCCEEDED, null);
        CopyTask victim = finished.tasks().stream().filter(t -> t.sortKey().equals(crash.victim())).findFirst().orElseThrow();
        // AFTER_CLAIM: claimed again after the lease; RECORDING_CONFLICTS: the copy found and adopted.
        assertEquals(point == CopyFunctionCrash.Point.AFTER_CLAIM ? 2 : 1, victim.attempts());
        assertEquals(6, run.stack.emulator.counters().copies());
    }

    @Test
    void aCopyEndingInErrorFailsOnlyItsTasks() {
        start("copy-error", o -> o);
        List<String> images = seed(3);
        run.stack.emulator.markCopyFailure(images.get(1), "InternalServiceError", "The image copy failed");

        WorkflowRun.Finished finished = runJob("copy-error", images, TWO_REGIONS);

        assertEquals(JobState.PARTIALLY_SUCCEEDED, finished.job().state());
        List<CopyTask> failed = finished.tasks().stream().filter(t -> t.sourceImageId().equals(images.get(1))).toList();
        assertAll(failed, TaskState.FAILED, ReasonCode.COPY_FAILED);
        assertTrue(failed.get(0).reason().orElseThrow().contains("The image copy failed"), failed.get(0).reason().get());
        assertEquals(4, finished.tasks().stream().filter(t -> t.state() == TaskState.SUCCEEDED).count());
    }

    @Test
    void aQuotaReachedInOneRegionFailsItsRemainingCopiesWhileOthersSucceed() {
        start("quota", o -> o);
        List<String> images = seed(4);
        run.stack.emulator.setImageQuota("ap-southeast-2", 2); // below what validation assumed (40)

        WorkflowRun.Finished finished = runJob("quota", images, TWO_REGIONS);

        assertEquals(JobState.PARTIALLY_SUCCEEDED, finished.job().state());
        assertAll(tasksIn(finished, "eu-west-1"), TaskState.SUCCEEDED, null);
        List<CopyTask> sydney = tasksIn(finished, "ap-southeast-2");
        assertEquals(2, sydney.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count());
        assertAll(sydney.stream().filter(t -> t.state() != TaskState.SUCCEEDED).toList(), TaskState.FAILED,
                ReasonCode.DESTINATION_QUOTA_EXCEEDED);
        assertEquals(1, run.stack.emulator.counters().errors("ResourceLimitExceededException"),
                "the Region's remaining copies are failed without more calls");
    }

    @Test
    void theQuotaAppliedInServiceQuotasIsKnownAtValidationSoTheOverflowIsSkippedNotFailed() {
        start("applied-quota", o -> o.withEnvironment(Map.of("IMAGE_QUOTA_CODE", "L-5C1D0E21")));
        List<String> images = seed(4);
        run.stack.emulator.setImageQuota("ap-southeast-2", 2);
        run.stack.serviceQuotas.setAppliedQuota(ACCOUNT, "ap-southeast-2", "workspaces", "L-5C1D0E21", 2);

        WorkflowRun.Finished finished = runJob("applied-quota", images, TWO_REGIONS);

        assertAll(tasksIn(finished, "eu-west-1"), TaskState.SUCCEEDED, null);
        List<CopyTask> sydney = tasksIn(finished, "ap-southeast-2");
        assertEquals(2, sydney.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count());
        List<CopyTask> skipped = sydney.stream().filter(t -> t.state() != TaskState.SUCCEEDED).toList();
        assertAll(skipped, TaskState.SKIPPED, ReasonCode.DESTINATION_QUOTA_EXCEEDED);
        skipped.forEach(t -> assertTrue(t.reason().orElseThrow().contains("read from Service Quotas"),
                t.reason().orElseThrow()));
        assertEquals(0, run.stack.emulator.counters().errors("ResourceLimitExceededException"),
                "no copy was tried over the quota");
    }

    @Test
    void accessDeniedInOneRegionFailsThatRegionOnly() {
        start("access-denied", o -> o);
        List<String> images = seed(3);
        // Denied after validation, when the copies start (a policy changed while the job ran).
        onFirstInvocationOf("CopyFunction", () -> run.stack.emulator.faults().denyRegion("ap-southeast-2"));

        WorkflowRun.Finished finished = runJob("access-denied", images, TWO_REGIONS);

        assertEquals(JobState.PARTIALLY_SUCCEEDED, finished.job().state());
        assertAll(tasksIn(finished, "eu-west-1"), TaskState.SUCCEEDED, null);
        assertAll(tasksIn(finished, "ap-southeast-2"), TaskState.FAILED, ReasonCode.DESTINATION_UNREACHABLE);
        assertEquals(0, run.stack.emulator.counters().copies("ap-southeast-2"));
    }

    @Test
    void aRegionWhoseStepFailsForGoodEndsItsOwnTasksWhileTheOtherRegionFinishes() {
        // Every poll in Sydney fails (a handler failure, not retried by the state machine): caught in its Region.
        start("region-failed", o -> o.withInterceptor("PollStatusFunction", new FailCallsIn("ap-southeast-2")));
        List<String> images = seed(3);

        WorkflowRun.Finished finished = runJob("region-failed", images, TWO_REGIONS);

        for (String reason : sydneyFailedAlone(finished)) {
            assertTrue(reason.startsWith("Copying to ap-southeast-2 stopped: checking the copies' progress there failed"
                    + " because simulated: WorkSpaces keeps failing in ap-southeast-2"), reason);
        }
        RunCounters counters = counters(finished);
        // Sydney and Ireland are one batch: a failure for good of one target is settled inside the step (no
        // RegionFailed state), and the step goes on for the other.
        assertEquals(null, counters.transitions().byState().get("RegionFailed"));
        assertEquals(1, counters.transitions().mapIterations());
        assertEquals(1, counters.invocations("NotifyFunction"));
        assertEquals(null, counters.transitions().byState().get("NotifyFailure"));
        assertEquals(6, run.stack.emulator.counters().copies(), "no copy is repeated or abandoned unreported");
    }

    @Test
    void aTargetWhoseFailureKeepsPassingEndsAloneOnceTheRetriesGiveUpAndItsBatchGoesOn() {
        // Every poll in Sydney gets no answer (passing, so the step is retried), while Ireland in the same batch works.
        start("target-transient", o -> o.withInterceptor("PollStatusFunction", new FailCallsIn("ap-southeast-2", true)));
        List<String> images = seed(3);

        WorkflowRun.Finished finished = runJob("target-transient", images, TWO_REGIONS);

        for (String reason : sydneyFailedAlone(finished)) {
            assertTrue(reason.startsWith("Copying to ap-southeast-2 stopped: checking the copies' progress there failed"
                    + " because Checking the copies in ap-southeast-2 could not read WorkSpaces"), reason);
            assertTrue(reason.contains("after retrying for up to"), reason);
        }
        RunCounters counters = counters(finished);
        assertEquals(1, counters.transitions().mapIterations());
        assertEquals(1, counters.transitions().byState().get("RegionFailed"), "the step's Retry gave up once, on Sydney");
        assertEquals(1, counters.transitions().byState().get("FinishTarget"), "then the batch finished");
        assertTrue(counters.lambdaErrors().get("PollStatusFunction") >= 17, counters.toString());
        assertEquals(6, run.stack.emulator.counters().copies(), "no copy is repeated");
    }

    /**
     * The job ended through Notify with Ireland's copies made and Sydney's tasks ended REGION_FAILED, each reason a
     * sentence that says a started copy may still complete and shows no Java class and no batch marker; their reasons.
     */
    private static List<String> sydneyFailedAlone(WorkflowRun.Finished finished) {
        assertTrue(finished.result().succeeded(), "the job ends through Notify, not NotifyFailure: " + finished.result());
        assertEquals(JobState.PARTIALLY_SUCCEEDED, finished.job().state());
        assertAll(tasksIn(finished, "eu-west-1"), TaskState.SUCCEEDED, null);
        List<CopyTask> sydney = tasksIn(finished, "ap-southeast-2");
        assertAll(sydney, TaskState.FAILED, ReasonCode.REGION_FAILED);
        List<String> reasons = sydney.stream().map(t -> t.reason().orElseThrow()).toList();
        for (String reason : reasons) {
            assertTrue(reason.contains("may still complete there"), reason);
            assertFalse(reason.contains("java.") || reason.contains("io.github") || reason.contains("[targets"), reason);
        }
        return reasons;
    }

    /**
     * Fails every WorkSpaces call its function makes in one Region, through the function's SDK client: for good (the
     * function fails), or with no answer (a failure that passes, so the step is retried).
     */
    private record FailCallsIn(String region, boolean noAnswer)
            implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        FailCallsIn(String region) {
            this(region, false);
        }

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            var called = attributes.getAttribute(software.amazon.awssdk.awscore.AwsExecutionAttribute.AWS_REGION);
            if (context.request() instanceof software.amazon.awssdk.services.workspaces.model.WorkSpacesRequest
                    && called != null && called.id().equals(region)) {
                if (noAnswer) {
                    throw software.amazon.awssdk.core.exception.SdkClientException.create("simulated: no answer in " + region);
                }
                throw new IllegalStateException("simulated: WorkSpaces keeps failing in " + region);
            }
        }
    }

    @Test
    void aSourceImageDeletedWhileTheJobRunsFailsItsCopies() {
        start("source-deleted", o -> o);
        List<String> images = seed(3);
        onFirstInvocationOf("CopyFunction", () -> run.stack.emulator.deleteImage(ACCOUNT, SOURCE, images.get(0)));

        WorkflowRun.Finished finished = runJob("source-deleted", images, TWO_REGIONS);

        assertEquals(JobState.PARTIALLY_SUCCEEDED, finished.job().state());
        assertAll(finished.tasks().stream().filter(t -> t.sourceImageId().equals(images.get(0))).toList(),
                TaskState.FAILED, ReasonCode.IMAGE_NOT_FOUND);
        assertEquals(4, run.stack.emulator.counters().copies());
    }

    @Test
    void anInvalidRequestFailsTheJobWithEveryReasonAndCopiesNothing() {
        start("invalid-request", o -> o);
        seed(1);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("sourceRegion", SOURCE);
        request.put("imageIds", List.of("ami-0123456789"));
        request.put("destinationRegions", List.of("eu-west-1", "eu-west-1"));
        request.put("nameTemplate", "{sourceName} copy");
        request.put("tags", List.of(Map.of("key", "aws:owner", "value", "me")));
        request.put("encrypted", true);

        WorkflowRun.Finished finished = run.run("invalid-request", request);
        Invariants.holdAfterRun(run.stack.store(), run.stack.emulator, ACCOUNT, "invalid-request", List.of("eu-west-1"));

        assertEquals(JobState.FAILED, finished.job().state());
        assertEquals("FAILED", finished.result().outputObject().get("state"), finished.result().toString());
        String errors = finished.job().validationErrors().orElseThrow();
        for (String field : List.of("imageIds[0]", "destinationRegions", "nameTemplate", "tags[0].key", "encrypted")) {
            assertTrue(errors.contains(field), field + " missing from " + errors);
        }
        assertTrue(finished.tasks().isEmpty());
        assertEquals(0, run.stack.emulator.counters().calls("CopyWorkspaceImage"));
        assertEquals(0, counters(finished).invocations("CopyFunction"));
    }

    /** Runs {@code action} once, just before the first invocation of {@code function}. */
    private void onFirstInvocationOf(String function, Runnable action) {
        AtomicBoolean done = new AtomicBoolean();
        run.stack.lambda.addListener((name, input) -> {
            if (name.equals(function) && done.compareAndSet(false, true)) {
                action.run();
            }
        });
    }
}
