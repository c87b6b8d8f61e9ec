package io.github.wsicopy.localrun.stack;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the calls the functions make to one service (e.g. "DynamoDb"), by operation, and the HTTP requests
 * they took (SDK retries included): what the service bills and throttles. Added to every function's SDK
 * clients through {@code AwsClients}' interceptor hook.
 */
public final class SdkCallCounter implements ExecutionInterceptor {

    private final String serviceName;
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final LongAdder httpRequests = new LongAdder();

    public SdkCallCounter(String serviceName) {
        this.serviceName = serviceName;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (ours(attributes)) {
            calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder())
                    .increment();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (ours(attributes)) {
            httpRequests.increment();
        }
    }

    private boolean ours(ExecutionAttributes attributes) {
        return serviceName.equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    }

    /** Calls by operation, sorted. */
    public Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((op, n) -> out.put(op, n.sum()));
        return out;
    }

    public long totalCalls() {
        return calls.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** HTTP requests sent, retries included. */
    public long httpRequests() {
        return httpRequests.sum();
    }
}
