package io.github.wsicopy.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.testing.EmfSpec;
import io.github.wsicopy.core.testing.Invariants;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.Pacing;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The poll handler through the real SDK against DynamoDB Local and the WorkSpaces emulator. */
class PollStatusHandlerTest {
    private static final String SOURCE = "us-east-1";
    private static final String EU = "eu-west-1";

    private TestStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A job whose copies are all started in EU. */
    private Components startedJob(String jobId, List<String> images) {
        Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", "100"));
        Jobs.plan(c, jobId, Jobs.request(SOURCE, images, List.of(EU)));
        new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 100, 50, c.log())
                .run(jobId, new io.github.wsicopy.core.model.Target(c.settings().accountId().orElseThrow(), EU));
        return c;
    }

    /** A fresh unthrottled stack with {@code copies} copies of a job running in EU (the quota raised to fit). */
    private Components copying(String jobId, int copies) {
        stack = TestStack.unthrottled();
        String quota = Integer.toString(copies + 10);
        stack.emulator.setDefaultImageQuota(copies + 10);
        Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", Integer.toString(copies),
                "IMAGE_QUOTA_PER_REGION", quota));
        Jobs.plan(c, jobId, Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", copies), List.of(EU)));
        new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), copies, 100, c.log())
                .run(jobId, new io.github.wsicopy.core.model.Target(c.settings().accountId().orElseThrow(), EU));
        assertEquals(copies, tasks(jobId, TaskState.COPYING).size());
        return c;
    }

    private Map<String, Object> poll(Components c, String jobId, int round) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("jobId", jobId);
        input.put("targets", List.of(Map.of("account", TestStack.ACCOUNT, "region", EU)));
        input.put("pollRound", round);
        return Invoke.handler(new PollStatusHandler(c), input);
    }

    private List<CopyTask> tasks(String jobId, TaskState state) {
        return stack.store().tasks(jobId, Jobs.own(EU)).stream().filter(t -> t.state() == state).toList();
    }

    @Test
    void waitsLongerEachRoundWhileCopiesRunThenFinishesThem() {
        stack = TestStack.unthrottled();
        stack.emulator.setCopyDuration(Duration.ofMinutes(20));
        Components c = startedJob("job-poll", Jobs.seedImages(stack, SOURCE, "golden", 3));

        Map<String, Object> first = poll(c, "job-poll", 0);
        assertEquals("WAIT_THEN_POLL", first.get("next"));
        assertEquals(1, ((Number) first.get("pollRound")).intValue());
        assertEquals(60, ((Number) first.get("nextWaitSeconds")).intValue());
        Map<String, Object> second = poll(c, "job-poll", 1);
        assertEquals(120, ((Number) second.get("nextWaitSeconds")).intValue());
        assertEquals(3, tasks("job-poll", TaskState.COPYING).size());

        stack.clock.advance(Duration.ofMinutes(21));
        Map<String, Object> done = poll(c, "job-poll", 2);
        assertEquals("DONE", done.get("next"));
        assertEquals(3L, ((Number) done.get("finished")).longValue());
        assertEquals(3, tasks("job-poll", TaskState.SUCCEEDED).size());
        Invariants.countersMatchTasks(stack.store(), "job-poll");
    }

    /** The EMF documents the functions wrote that carry {@code metric}. */
    private List<Map<String, Object>> metricLines(String metric) {
        return EmfSpec.documents(stack.log.lines()).stream().filter(d -> d.containsKey(metric)).toList();
    }

    @Test
    void writesCopyMetricsPerJobAndRegionThatTheEmfSpecificationAccepts() {
        stack = TestStack.unthrottled();
        stack.emulator.setCopyDuration(Duration.ofMinutes(20));
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 3);
        stack.emulator.markCopyFailure(images.get(0), "InternalServiceError", "The image copy failed");
        Components c = startedJob("job-metrics", images);
        Map<String, Object> started = metricLines("CopiesStarted").get(0);
        assertEquals(3, ((Number) started.get("CopiesStarted")).intValue());

        stack.clock.advance(Duration.ofMinutes(5));
        poll(c, "job-metrics", 0);
        stack.clock.advance(Duration.ofMinutes(16));
        poll(c, "job-metrics", 1);

        List<Map<String, Object>> polls = metricLines("CopiesSucceeded");
        assertEquals(2, polls.size(), "one line per poll of the (job, Region)");
        for (Map<String, Object> doc : EmfSpec.documents(stack.log.lines())) {
            assertEquals(List.of(), EmfSpec.violations(doc), doc.toString());
            assertEquals("job-metrics", doc.get("jobId"));
            assertEquals(EU, doc.get("Region"));
        }
        Map<String, Object> first = polls.get(0);
        assertEquals(0, ((Number) first.get("CopiesSucceeded")).intValue());
        assertEquals(0, ((Number) first.get("CopiesFailed")).intValue());
        assertEquals(300, ((Number) first.get("OldestCopyAge")).intValue(), "claimed 5 minutes before");
        Map<String, Object> last = polls.get(1);
        assertEquals(2, ((Number) last.get("CopiesSucceeded")).intValue());
        assertEquals(1, ((Number) last.get("CopiesFailed")).intValue());
        assertEquals(List.of(1260, 1260), ((List<?>) last.get("CopyDuration")).stream()
                .map(v -> ((Number) v).intValue()).toList(), "claim to AVAILABLE, one value per copy");
        assertTrue(!last.containsKey("OldestCopyAge"), "no copy is in flight any more");
    }

    @Test
    void aCopyEndingInErrorFailsWithTheServicesCodeAndMessage() {
        stack = TestStack.unthrottled();
        List<String> images = Jobs.seedImages(stack, SOURCE, "golden", 2);
        stack.emulator.markCopyFailure(images.get(0), "InternalServiceError", "The image copy failed");
        Components c = startedJob("job-error", images);

        stack.clock.advance(Duration.ofHours(1));
        poll(c, "job-error", 0);

        CopyTask failed = tasks("job-error", TaskState.FAILED).get(0);
        assertEquals(images.get(0), failed.sourceImageId());
        assertEquals(ReasonCode.COPY_FAILED, failed.reasonCode().orElseThrow());
        assertTrue(failed.reason().orElseThrow().contains("InternalServiceError"), failed.reason().orElseThrow());
        assertTrue(failed.reason().orElseThrow().contains("The image copy failed"), failed.reason().orElseThrow());
        assertEquals(1, tasks("job-error", TaskState.SUCCEEDED).size());
        Invariants.countersMatchTasks(stack.store(), "job-error");
    }

    @Test
    void onePollCallCoversTwentyFiveCopies() {
        Components c = copying("job-batch", 60);
        stack.emulator.resetCounters();

        poll(c, "job-batch", 0);

        assertEquals(3, stack.emulator.counters().calls(EU, "DescribeWorkspaceImages"), "60 copies need 3 calls of 25");
        assertEquals(3, stack.emulator.counters().calls());
    }

    @Test
    void aRoundOfMoreCallsThanTheBurstIsSpacedAtThePollRateAndNeverThrottled() {
        Components c = copying("job-paced", 200);
        stack.emulator.setRateLimit(2, 5); // the documented API limit
        stack.emulator.resetCounters();

        poll(c, "job-paced", 0);

        // Back to back, 8 calls against a burst of 5 would be throttled about 3 times (and retried by the SDK).
        assertEquals(8, stack.emulator.counters().calls(EU, "DescribeWorkspaceImages"), "200 copies need 8 calls of 25");
        assertEquals(0, stack.emulator.counters().throttled(), "every call was spaced at POLL_RATE_PER_SECOND");
    }

    @Test
    void aCopyDeletedWhileRunningFailsAsDisappeared() {
        stack = TestStack.unthrottled();
        Components c = startedJob("job-gone", Jobs.seedImages(stack, SOURCE, "golden", 1));
        CopyTask task = tasks("job-gone", TaskState.COPYING).get(0);
        stack.emulator.deleteImage(TestStack.ACCOUNT, EU, task.destinationImageId().orElseThrow());

        Map<String, Object> out = poll(c, "job-gone", 0);

        assertEquals("DONE", out.get("next"));
        assertEquals(ReasonCode.COPY_DISAPPEARED, tasks("job-gone", TaskState.FAILED).get(0).reasonCode().orElseThrow());
    }

    @Test
    void accessDeniedWhilePollingFailsTheRunningCopiesWithTheReason() {
        stack = TestStack.unthrottled();
        Components c = startedJob("job-denied", Jobs.seedImages(stack, SOURCE, "golden", 2));
        stack.emulator.faults().denyRegion(EU);

        Map<String, Object> out = poll(c, "job-denied", 0);

        assertEquals("DONE", out.get("next"));
        List<CopyTask> failed = tasks("job-denied", TaskState.FAILED);
        assertEquals(2, failed.size());
        assertEquals(ReasonCode.DESTINATION_UNREACHABLE, failed.get(0).reasonCode().orElseThrow());
        Invariants.countersMatchTasks(stack.store(), "job-denied");
    }

    @Test
    void throttlingBeyondTheSdksRetriesIsATransientFailureForTheStateMachine() {
        stack = TestStack.unthrottled();
        Components c = startedJob("job-throttled", Jobs.seedImages(stack, SOURCE, "golden", 1));
        stack.emulator.faults().failNext("DescribeWorkspaceImages", "ThrottlingException", "Rate exceeded", 50);

        io.github.wsicopy.core.TransientFailure e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.wsicopy.core.TransientFailure.class, () -> poll(c, "job-throttled", 0));

        assertTrue(e.getMessage().contains("ThrottlingException"), e.getMessage());
        assertEquals(1, tasks("job-throttled", TaskState.COPYING).size(), "nothing changes on a failed poll");
    }

    @Test
    void aCopyStillPendingAfterMaxCopyHoursFailsWithWhatToDo() {
        stack = TestStack.unthrottled();
        stack.emulator.setCopyDuration(Duration.ofHours(30)); // stuck, as far as this job is concerned
        Components c = stack.components(Map.of("MAX_STARTS_PER_INVOCATION", "100", "MAX_COPY_HOURS", "2"));
        Jobs.plan(c, "job-stuck", Jobs.request(SOURCE, Jobs.seedImages(stack, SOURCE, "golden", 1), List.of(EU)));
        new CopyStarter(c.store(), c.workspaces(), c.clock(), Pacing.from(c.settings()), 100, 50, c.log())
                .run("job-stuck", new io.github.wsicopy.core.model.Target(TestStack.ACCOUNT, EU));

        stack.clock.advance(Duration.ofMinutes(119));
        assertEquals("WAIT_THEN_POLL", poll(c, "job-stuck", 5).get("next"), "not yet: 1 minute left");
        assertEquals(1, tasks("job-stuck", TaskState.COPYING).size());

        stack.clock.advance(Duration.ofMinutes(1));
        Map<String, Object> out = poll(c, "job-stuck", 6);

        assertEquals("DONE", out.get("next"));
        CopyTask failed = tasks("job-stuck", TaskState.FAILED).get(0);
        assertEquals(ReasonCode.COPY_DEADLINE_EXCEEDED, failed.reasonCode().orElseThrow());
        String reason = failed.reason().orElseThrow();
        for (String part : List.of(failed.destinationImageId().orElseThrow(), EU, "2 hours", "may still finish",
                "delete it", "/retry")) {
            assertTrue(reason.contains(part), part + " missing from " + reason);
        }
        Invariants.countersMatchTasks(stack.store(), "job-stuck");
    }
}
