package io.github.wsicopy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.local.stepfunctions.StepFunctionsEmulator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idempotency-Key: a repeated submission, even a concurrent one, yields one job and one execution. */
class IdempotencyTest {
    private final Api api = Api.onNewStack();
    private final TestStack stack = api.stack;
    private final Map<String, Object> request = api.request(2, List.of("eu-west-1"));

    @AfterEach
    void stop() {
        api.close();
    }

    private Api.Response submit(String key, Map<String, Object> body) {
        return api.post("/jobs", body, Map.of("Idempotency-Key", key));
    }

    @Test
    void aRepeatedSubmissionReturnsTheSameJob() {
        Api.Response first = submit("key-1", request);
        Api.Response again = submit("key-1", request);
        Map<String, Object> reordered = new LinkedHashMap<>();
        List.of("destinationRegions", "imageIds", "sourceRegion").forEach(k -> reordered.put(k, request.get(k)));
        Api.Response sameRequestOtherOrder = submit("key-1", reordered);

        assertEquals(202, first.status());
        assertEquals(202, again.status());
        assertEquals(first.text("jobId"), again.text("jobId"));
        assertEquals(first.text("jobId"), sameRequestOtherOrder.text("jobId"), "field order does not matter");
        assertEquals(1, api.get("/jobs").list("jobs").size());
        assertEquals(1, stack.stepFunctions.executions().size());
    }

    @Test
    void theSameKeyWithAnotherBodyIs422AndChangesNothing() {
        String jobId = submit("key-2", request).text("jobId");
        Map<String, Object> other = new LinkedHashMap<>(request);
        other.put("destinationRegions", List.of("ap-northeast-1"));

        Api.Response response = submit("key-2", other);

        assertEquals(422, response.status());
        assertEquals(ProblemType.IDEMPOTENCY_KEY_REUSED.uri(), response.problemType());
        assertTrue(response.text("detail").contains(jobId), response.text("detail"));
        assertEquals(1, api.get("/jobs").list("jobs").size());
        assertEquals(1, stack.stepFunctions.executions().size());
    }

    @Test
    void aRepeatAfterTheExecutionEndedStillReturnsTheJob() {
        String jobId = submit("key-3", request).text("jobId");
        stack.stepFunctions.finish(stack.stepFunctions.executions().get(0).executionArn(),
                StepFunctionsEmulator.Status.SUCCEEDED);

        Api.Response again = submit("key-3", request);

        assertEquals(202, again.status(), "Step Functions says ExecutionAlreadyExists: the job's execution exists");
        assertEquals(jobId, again.text("jobId"));
        assertEquals(1, stack.stepFunctions.executions().size());
    }

    @Test
    void differentKeysMakeDifferentJobsAndNoKeyMakesANewJobEachTime() {
        Set<String> ids = new HashSet<>();
        ids.add(submit("key-a", request).text("jobId"));
        ids.add(submit("key-b", request).text("jobId"));
        ids.add(api.post("/jobs", request).text("jobId"));
        ids.add(api.post("/jobs", request).text("jobId"));

        assertEquals(4, ids.size());
        assertEquals(4, stack.stepFunctions.executions().size());
    }

    @Test
    void aMalformedKeyIs400AndNothingIsWritten() {
        Api.Response response = submit("has spaces and ünïcode", request);

        assertEquals(400, response.status());
        assertEquals(List.of("Idempotency-Key"), response.errorFields());
        assertEquals(0, stack.stepFunctions.calls().size());
        assertTrue(api.get("/jobs").list("jobs").isEmpty());
    }

    @Test
    void concurrentSubmissionsWithOneKeyMakeOneJobAndOneExecution() throws Exception {
        int threads = 12;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return submit("concurrent-key", request);
                }));
            }
            go.countDown();
            Set<String> jobIds = new HashSet<>();
            for (Future<Api.Response> answer : answers) {
                Api.Response response = answer.get();
                assertEquals(202, response.status(), response.body().toString());
                jobIds.add(response.text("jobId"));
            }

            assertEquals(1, jobIds.size(), "every caller got the same job");
            assertEquals(1, api.get("/jobs").list("jobs").size(), "one job stored");
            assertEquals(1, stack.stepFunctions.executions().size(), "one execution");
            assertEquals(jobIds.iterator().next(), stack.stepFunctions.executions().get(0).name());
        } finally {
            pool.shutdownNow();
        }
    }
}
