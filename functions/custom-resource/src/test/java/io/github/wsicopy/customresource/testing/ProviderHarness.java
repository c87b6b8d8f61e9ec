package io.github.wsicopy.customresource.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.testing.TestStack;
import io.github.wsicopy.customresource.ImageCopyResourceHandler;
import io.github.wsicopy.customresource.LambdaContinuations;
import io.github.wsicopy.customresource.Sleeper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The provider against the local stack, driven the way CloudFormation and Lambda drive it: CloudFormation's
 * requests are delivered to the handler, hand-overs go through the real Lambda SDK client to
 * {@link LambdaInvokeServer} and are delivered from its queue, answers go to {@link ResponseUrlServer}. Waiting
 * moves the stack's virtual clock, so a copy of half an hour takes milliseconds.
 */
public final class ProviderHarness implements AutoCloseable {
    /** Each invocation gets five minutes: four of work, so a half-hour copy needs several hand-overs. */
    public static final int INVOCATION_MILLIS = 300_000;

    public final TestStack stack;
    public final ResponseUrlServer responses;
    public final LambdaInvokeServer lambda = LambdaInvokeServer.start();
    public final CfnRequests requests;
    public final Components components;
    private final ImageCopyResourceHandler handler;
    private final AtomicInteger invocations = new AtomicInteger();

    public ProviderHarness(TestStack stack) {
        this(stack, d -> stack.clock.advance(d));
    }

    public ProviderHarness(TestStack stack, Sleeper sleeper) {
        this.stack = stack;
        this.responses = ResponseUrlServer.start(stack.clock);
        this.requests = new CfnRequests(responses);
        this.components = stack.components();
        this.handler = new ImageCopyResourceHandler(components, new LambdaContinuations(
                ImageCopyResourceHandler.lambda(components, Optional.of(lambda.endpoint()))), sleeper);
    }

    /** One delivery, as a new Lambda invocation. */
    public Map<String, Object> deliver(Map<String, Object> event) {
        return deliver(event, "lambda-request-" + invocations.incrementAndGet());
    }

    /** One delivery under a given Lambda request id (Lambda's retry of an invocation keeps it). */
    public Map<String, Object> deliver(Map<String, Object> event, String lambdaRequestId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(Json.writeBytes(event)), out,
                    new ProviderContext(lambdaRequestId, INVOCATION_MILLIS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    /** Delivers hand-overs until none are queued; returns how many ran. */
    public int drain() {
        int ran = 0;
        for (List<LambdaInvokeServer.Invocation> batch = lambda.take(); !batch.isEmpty(); batch = lambda.take()) {
            for (LambdaInvokeServer.Invocation invocation : batch) {
                assertEquals(ProviderContext.FUNCTION_ARN, invocation.functionName(), "hand-overs go to the provider itself");
                deliver(invocation.payload());
                assertTrue(++ran < 200, "the provider keeps handing over: " + ran + " invocations");
            }
        }
        return ran;
    }

    public Map<String, Object> deliverAndDrain(Map<String, Object> event) {
        Map<String, Object> first = deliver(event);
        drain();
        return first;
    }

    /** The one response CloudFormation got for a request (fails if there is none or more than one). */
    public ResponseUrlServer.Put onlyResponse(Map<String, Object> event) {
        List<ResponseUrlServer.Put> puts = responses.putsFor(String.valueOf(event.get("RequestId")));
        assertEquals(1, puts.size(), "responses to " + event.get("RequestType") + " " + event.get("RequestId")
                + ": " + puts + "\nprovider log:\n" + String.join("\n", stack.log.lines()));
        return puts.get(0);
    }

    public void advance(Duration duration) {
        stack.clock.advance(duration);
    }

    @Override
    public void close() {
        responses.close();
        lambda.close();
    }
}
