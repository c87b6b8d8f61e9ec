package io.github.wsicopy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.core.workflow.JobFinisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every route answers alike: unknown parameters, an unreachable dependency, a broken deployment. */
class EveryRouteTest {
    private final Api api = Api.onNewStack();
    private final TestStack stack = api.stack;

    @AfterEach
    void stop() {
        api.close();
    }

    /** A finished job with a FAILED task, so that every route has something to act on. */
    private String finishedJob() {
        String jobId = api.post("/jobs", api.request(1, List.of("eu-west-1"))).text("jobId");
        Jobs.plan(api.components, jobId, Map.of());
        new JobFinisher(stack.store(), stack.clock, Duration.ofDays(1), stack.log).finish(jobId, Optional.empty());
        return jobId;
    }

    private Api.Response call(Api target, String route, String jobId) {
        String[] parts = route.split(" ", 2);
        String path = parts[1].replace("{jobId}", jobId);
        Object body = parts[0].equals("POST") && !path.contains(jobId)
                ? Jobs.request("us-east-1", List.of("wsi-abc123def"), List.of("eu-west-1")) : null;
        return parts[0].equals("GET") ? target.get(path) : target.post(path, body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /jobs", "POST /plans", "GET /jobs", "GET /jobs/{jobId}", "GET /jobs/{jobId}/tasks",
            "POST /jobs/{jobId}/cancel", "POST /jobs/{jobId}/retry"})
    void anUnknownQueryParameterIs400(String route) {
        Api.Response response = call(api, route + "?colour=blue", finishedJob());

        assertEquals(400, response.status(), response.body().toString());
        assertEquals(ProblemType.INVALID_PARAMETER.uri(), response.problemType());
        assertEquals(List.of("colour"), response.errorFields());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /jobs", "POST /plans", "GET /jobs", "GET /jobs/{jobId}", "GET /jobs/{jobId}/tasks",
            "POST /jobs/{jobId}/cancel", "POST /jobs/{jobId}/retry"})
    void anUnreachableDependencyIs503(String route) {
        String jobId = finishedJob();
        Api down = new Api(stack, Map.of("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:9", "AWS_ENDPOINT_URL_WORKSPACES",
                "http://127.0.0.1:9"));

        Api.Response response = call(down, route, jobId);

        assertEquals(503, response.status(), response.body().toString());
        assertEquals(ProblemType.SERVICE_UNAVAILABLE.uri(), response.problemType());
        assertEquals("5", response.headers().get("retry-after"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST /jobs", "GET /jobs", "GET /jobs/{jobId}", "GET /jobs/{jobId}/tasks",
            "POST /jobs/{jobId}/cancel", "POST /jobs/{jobId}/retry"})
    void aMissingTableIs500WithNoInternals(String route) {
        Api broken = new Api(stack, Map.of("TABLE_NAME", "no-such-table"));

        Api.Response response = call(broken, route, "j-any");

        assertEquals(500, response.status(), response.body().toString());
        assertEquals(ProblemType.INTERNAL_ERROR.uri(), response.problemType());
        String body = Json.write(response.body());
        assertFalse(body.contains("no-such-table") || body.contains("Exception"), body);
        assertTrue(stack.log.contains("ResourceNotFoundException"), "logged instead");
    }

    @Test
    void aJobStoredButNeverStartedCanStillBeCancelled() {
        JobStore store = stack.store();
        store.createJob("j-never-started", Json.write(api.request(1, List.of("eu-west-1"))),
                stack.clock.instant().plusSeconds(3600));

        Api.Response response = api.post("/jobs/j-never-started/cancel", null);

        assertEquals(200, response.status(), response.body().toString());
        assertEquals(JobState.CANCELLED, store.job("j-never-started").orElseThrow().state());
        assertEquals(Set.of(), Set.copyOf(stack.stepFunctions.executions()));
    }
}
