package io.github.wsicopy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /jobs/{jobId}/cancel and POST /jobs/{jobId}/retry. */
class CancelRetryTest {
    private static final String EU = "eu-west-1";
    private static final String AP = "ap-northeast-1";

    private final Api api = Api.onNewStack();
    private final TestStack stack = api.stack;
    private final JobStore store = stack.store();

    @AfterEach
    void stop() {
        api.close();
    }

    /** A job submitted through the API and planned by validate: 3 images × 2 Regions, all PENDING. */
    private String runningJob() {
        String jobId = api.post("/jobs", api.request(3, List.of(EU, AP))).text("jobId");
        Jobs.plan(api.components, jobId, Map.of());
        return jobId;
    }

    private CopyTask task(String jobId, String region, int index) {
        return store.tasks(jobId, Jobs.own(region)).get(index);
    }

    /** Moves a task as the copy step would: claimed, then copying as {@code imageId}. */
    private void copying(String jobId, String region, int index, String imageId) {
        CopyTask claimed = store.transition(task(jobId, region, index), Transition.claim()).orElseThrow();
        store.transition(claimed, Transition.copying(imageId)).orElseThrow();
    }

    private void failed(String jobId, String region, int index) {
        CopyTask claimed = store.transition(task(jobId, region, index), Transition.claim()).orElseThrow();
        store.transition(claimed, Transition.failed(io.github.wsicopy.core.model.Reason.of(ReasonCode.COPY_FAILED)
                .with("copy", "wsi-0copy0001").with("region", "eu-west-1").with("error", "InternalError: broke"))).orElseThrow();
    }

    private void succeeded(String jobId, String region, int index) {
        copying(jobId, region, index, "wsi-" + region.replace("-", "") + index + "ok");
        store.transition(task(jobId, region, index), Transition.succeeded()).orElseThrow();
    }

    private JobFinisher finisher() {
        return new JobFinisher(store, stack.clock, Duration.ofDays(90), stack.log);
    }

    // ---- cancel ------------------------------------------------------------------------------------------

    @Test
    void cancelStopsTheExecutionCancelsWhatHasNotStartedAndReportsRunningCopies() {
        String jobId = runningJob();
        copying(jobId, EU, 0, "wsi-0copy00001");
        CopyTask starting = store.transition(task(jobId, AP, 1), Transition.claim()).orElseThrow();

        Api.Response response = api.post("/jobs/" + jobId + "/cancel", null);

        assertEquals(200, response.status(), response.body().toString());
        assertEquals("CANCELLED", response.text("state"));
        assertEquals(5, ((Number) response.json().get("cancelledTasks")).intValue());
        assertEquals(List.of(Map.of("sourceImageId", task(jobId, EU, 0).sourceImageId(), "destinationRegion", EU,
                "destinationImageId", "wsi-0copy00001")), response.json().get("stillCopying"));
        StepFunctionsEmulator.Execution execution = stack.stepFunctions.executions().get(0);
        assertEquals(StepFunctionsEmulator.Status.ABORTED, execution.status());
        assertEquals(JobState.CANCELLED, store.job(jobId).orElseThrow().state());
        for (CopyTask t : store.tasks(jobId)) {
            assertEquals(TaskState.CANCELLED, t.state(), t.sortKey());
            assertEquals(ReasonCode.CANCELLED_BY_USER, t.reasonCode().orElseThrow());
        }
        assertTrue(store.tasks(jobId, Jobs.own(AP)).stream().filter(t -> t.sourceImageId().equals(starting.sourceImageId()))
                .findFirst().orElseThrow().reason().orElseThrow().contains("being started"));
        assertTrue(task(jobId, EU, 0).reason().orElseThrow().contains("cannot stop a copy"));
        Invariants.countersMatchTasks(store, jobId);
        Invariants.allTasksFinalWithReasons(store, jobId);
        assertTrue(store.job(jobId).orElseThrow().finishedAt().isPresent());
    }

    @Test
    void cancellingTwiceGivesTheSameAnswerAndAFinishedJobIs409() {
        String jobId = runningJob();
        Api.Response first = api.post("/jobs/" + jobId + "/cancel", null);
        Api.Response second = api.post("/jobs/" + jobId + "/cancel", null);
        String done = runningJob();
        finisher().finish(done, Optional.empty());

        Api.Response finished = api.post("/jobs/" + done + "/cancel", null);

        assertEquals(200, second.status());
        assertEquals(first.json().get("cancelledTasks"), second.json().get("cancelledTasks"));
        assertEquals(409, finished.status());
        assertEquals(ProblemType.JOB_NOT_CANCELLABLE.uri(), finished.problemType());
        assertEquals(400, api.post("/jobs/" + jobId + "/cancel?force=true", null).status());
    }

