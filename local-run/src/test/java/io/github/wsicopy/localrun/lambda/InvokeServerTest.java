package io.github.wsicopy.localrun.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.localrun.template.SamTemplate.FunctionSpec;
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

    private LambdaInvoker.Response invoke(String function, String payload) {
        return new LambdaInvoker(server.endpoint()).invoke(function, payload);
    }

    @Test
    void answersWithTheHandlersJsonAsIs() {
        LambdaInvoker.Response response = invoke("EchoFunction", "{\"jobId\":\"job-1\",\"n\":1}");
        assertTrue(response.ok(), response.toString());
        assertEquals("{\"jobId\":\"job-1\",\"n\":1}", response.payload());
    }

    @Test
    void aFunctionIsFoundByNameOrArnWithOrWithoutQualifier() {
        assertTrue(invoke(ARN + "EchoFunction", "{}").ok());
        assertTrue(invoke(ARN + "EchoFunction:$LATEST", "{}").ok());
        assertTrue(invoke("123456789012:function:EchoFunction", "{}").ok());
        assertEquals(3, server.invocations().get("EchoFunction"));
    }

    @Test
    void anExceptionIsAnUnhandledErrorNamedAfterItsClassLikeTheJavaRuntime() {
        LambdaInvoker.Response response = invoke(ARN + "FailingFunction", "{}");
        assertEquals(200, response.status());
        assertEquals("Unhandled", response.functionError().orElseThrow());
        Map<String, Object> error = response.payloadObject();
        assertEquals("io.github.wsicopy.core.TransientFailure", error.get("errorType"));
        assertEquals("throttled by WorkSpaces", error.get("errorMessage"));
        assertFalse(((List<?>) error.get("stackTrace")).isEmpty());
        assertEquals("java.lang.IllegalStateException", ((Map<?, ?>) error.get("cause")).get("errorType"));
        assertEquals(1, server.errors().get("FailingFunction"));
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() {
        LambdaInvoker.Response response = invoke(ARN + "NoSuchFunction", "{}");
        assertEquals(404, response.status());
        assertEquals("ResourceNotFoundException", response.serviceError().orElseThrow());
        assertTrue(response.payload().contains("Function not found"), response.payload());
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedBeforeTheHandlerRuns() {
        LambdaInvoker.Response response = invoke("EchoFunction", "{not json");
        assertEquals(400, response.status());
        assertEquals("InvalidRequestContentException", response.serviceError().orElseThrow());
        assertEquals(0, server.invocations().get("EchoFunction"));
    }

    @Test
    void listenersSeeTheParsedEventFirst() {
        List<String> seen = new CopyOnWriteArrayList<>();
        server.addListener((function, input) -> seen.add(function + " " + input.get("jobId")));
        invoke("EchoFunction", "{\"jobId\":\"job-7\"}");
        assertEquals(List.of("EchoFunction job-7"), seen);
    }

    @Test
    void concurrentInvocationsGetTheirOwnEnvironmentsWhichAreThenReused() throws Exception {
        CompletableFuture<LambdaInvoker.Response> first = CompletableFuture.supplyAsync(() -> invoke("BlockingFunction", "{}"));
        CompletableFuture<LambdaInvoker.Response> second = CompletableFuture.supplyAsync(() -> invoke("BlockingFunction", "{}"));
        assertTrue(bothInside.await(10, TimeUnit.SECONDS), "the two invocations did not run side by side");
        release.countDown();
        assertTrue(first.get().ok());
        assertTrue(second.get().ok());
        invoke("BlockingFunction", "{}");
        assertEquals(2, server.function("BlockingFunction").coldStarts());
        assertEquals(3, server.function("BlockingFunction").invocations());
    }
}
