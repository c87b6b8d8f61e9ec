package io.github.wsicopy.localrun.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.localrun.template.SamTemplate.FunctionSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * One function of the template, run in-process. Like Lambda, it keeps execution environments (handler
 * instances, each with its own SDK clients) and gives each concurrent invocation one of its own: a new one is
 * made (a cold start) only when all are busy, and one is never used by two invocations at once.
 */
public final class LocalFunction {

    /** What the caller gets: the response payload, and whether it is an error payload. */
    public record Outcome(byte[] payload, boolean unhandledError) {}

    private final FunctionSpec spec;
    private final String arn;
    private final Supplier<RequestStreamHandler> newEnvironment;
    private final LambdaLogger log;
    private final Deque<RequestStreamHandler> idle = new ConcurrentLinkedDeque<>();
    private final LongAdder invocations = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder coldStarts = new LongAdder();
    /** Wall time spent in the handler, what Lambda bills as duration (cold-start init not included). */
    private final LongAdder busyNanos = new LongAdder();

    public LocalFunction(FunctionSpec spec, String arn, Supplier<RequestStreamHandler> newEnvironment, LambdaLogger log) {
        this.spec = spec;
        this.arn = arn;
        this.newEnvironment = newEnvironment;
        this.log = log;
    }

    public String name() {
        return spec.logicalId();
    }

    public String arn() {
        return arn;
    }

    /** Runs the handler on {@code payload}; an exception becomes the runtime's error payload, as in Lambda. */
    Outcome invoke(byte[] payload) {
        invocations.increment();
        String requestId = UUID.randomUUID().toString();
        RequestStreamHandler handler;
        try {
            handler = environment();
        } catch (RuntimeException | Error e) {
            return failed(requestId, e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long began = System.nanoTime();
        try {
            handler.handleRequest(new ByteArrayInputStream(payload), out, new LocalContext(requestId, name(), arn,
                    1024, System.currentTimeMillis() + spec.timeoutSeconds() * 1000L, log));
            idle.push(handler);
            return new Outcome(out.toByteArray(), false);
        } catch (Exception | Error e) {
            // Lambda keeps an environment after a handled-by-runtime exception; so do we.
            idle.push(handler);
            return failed(requestId, e);
        } finally {
            busyNanos.add(System.nanoTime() - began);
        }
    }

    private RequestStreamHandler environment() {
        RequestStreamHandler handler = idle.poll();
        if (handler != null) {
            return handler;
        }
        coldStarts.increment();
        return newEnvironment.get();
    }

    private Outcome failed(String requestId, Throwable e) {
        errors.increment();
        log.log("RequestId: " + requestId + " " + name() + " failed: " + e);
        return new Outcome(Json.writeBytes(FunctionError.of(e).toJson()), true);
    }

    public long invocations() {
        return invocations.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** Seconds spent running the handler, over all invocations (the billed duration, without init). */
    public double busySeconds() {
        return busyNanos.sum() / 1e9;
    }

    /** Execution environments made: 1 + the most invocations that ever overlapped, less reuse. */
    public long coldStarts() {
        return coldStarts.sum();
    }
}