    @Test
    void onceTheJobIsCancelledNoTaskCanBeClaimed() {
        String jobId = runningJob();
        CopyTask pending = task(jobId, EU, 0);
        // The job has just been cancelled; its tasks are not cancelled yet, and a copy step that read them
        // before tries to claim one: the claim needs the job RUNNING.
        store.endJob(jobId, java.util.Set.of(JobState.RUNNING), JobState.CANCELLED, "cancelled", stack.clock.instant());

        assertTrue(store.transition(pending, Transition.claim()).isEmpty());
        assertEquals(TaskState.PENDING, task(jobId, EU, 0).state());
        Invariants.countersMatchTasks(store, jobId);
    }

    @Test
    void cancelAndNotifyRunningTogetherLeaveEveryTaskFinalAndTheCountersRight() throws Exception {
        for (int round = 0; round < 5; round++) {
            String jobId = runningJob();
            copying(jobId, EU, 1, "wsi-0race" + round + "0001");
            CompletableFuture<Api.Response> cancel = CompletableFuture.supplyAsync(
                    () -> api.post("/jobs/" + jobId + "/cancel", null));
            CompletableFuture<?> notify = CompletableFuture.runAsync(() -> finisher().finish(jobId,
                    Optional.of(new JobFinisher.WorkflowError("States.Aborted", "stopped"))));
            int status = cancel.get().status();
            notify.get();

            assertTrue(status == 200 || status == 409, "status " + status);
            assertTrue(store.job(jobId).orElseThrow().state().terminal());
            Invariants.countersMatchTasks(store, jobId);
            Invariants.allTasksFinalWithReasons(store, jobId);
        }
    }

    // ---- retry -------------------------------------------------------------------------------------------

    @Test
    void retryStartsANewJobWithOnlyTheFailedPairs() {
        String jobId = runningJob();
        failed(jobId, EU, 0);
        failed(jobId, AP, 2);
        succeeded(jobId, EU, 1);
        succeeded(jobId, EU, 2);
        succeeded(jobId, AP, 0);
        succeeded(jobId, AP, 1);
        finisher().finish(jobId, Optional.empty());
        assertEquals(JobState.PARTIALLY_SUCCEEDED, store.job(jobId).orElseThrow().state());
        String failedEu = task(jobId, EU, 0).sourceImageId();
        String failedAp = task(jobId, AP, 2).sourceImageId();

        Api.Response response = api.post("/jobs/" + jobId + "/retry", null);

        assertEquals(202, response.status(), response.body().toString());
        String retryId = response.text("jobId");
        assertEquals(jobId, response.text("retryOf"));
        assertEquals(2, ((Number) response.json().get("retriedTasks")).intValue());
        assertEquals(response.text("url"), response.headers().get("location"));
        assertEquals(new JobOrigin.Retry(jobId), store.job(retryId).orElseThrow().origin());
        Map<?, ?> request = (Map<?, ?>) Json.parse(store.request(retryId).orElseThrow());
        List<?> originalOrder = (List<?>) ((Map<?, ?>) Json.parse(store.request(jobId).orElseThrow())).get("imageIds");
        assertEquals(originalOrder.stream().filter(id -> id.equals(failedEu) || id.equals(failedAp)).toList(),
                request.get("imageIds"), "in the original request's order");
        assertEquals(List.of(EU, AP), request.get("destinationRegions"));
        assertEquals(retryId, stack.stepFunctions.executions().get(1).name());

        JobValidator.of(api.components).validate(retryId, Optional.empty(), TestStack.ACCOUNT);
        List<String> planned = store.tasks(retryId).stream()
                .map(t -> t.sourceImageId() + "→" + t.destinationRegion()).sorted().toList();
        assertEquals(List.of(failedAp + "→" + AP, failedEu + "→" + EU).stream().sorted().toList(), planned,
                "only the failed pairs, not their product");
    }

    @Test
    void retryingAJobTwiceReturnsTheFirstRetry() {
        String jobId = runningJob();
        failed(jobId, EU, 0);
        finisher().finish(jobId, Optional.empty());

        String first = api.post("/jobs/" + jobId + "/retry", null).text("jobId");
        Api.Response second = api.post("/jobs/" + jobId + "/retry", null);

        assertEquals(202, second.status());
        assertEquals(first, second.text("jobId"));
        assertEquals(2, stack.stepFunctions.executions().size(), "the original and one retry");
    }

    @Test
    void retryIs409ForARunningJobAndForAJobWithNoFailedTask() {
        String running = runningJob();
        String clean = runningJob();
        for (int i = 0; i < 3; i++) {
            succeeded(clean, EU, i);
            succeeded(clean, AP, i);
        }
        finisher().finish(clean, Optional.empty());

        Api.Response notFinished = api.post("/jobs/" + running + "/retry", null);
        Api.Response nothing = api.post("/jobs/" + clean + "/retry", null);

        assertEquals(409, notFinished.status());
        assertEquals(ProblemType.JOB_NOT_FINISHED.uri(), notFinished.problemType());
        assertEquals(409, nothing.status());
        assertEquals(ProblemType.NOTHING_TO_RETRY.uri(), nothing.problemType());
        assertEquals(2, stack.stepFunctions.executions().size(), "no retry was started");
    }
}
