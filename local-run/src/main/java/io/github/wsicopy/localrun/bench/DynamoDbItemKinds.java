package io.github.wsicopy.localrun.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * What the account-wide items cost in DynamoDB: requests and request units by the kind of item they touch, the
 * prefix of its partition key ({@code REPLICA} for the replica ledger, {@code BUDGET} for the rate budget). A
 * request on one such item counts as one request with the units DynamoDB Local reported (it asks for them when
 * {@link DynamoDbCapacity} sits before this interceptor) or, without an answer, the units DynamoDB bills (a
 * consistent read 1, a write 1). An item of that kind inside a transaction with the job's own items adds no
 * request but 2 write units (a transaction bills 2 per item of up to 1 KB; ledger items are far smaller).
 */
public final class DynamoDbItemKinds implements ExecutionInterceptor {

    /** One kind's share. */
    public record Share(long requests, long transactionItems, double readUnits, double writeUnits) {
        public long requestsAndItems() {
            return requests + transactionItems;
        }
    }

    private final List<String> kinds;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> transactionItems = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> readUnits = new ConcurrentHashMap<>();
    private final Map<String, DoubleAdder> writeUnits = new ConcurrentHashMap<>();

    /** @param kinds the partition key prefixes to attribute (e.g. "REPLICA", "BUDGET") */
    public DynamoDbItemKinds(List<String> kinds) {
        this.kinds = List.copyOf(kinds);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (ours(attributes)) {
            count(context.request(), Optional.of(context.response()));
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (ours(attributes)) {
            count(context.request(), Optional.empty());
        }
    }

    private void count(SdkRequest request, Optional<SdkResponse> response) {
        if (request instanceof TransactWriteItemsRequest t) {
            for (TransactWriteItem item : t.transactItems()) {
                kindOf(transactionKey(item)).ifPresent(kind -> {
                    add(transactionItems, kind);
                    writeUnits.computeIfAbsent(kind, k -> new DoubleAdder()).add(2);
                });
            }
            return;
        }
        Map<String, AttributeValue> key = switch (request) {
            case GetItemRequest r -> r.key();
            case PutItemRequest r -> r.item();
            case UpdateItemRequest r -> r.key();
            case DeleteItemRequest r -> r.key();
            case QueryRequest r -> r.hasExpressionAttributeValues() ? Map.of("pk", r.expressionAttributeValues()
                    .getOrDefault(":pk", AttributeValue.fromS(""))) : Map.of();
            default -> Map.of();
        };
        Optional<String> kind = kindOf(key);
        if (kind.isEmpty()) {
            return;
        }
        add(requests, kind.get());
        boolean read = request instanceof GetItemRequest || request instanceof QueryRequest;
        double units = response.map(DynamoDbItemKinds::consumed).orElse(0.0);
        if (units == 0 && !(request instanceof QueryRequest && response.isEmpty())) {
            units = 1; // no answer to read them from: a consistent read of a small item, or a small write
        }
        (read ? readUnits : writeUnits).computeIfAbsent(kind.get(), k -> new DoubleAdder()).add(units);
    }

    private static double consumed(SdkResponse response) {
        ConsumedCapacity c = switch (response) {
            case GetItemResponse r -> r.consumedCapacity();
            case QueryResponse r -> r.consumedCapacity();
            case PutItemResponse r -> r.consumedCapacity();
            case UpdateItemResponse r -> r.consumedCapacity();
            case DeleteItemResponse r -> r.consumedCapacity();
            default -> null;
        };
        return c == null || c.capacityUnits() == null ? 0 : c.capacityUnits();
    }

    private static Map<String, AttributeValue> transactionKey(TransactWriteItem item) {
        if (item.update() != null) {
            return item.update().key();
        }
        if (item.put() != null) {
            return item.put().item();
        }
        if (item.delete() != null) {
            return item.delete().key();
        }
        if (item.conditionCheck() != null) {
            return item.conditionCheck().key();
        }
        return Map.of();
    }

    private Optional<String> kindOf(Map<String, AttributeValue> key) {
        String pk = Optional.ofNullable(key.get("pk")).map(AttributeValue::s).orElse("");
        return kinds.stream().filter(k -> pk.startsWith(k + "#")).findFirst();
    }

    private static boolean ours(ExecutionAttributes attributes) {
        return "DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
    }

    private static void add(Map<String, LongAdder> map, String kind) {
        map.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** Each kind's share so far (zeros for a kind never touched). */
    public Map<String, Share> shares() {
        Map<String, Share> out = new TreeMap<>();
        for (String kind : kinds) {
            out.put(kind, new Share(sum(requests.get(kind)), sum(transactionItems.get(kind)),
                    Objects.requireNonNullElse(readUnits.get(kind), new DoubleAdder()).sum(),
                    Objects.requireNonNullElse(writeUnits.get(kind), new DoubleAdder()).sum()));
        }
        return out;
    }

    private static long sum(LongAdder adder) {
        return adder == null ? 0 : adder.sum();
    }
}
