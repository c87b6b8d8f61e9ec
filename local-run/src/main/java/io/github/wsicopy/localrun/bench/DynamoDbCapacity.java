package io.github.wsicopy.localrun.bench;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * DynamoDB requests of one function and the request units they consumed, for the on-demand bill. Asks every
 * request for {@code ReturnConsumedCapacity: TOTAL} (which changes nothing else) and adds up what DynamoDB
 * Local answers: it computes units from item sizes as DynamoDB does (reads per 4 KB, writes per 1 KB,
 * transactions ×2). Where there is no answer (a failed request: condition failed, transaction cancelled) the
 * units are estimated as DynamoDB bills them: a failed conditional write still costs its write units, one
 * unit per item (two in a transaction); a read that failed is not counted.
 */
public final class DynamoDbCapacity implements ExecutionInterceptor {

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final DoubleAdder readUnits = new DoubleAdder();
    private final DoubleAdder writeUnits = new DoubleAdder();
    private final Map<String, DoubleAdder> writeUnitsByOperation = new ConcurrentHashMap<>();
    private final LongAdder measured = new LongAdder();
    private final LongAdder estimated = new LongAdder();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (!ours(attributes)) {
            return context.request();
        }
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (!ours(attributes)) {
            return;
        }
        count(attributes);
        SdkResponse response = context.response();
        List<ConsumedCapacity> consumed = switch (response) {
            case GetItemResponse r -> one(r.consumedCapacity());
            case QueryResponse r -> one(r.consumedCapacity());
            case PutItemResponse r -> one(r.consumedCapacity());
            case UpdateItemResponse r -> one(r.consumedCapacity());
            case DeleteItemResponse r -> one(r.consumedCapacity());
            case TransactWriteItemsResponse r -> r.consumedCapacity();
            case BatchWriteItemResponse r -> r.consumedCapacity();
            default -> List.of();
        };
        double units = consumed == null ? 0 : consumed.stream().map(ConsumedCapacity::capacityUnits)
                .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sum();
        boolean write = !(response instanceof GetItemResponse || response instanceof QueryResponse);
        if (units > 0) {
            measured.increment();
            (write ? writeUnits : readUnits).add(units);
            if (write) {
                writeUnitsByOperation.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                        k -> new DoubleAdder()).add(units);
            }
        } else {
            estimated.increment();
            estimate(context.request(), write);
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (!ours(attributes)) {
            return;
        }
        count(attributes);
        estimated.increment();
        estimate(context.request(), !(context.request() instanceof GetItemRequest || context.request() instanceof QueryRequest));
    }

    /** Units of a request with no answer to read them from: strongly consistent reads 1, writes 1 per item. */
    private void estimate(SdkRequest request, boolean write) {
        switch (request) {
            case TransactWriteItemsRequest r -> writeUnits.add(2.0 * r.transactItems().size());
            case BatchWriteItemRequest r -> writeUnits.add(r.requestItems().values().stream().mapToInt(List::size).sum());
            case GetItemRequest r -> readUnits.add(Boolean.TRUE.equals(r.consistentRead()) ? 1 : 0.5);
            case QueryRequest r -> { } // a failed read is not billed
            default -> {
                if (write) {
                    writeUnits.add(1);
                }
            }
        }
    }

    /** The interceptor sits on every client of the function; only DynamoDB's calls are counted. */
    private static boolean ours(ExecutionAttributes attributes) {
        return "DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    }

    private void count(ExecutionAttributes attributes) {
        requests.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new LongAdder())
                .increment();
    }

    private static List<ConsumedCapacity> one(ConsumedCapacity capacity) {
        return capacity == null ? List.of() : List.of(capacity);
    }

    /** Measured write units by operation (estimated ones are not split). */
    public Map<String, Double> writeUnitsByOperation() {
        Map<String, Double> out = new java.util.TreeMap<>();
        writeUnitsByOperation.forEach((operation, units) -> out.put(operation, units.sum()));
        return out;
    }

    /** Calls by operation (each call once, however many HTTP attempts it took). */
    public Map<String, Long> requests() {
        Map<String, Long> out = new TreeMap<>();
        requests.forEach((op, n) -> out.put(op, n.sum()));
        return out;
    }

    public long totalRequests() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public double readUnits() {
        return readUnits.sum();
    }

    public double writeUnits() {
        return writeUnits.sum();
    }

    /** Calls whose units DynamoDB Local reported, and calls whose units were estimated. */
    public long measuredCalls() {
        return measured.sum();
    }

    public long estimatedCalls() {
        return estimated.sum();
    }
}
