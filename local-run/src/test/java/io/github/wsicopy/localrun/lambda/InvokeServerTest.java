package io.github.wsicopy.localrun.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.localrun.template.SamTemplate.FunctionSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvokeServerTest {
    private static final String ARN = "arn:aws:lambda:us-east-1:123456789012:function:";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch bothInside = new CountDownLatch(2);

    private final InvokeServer server = InvokeServer.start(List.of(
            function("EchoFunction", () -> (in, out, context) -> out.write(in.readAllBytes())),
            function("FailingFunction", () -> (in, out, context) -> {
                throw new TransientFailure("throttled by WorkSpaces", new IllegalStateException("inner"));
            }),
            function("BlockingFunction", () -> (in, out, context) -> {
                bothInside.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("{}".getBytes(StandardCharsets.UTF_8));
            })));

    private LocalFunction function(String name, java.util.function.Supplier<RequestStreamHandler> handler) {
        return new LocalFunction(new FunctionSpec(name, "test." + name, 3, Map.of()), ARN + name, handler,
                new com.amazonaws.services.lambda.runtime.LambdaLogger() {
                    @Override public void log(String message) { log.add(message); }
                    @Override public void log(byte[] message) { log(new String(message, StandardCharsets.UTF_8)); }
                });
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.close();
    }

    private HttpResponse<String> invoke(String function, String payload) throws IOException, InterruptedException {
        URI uri = server.endpoint().resolve("/2015-03-31/functions/"
                + URLEncoder.encode(function, StandardCharsets.UTF_8) + "/invocations");
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(payload)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersWithTheHandlersJsonAsIs() throws Exception {
        HttpResponse<String> response = invoke("EchoFunction", "{\"jobId\":\"job-1\",\"n\":1}");
        assertEquals(200, response.statusCode());
        assertEquals("{\"jobId\":\"job-1\",\"n\":1}", response.body());
        assertTrue(response.headers().firstValue("X-Amz-Function-Error").isEmpty());
        assertEquals("$LATEST", response.headers().firstValue("X-Amz-Executed-Version").orElseThrow());
    }

    @Test
    void aFunctionIsFoundByNameOrArnWithOrWithoutQualifier() throws Exception {
        assertEquals(200, invoke(ARN + "EchoFunction", "{}").statusCode());
        assertEquals(200, invoke(ARN + "EchoFunction:$LATEST", "{}").statusCode());
        assertEquals(200, invoke("123456789012:function:EchoFunction", "{}").statusCode());
        assertEquals(3, server.invocations().get("EchoFunction"));
    }

    @Test
    void anExceptionIsAnUnhandledErrorNamedAfterItsClassLikeTheJavaRuntime() throws Exception {
        HttpResponse<String> response = invoke(ARN + "FailingFunction", "{}");
        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElseThrow());
        Map<String, Object> error = Json.parseObject(response.body());
        assertEquals("io.github.wsicopy.core.TransientFailure", error.get("errorType"));
        assertEquals("throttled by WorkSpaces", error.get("errorMessage"));
        assertFalse(((List<?>) error.get("stackTrace")).isEmpty());
        assertEquals("java.lang.IllegalStateException", ((Map<?, ?>) error.get("cause")).get("errorType"));
        assertEquals(1, server.errors().get("FailingFunction"));
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() throws Exception {
        HttpResponse<String> response = invoke(ARN + "NoSuchFunction", "{}");
        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFoundException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertTrue(response.body().contains("Function not found"), response.body());
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedBeforeTheHandlerRuns() throws Exception {
        HttpResponse<String> response = invoke("EchoFunction", "{not json");
        assertEquals(400, response.statusCode());
        assertEquals("InvalidRequestContentException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
        assertEquals(0, server.invocations().get("EchoFunction"));
    }

    @Test
    void listenersSeeTheParsedEventFirst() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        server.addListener((function, input) -> seen.add(function + " " + input.get("jobId")));
        invoke("EchoFunction", "{\"jobId\":\"job-7\"}");
        assertEquals(List.of("EchoFunction job-7"), seen);
    }

    @Test
    void concurrentInvocationsGetTheirOwnEnvironmentsWhichAreThenReused() throws Exception {
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> call("BlockingFunction"));
        CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> call("BlockingFunction"));
        assertTrue(bothInside.await(10, TimeUnit.SECONDS), "the two invocations did not run side by side");
        release.countDown();
        assertEquals(200, first.get().statusCode());
        assertEquals(200, second.get().statusCode());
        call("BlockingFunction");
        assertEquals(2, server.function("BlockingFunction").coldStarts());
        assertEquals(3, server.function("BlockingFunction").invocations());
    }

    private HttpResponse<String> call(String function) {
        try {
            return invoke(function, "{}");
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
