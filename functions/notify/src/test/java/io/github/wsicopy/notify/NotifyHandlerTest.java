package io.github.wsicopy.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workflow.CopyPoller;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.Pacing;
import io.github.wsicopy.local.notifications.NotificationSink;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The notify handler through the real SNS and EventBridge clients, against DynamoDB Local. */
class NotifyHandlerTest {
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

    private void runToTheEnd(Components c, String jobId, List<String> regions) {
        CopyStarter starter = new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 100, 50, c.log());
        CopyPoller poller = new CopyPoller(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), c.log());
        regions.forEach(r -> starter.run(jobId, new io.github.wsicopy.core.model.Target(c.settings().accountId().orElseThrow(), r)));
        stack.clock.advance(Duration.ofHours(2));
        regions.forEach(r -> poller.run(jobId, new io.github.wsicopy.core.model.Target(c.settings().accountId().orElseThrow(), r), 0));
    }

    private Map<String, Object> notify(Components c, Map<String, Object> input) {
        return Invoke.handler(new NotifyHandler(c), input);
    }

    @Test
    void aJobWhereEveryCopyWasMadeSucceedsAndIsAnnouncedOnce() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Jobs.plan(c, "job-ok", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 2), List.of(EU, AP)));
        runToTheEnd(c, "job-ok", List.of(EU, AP));

        Map<String, Object> out = notify(c, Map.of("jobId", "job-ok", "executionName", "job-ok"));

        assertEquals("SUCCEEDED", out.get("state"));
        NotificationSink.Message message = stack.sink.messages().get(0);
        assertEquals(TestStack.TOPIC_ARN, message.topicArn());
        assertEquals("WorkSpaces image copy job-ok: SUCCEEDED", message.subject());
        assertTrue(message.body().contains("4 copies requested: 4 made, 0 already in place, 0 not made"), message.body());
        NotificationSink.Event event = stack.sink.events().get(0);
        assertEquals("wsicopy", event.source());
        assertEquals("Image Copy Job State Change", event.detailType());
        Map<String, Object> detail = Json.parseObject(event.detail());
        assertEquals("SUCCEEDED", detail.get("state"));
        assertEquals(4, ((List<?>) detail.get("tasks")).size());

        // A redelivery (the state machine retried after a lost answer) publishes nothing more.
        notify(c, Map.of("jobId", "job-ok", "executionName", "job-ok"));
        assertEquals(1, stack.sink.messages().size());
        assertEquals(1, stack.sink.events().size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMessageAndTheEventListWhatTheFinishingStepsDidWithAccountAndRegion() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        String account = c.settings().accountId().orElseThrow();
        Map<String, Object> request = Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 1), List.of(EU));
        request.put("bundles", List.of(Map.of("name", "golden", "computeType", "STANDARD", "userVolumeGb", 50)));
        request.put("publish", Map.of("parameterPrefix", "/golden/"));
        Jobs.plan(c, "job-after", request);
        runToTheEnd(c, "job-after", List.of(EU));
        io.github.wsicopy.core.finish.FinishResults results = new io.github.wsicopy.core.finish.FinishResults(
                c.clients().dynamo(), c.settings().tableName(), c.clock(), Duration.ofDays(1));
        new io.github.wsicopy.core.finish.RegionFinisher(c.store(), results, a -> c.workspaces(),
                (a, region) -> c.clients().ssm(region), account).finish("job-after", account, EU);
        String copy = c.store().tasks("job-after", Jobs.own(EU)).get(0).destinationImageId().orElseThrow();

        notify(c, Map.of("jobId", "job-after", "executionName", "job-after"));

        String body = stack.sink.messages().get(0).body();
        assertTrue(body.contains("After the copies:\n  " + account + " " + EU + ": created bundle golden ("), body);
        assertTrue(body.contains(account + " " + EU + ": wrote parameter /golden/golden = " + copy + " (version 1)"),
                body);
        Map<String, Object> after = (Map<String, Object>) Json.parseObject(stack.sink.events().get(0).detail())
                .get("afterCopy");
        Map<String, Object> parameter = ((List<Map<String, Object>>) after.get("parameters")).get(0);
        assertEquals(List.of(account, EU, "/golden/golden", copy), List.of(parameter.get("account"),
                parameter.get("region"), parameter.get("name"), parameter.get("imageId")));
        Map<String, Object> bundle = ((List<Map<String, Object>>) after.get("bundles")).get(0);
        assertEquals(List.of("golden", "created", copy), List.of(bundle.get("name"), bundle.get("action"),
                bundle.get("imageId")));
        assertEquals(List.of(), after.get("failures"));
    }

    @Test
    void finishingStartsTheRetentionClock() {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of("JOB_TTL_DAYS", "7"));
        Jobs.plan(c, "job-ttl", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 1), List.of(EU)));
        runToTheEnd(c, "job-ttl", List.of(EU));

        notify(c, Map.of("jobId", "job-ttl"));

        Map<String, AttributeValue> item = LocalDynamo.client().getItem(r -> r.tableName(stack.table)
                .key(Map.of("pk", AttributeValue.fromS("JOB#job-ttl"), "sk", AttributeValue.fromS("JOB")))).item();
        assertEquals(stack.clock.instant().plus(Duration.ofDays(7)).getEpochSecond(), Long.parseLong(item.get("expiresAt").n()));
    }

    @Test
    void someCopiesFailingMakesItPartialWithTheReasonsListed() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 2);
        stack.emulator.markCopyFailure(images.get(1), "InternalServiceError", "disk copy failed");
        Jobs.plan(c, "job-partial", Jobs.request(SOURCE, images, List.of(EU)));
        runToTheEnd(c, "job-partial", List.of(EU));

        Map<String, Object> out = notify(c, Map.of("jobId", "job-partial"));

        assertEquals("PARTIALLY_SUCCEEDED", out.get("state"));
        String body = stack.sink.messages().get(0).body();
        assertTrue(body.contains(images.get(1) + " -> eu-west-1: COPY_FAILED"), body);
        assertTrue(body.contains("disk copy failed"), body);
    }

    @Test
    void theFailurePathEndsEveryOpenTaskAndTheJobWithTheError() {
        stack = TestStack.unthrottled();
        Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", "1"));
        Jobs.plan(c, "job-crash", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 3), List.of(EU)));
        new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 1, 50, c.log()).run("job-crash", new io.github.wsicopy.core.model.Target(c.settings().accountId().orElseThrow(), EU));

        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Error", "Lambda.Unknown");
        error.put("Cause", "The function timed out");
        Map<String, Object> out = notify(c, Map.of("executionName", "job-crash", "error", error));

        assertEquals("FAILED", out.get("state"));
        Job job = stack.store().job("job-crash").orElseThrow();
        assertEquals(JobState.FAILED, job.state());
        assertEquals("The workflow stopped because the function stopped without an answer (it timed out or ran out of"
                + " memory): The function timed out (also when tried again). Its open copies are marked FAILED; retry"
                + " them with POST /jobs/job-crash/retry.", job.error().orElseThrow());
        List<CopyTask> tasks = stack.store().tasks("job-crash");
        tasks.forEach(t -> {
            assertEquals(TaskState.FAILED, t.state());
            assertEquals(ReasonCode.WORKFLOW_FAILED, t.reasonCode().orElseThrow());
        });
        assertTrue(tasks.stream().anyMatch(t -> t.reason().orElseThrow().contains("may still complete")),
                "the running copy is reported as possibly completing");
        Invariants.allTasksFinalWithReasons(stack.store(), "job-crash");
        Invariants.countersMatchTasks(stack.store(), "job-crash");

        // The notification renders each task's reason from its code and parameters, and hands the parameters on.
        Map<String, Object> detail = Json.parseObject(stack.sink.events().get(0).detail());
        String body = stack.sink.messages().get(0).body();
        for (Object line : (List<?>) detail.get("tasks")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> task = (Map<String, Object>) line;
            @SuppressWarnings("unchecked")
            Map<String, String> params = (Map<String, String>) task.get("reasonParams");
            assertEquals(EU, params.get("region"));
            assertTrue(params.get("error").contains("The function timed out"), params.toString());
            String words = new io.github.wsicopy.core.model.Reason(ReasonCode.WORKFLOW_FAILED, params).text();
            assertEquals(words, task.get("reason"));
            assertTrue(body.contains(words), body);
        }
    }

    @Test
    void anInvalidRequestJobIsReportedFailedWithItsFieldErrors() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Map<String, Object> bad = Jobs.request(SOURCE, List.of("not-an-image"), List.of(EU));
        bad.put("encrypted", true);
        Jobs.plan(c, "job-invalid", bad);

        Map<String, Object> out = notify(c, Map.of("jobId", "job-invalid"));

        assertEquals("FAILED", out.get("state"));
        String body = stack.sink.messages().get(0).body();
        assertTrue(body.contains("imageIds[0]"), body);
        assertTrue(body.contains("encrypted"), body);
        assertEquals(0, stack.emulator.counters().calls("CopyWorkspaceImage"));
    }

    @Test
    void aJobThatDoesNotExistIsReportedUnknownAndNothingIsSent() {
        stack = TestStack.unthrottled();
        Map<String, Object> out = notify(stack.components(), Map.of("executionName", "never-stored"));
        assertEquals("UNKNOWN", out.get("state"));
        assertTrue(stack.sink.messages().isEmpty());
    }

    private static Map<String, Object> executionEnded(String jobId, String status, String error, String cause) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("name", jobId);
        detail.put("status", status);
        detail.put("error", error);
        detail.put("cause", cause);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("detail-type", "Step Functions Execution Status Change");
        event.put("source", "aws.states");
        event.put("detail", detail);
        return event;
    }

    @Test
    void anExecutionStoppedInTheConsoleEndsItsJobCancelledAndIsAnnouncedOnce() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Jobs.plan(c, "job-stopped", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 2), List.of(EU, AP)));
        new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 100, 50, c.log())
                .run("job-stopped", new io.github.wsicopy.core.model.Target(c.settings().accountId().orElseThrow(), EU)); // EU copying, AP still pending when the execution is stopped

        Map<String, Object> event = executionEnded("job-stopped", "ABORTED", null, null);
        Map<String, Object> out = notify(c, event);

        assertEquals("CANCELLED", out.get("state"));
        Job job = stack.store().job("job-stopped").orElseThrow();
        assertEquals("the execution was stopped", job.note().orElseThrow());
        List<CopyTask> tasks = stack.store().tasks("job-stopped");
        assertTrue(tasks.stream().allMatch(t -> t.state() == TaskState.CANCELLED), tasks.toString());
        assertTrue(tasks.stream().filter(t -> t.destinationRegion().equals(EU))
                .allMatch(t -> t.reason().orElseThrow().contains("WorkSpaces cannot stop a copy")));
        assertEquals("WorkSpaces image copy job-stopped: CANCELLED", stack.sink.messages().get(0).subject());
        Invariants.countersMatchTasks(stack.store(), "job-stopped");

        notify(c, event); // EventBridge delivers at least once
        assertEquals(1, stack.sink.messages().size());
        assertEquals(1, stack.sink.events().size());
    }

    @Test
    void theStopEventOfAJobTheApiAlreadyCancelledOnlyAnnouncesIt() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Jobs.plan(c, "job-api", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 1), List.of(EU)));
        new io.github.wsicopy.core.workflow.JobCanceller(c.store(), c.clock(), c.retention(), c.log())
                .cancel("job-api", "cancelled through the API by alice");

        Map<String, Object> out = notify(c, executionEnded("job-api", "ABORTED", "CancelledByUser",
                "cancelled through the API by alice"));

        assertEquals("CANCELLED", out.get("state"));
        assertEquals("cancelled through the API by alice", stack.store().job("job-api").orElseThrow().note().orElseThrow(),
                "the API's note stays");
        assertEquals(1, stack.sink.messages().size());
    }

    @Test
    void aTimedOutExecutionEndsItsJobLikeTheCatchPathAndAFinishedJobIsLeftAlone() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Jobs.plan(c, "job-late", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 1), List.of(EU)));

        Map<String, Object> out = notify(c, executionEnded("job-late", "TIMED_OUT", null, null));

        assertEquals("FAILED", out.get("state"));
        CopyTask task = stack.store().tasks("job-late").get(0);
        assertEquals(ReasonCode.WORKFLOW_FAILED, task.reasonCode().orElseThrow());
        assertTrue(task.reason().orElseThrow().contains("ran past the state machine's time limit"), task.reason().orElseThrow());
        assertEquals(1, stack.sink.messages().size());

        // The Catch path already ended and announced this one: its FAILED event changes nothing.
        notify(c, executionEnded("job-late", "FAILED", "States.TaskFailed", "boom"));
        assertEquals(1, stack.sink.messages().size());
        assertEquals(JobState.FAILED, stack.store().job("job-late").orElseThrow().state());
    }

    @Test
    void aStopBeforeTheJobWasStoredAndABadEventAreHandledPlainly() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        assertEquals("UNKNOWN", notify(c, executionEnded("job-never", "ABORTED", null, null)).get("state"));
        assertTrue(stack.sink.messages().isEmpty());

        Map<String, Object> running = executionEnded("job-never", "RUNNING", null, null);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new NotifyHandler(c).handle(running, null));
        assertTrue(e.getMessage().contains("'detail.status' must be one of"), e.getMessage());
    }

    @Test
    void aJavaFunctionsErrorReachesTheJobTasksAndNotificationAsASentenceWithoutItsClass() {
        stack = TestStack.unthrottled();
        Components c = stack.components();
        Jobs.plan(c, "job-throttled", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 1), List.of(EU)));
        String type = "io.github.wsicopy.core.TransientFailure";
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Error", type);
        error.put("Cause", "{\"errorMessage\":\"Validation could not read WorkSpaces in eu-west-1: ThrottlingException:"
                + " Rate exceeded\",\"errorType\":\"" + type + "\",\"stackTrace\":[\"io.github.wsicopy.core.workflow."
                + "FactGatherer.destination(FactGatherer.java:87)\"]}");

        notify(c, Map.of("executionName", "job-throttled", "error", error));

        String jobError = stack.store().job("job-throttled").orElseThrow().error().orElseThrow();
        assertTrue(jobError.startsWith("The workflow stopped because Validation could not read WorkSpaces in eu-west-1:"
                + " ThrottlingException: Rate exceeded (still so after retrying for up to"), jobError);
        assertTrue(jobError.endsWith("retry them with POST /jobs/job-throttled/retry."), jobError);
        String taskReason = stack.store().tasks("job-throttled").get(0).reason().orElseThrow();
        String body = stack.sink.messages().get(0).body();
        for (String text : List.of(jobError, taskReason, body)) {
            for (String leak : List.of("io.github", "TransientFailure", "stackTrace", "errorMessage", ".java")) {
                assertTrue(!text.contains(leak), leak + " in " + text);
            }
        }
        assertTrue(body.contains("Validation could not read WorkSpaces in eu-west-1"), body);
    }
}
