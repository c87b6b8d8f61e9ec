package io.github.wsicopy.api;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.testing.Invoke;
import io.github.wsicopy.core.testing.Jobs;
import io.github.wsicopy.core.testing.TestStack;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calls the API handler as API Gateway would, with payload 2.0 events, against a test stack. */
final class Api implements AutoCloseable {
    static final String CALLER = "arn:aws:iam::" + TestStack.ACCOUNT + ":user/tester";

    final TestStack stack;
    final Components components;
    final ApiHandler handler;

    Api(TestStack stack) {
        this(stack, Map.of());
    }

    /** An API on a stack of its own (unthrottled); closing the API closes the stack. */
    static Api onNewStack() {
        return new Api(TestStack.unthrottled());
    }

    /** A request for {@code images} new images of the source Region to {@code destinations}. */
    Map<String, Object> request(int images, List<String> destinations) {
        return Jobs.request("us-east-1", Jobs.seedImages(stack, "us-east-1", "golden", images), destinations);
    }

    @Override
    public void close() {
        stack.close();
    }

    Api(TestStack stack, Map<String, String> overrides) {
        this.stack = stack;
        this.components = stack.components(overrides);
        this.handler = new ApiHandler(components, ApiSettings.from(stack.environment(overrides)));
    }

    /** The answer: status, headers (lower-case) and the body parsed as JSON. */
    record Response(int status, Map<String, String> headers, Object body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            return (Map<String, Object>) body;
        }

        String problemType() {
            return String.valueOf(json().get("type"));
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> errors() {
            return (List<Map<String, Object>>) json().getOrDefault("errors", List.of());
        }

        List<Object> errorFields() {
            return errors().stream().map(e -> e.get("field")).toList();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list(String field) {
            return (List<Map<String, Object>>) json().get(field);
        }

        String text(String field) {
            return (String) json().get(field);
        }
    }

    Response get(String pathAndQuery) {
        return call("GET", pathAndQuery, Map.of(), null);
    }

    Response post(String pathAndQuery, Object jsonBody) {
        return post(pathAndQuery, jsonBody, Map.of());
    }

    Response post(String pathAndQuery, Object jsonBody, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("content-type", "application/json"));
        all.putAll(headers);
        return call("POST", pathAndQuery, all, jsonBody == null ? null
                : jsonBody instanceof String s ? s : Json.write(jsonBody));
    }

    Response put(String pathAndQuery, Object jsonBody, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>(Map.of("content-type", "application/json"));
        all.putAll(headers);
        return call("PUT", pathAndQuery, all, jsonBody instanceof String s ? s : Json.write(jsonBody));
    }

    Response delete(String pathAndQuery, Map<String, String> headers) {
        return call("DELETE", pathAndQuery, headers, null);
    }

    @SuppressWarnings("unchecked")
    Response call(String method, String pathAndQuery, Map<String, String> headers, String body) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        Map<String, Object> event = ApiGatewayEvent.of(method, path, query, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "api.example.test", "https",
                TestStack.ACCOUNT, CALLER);
        Map<String, Object> out = Invoke.handler(handler, event);
        Map<String, String> responseHeaders = (Map<String, String>) out.get("headers");
        return new Response(((Number) out.get("statusCode")).intValue(), responseHeaders,
                Json.parse((String) out.get("body")));
    }
}
