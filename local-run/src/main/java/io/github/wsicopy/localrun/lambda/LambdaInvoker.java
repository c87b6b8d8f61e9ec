package io.github.wsicopy.localrun.lambda;

import io.github.wsicopy.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/** Calls the invoke server as a Lambda client would (RequestResponse), for {@code make invoke}. */
public final class LambdaInvoker {

    /**
     * What came back: the payload, the function error kind when the handler failed ("Unhandled"), and the
     * service's error type when Lambda itself refused the call (e.g. ResourceNotFoundException).
     */
    public record Response(int status, Optional<String> functionError, Optional<String> serviceError, String payload) {
        public boolean ok() {
            return status == 200 && functionError.isEmpty();
        }

        public Map<String, Object> payloadObject() {
            return Json.parseObject(payload);
        }
    }

    private final URI endpoint;
    private final HttpClient http = HttpClient.newHttpClient();

    public LambdaInvoker(URI endpoint) {
        this.endpoint = endpoint;
    }

    public Response invoke(String function, String payload) {
        URI uri = endpoint.resolve("/2015-03-31/functions/" + URLEncoder.encode(function, StandardCharsets.UTF_8)
                + "/invocations");
        HttpRequest request = HttpRequest.newBuilder(uri).header("X-Amz-Invocation-Type", "RequestResponse")
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("X-Amz-Function-Error"),
                    response.headers().firstValue("x-amzn-ErrorType"), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach the invoke server at " + endpoint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while invoking " + function, e);
        }
    }

    public Response invoke(String function, Map<String, Object> event) {
        return invoke(function, Json.write(event));
    }
}
