package io.github.wsicopy.api;

import io.github.wsicopy.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a route answers; {@link #toEvent()} is the API Gateway payload 2.0 response. */
public record HttpResponse(int status, Map<String, String> headers, Object body) {
    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";

    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, Map.of("content-type", JSON), body);
    }

    static HttpResponse problem(Problem problem) {
        return new HttpResponse(problem.type().status(), Map.of("content-type", PROBLEM_JSON), problem.toJson());
    }

    HttpResponse withHeaders(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new HttpResponse(status, all, body);
    }

    public Map<String, Object> toEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("statusCode", status);
        event.put("headers", new LinkedHashMap<>(headers));
        event.put("body", Json.write(body));
        event.put("isBase64Encoded", false);
        return event;
    }
}
