package io.github.wsicopy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.testing.TestStack;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Unknown routes, wrong methods, and failures that are not the caller's: problem answers with no internals. */
class ErrorsTest {
    private Api api = Api.onNewStack();
    private final TestStack stack = api.stack;

    @AfterEach
    void stop() {
        api.close();
    }

    private Map<String, Object> request() {
        return api.request(1, List.of("eu-west-1"));
    }

    @Test
    void anUnknownPathIs404() {
        for (String path : List.of("/", "/job", "/jobs/a/b/c", "/jobs/x/tasks/y", "/plans/1")) {
            Api.Response response = api.get(path);
            assertEquals(404, response.status(), path);
            assertEquals(ProblemType.NOT_FOUND.uri(), response.problemType());
            assertEquals("application/problem+json", response.headers().get("content-type"));
        }
    }

    @Test
    void aKnownPathWithAnotherMethodIs405WithAllow() {
        Api.Response delete = api.call("DELETE", "/jobs", Map.of(), null);
        Api.Response getPlans = api.get("/plans");
        Api.Response putJob = api.call("PUT", "/jobs/j-1", Map.of(), null);

        assertEquals(405, delete.status());
        assertEquals(ProblemType.METHOD_NOT_ALLOWED.uri(), delete.problemType());
        assertEquals("POST, GET", delete.headers().get("allow"));
        assertEquals("POST", getPlans.headers().get("allow"));
        assertEquals("GET", putJob.headers().get("allow"));
    }

    @Test
    void aDeploymentMistakeIs500WithTheRequestIdAndNoInternals() {
        api = new Api(stack, Map.of("STATE_MACHINE_ARN", "arn:aws:states:us-east-1:123456789012:stateMachine:missing"));

        Api.Response response = api.post("/jobs", request());

        assertEquals(500, response.status());
        assertEquals(ProblemType.INTERNAL_ERROR.uri(), response.problemType());
        String body = Json.write(response.body());
        assertFalse(body.contains("StateMachineDoesNotExist"), body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(body.contains("at io.github"), body);
        assertTrue(response.text("detail").contains("request id"), body);
        assertTrue(stack.log.contains("StateMachineDoesNotExist"), "the internals are logged instead");
    }

    @Test
    void anUnreachableDependencyIs503WithRetryAfter() {
        stack.stepFunctions.close();

        Api.Response response = api.post("/jobs", request());

        assertEquals(503, response.status());
        assertEquals(ProblemType.SERVICE_UNAVAILABLE.uri(), response.problemType());
        assertEquals("5", response.headers().get("retry-after"));
    }

    @Test
    void everyProblemHasTheStableShape() {
        Api.Response response = api.post("/jobs", Map.of());

        assertEquals(List.of("type", "title", "status", "detail", "errors"), List.copyOf(response.json().keySet()));
        assertTrue(response.problemType().startsWith("https://github.com/wsicopy/errors/"));
    }
}
