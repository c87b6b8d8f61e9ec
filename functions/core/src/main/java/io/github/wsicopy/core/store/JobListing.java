package io.github.wsicopy.core.store;

import static io.github.wsicopy.core.store.Items.s;

import io.github.wsicopy.core.TransientFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Paged reads for people: jobs newest first (the {@code gsi1} index), and a job's tasks filtered by Region
 * (a key prefix) and state (a filter). Pages carry an opaque {@code nextToken}.
 */
public final class JobListing {
    /** A filtered page may need several reads; this bounds the work of one request. */
    private static final int MAX_READS_PER_PAGE = 10;
    private static final Set<String> JOB_INDEX_KEYS = Set.of("pk", "sk", "gsi1pk", "gsi1sk");
    private static final Set<String> TABLE_KEYS = Set.of("pk", "sk");
    private static final int BATCH_GET_MAX = 100;
    private static final int BATCH_GET_ATTEMPTS = 6;

    private final DynamoDbClient db;
    private final String table;

    public JobListing(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** One page of a listing; {@code nextToken} is present while more may follow. */
    public record Page<T>(List<T> items, Optional<String> nextToken) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** Which tasks to list: all, or those in one destination Region and/or one state. */
    public record TaskFilter(Optional<String> account, Optional<String> region, Optional<TaskState> state) {
        public static final TaskFilter ALL = new TaskFilter(Optional.empty(), Optional.empty(), Optional.empty());

        public TaskFilter(Optional<String> region, Optional<TaskState> state) {
            this(Optional.empty(), region, state);
        }

        /** The sort-key prefix the filter narrows the Query to: the account comes before the Region in the key. */
        String prefix() {
            return account.map(a -> region.map(r -> TaskKeys.targetPrefix(a, r)).orElse("TASK#" + a + "#"))
                    .orElse("TASK#");
        }

        /** A Region without an account cannot narrow the key: it filters. */
        boolean filtersRegion() {
            return account.isEmpty() && region.isPresent();
        }
    }

    /**
     * Jobs, newest first. The index holds only keys (so task moves, which rewrite a job's counters, never
     * write it); the page's jobs are then read by key, consistently. A job that expired in between is left out.
     */
    public Page<Job> jobs(int limit, Optional<String> nextToken) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(TaskKeys.JOBS_GSI)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(TaskKeys.JOBS_GSI_PK)))
                .scanIndexForward(false);
        Page<Map<String, AttributeValue>> keys = page(query, limit,
                nextToken.map(t -> PageToken.decode(t, JOB_INDEX_KEYS)), item -> Map.of("pk", item.get("pk"), "sk", item.get("sk")));
        Map<String, Map<String, AttributeValue>> found = readByKey(keys.items());
        List<Job> jobs = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys.items()) {
            Map<String, AttributeValue> item = found.get(key.get("pk").s());
            if (item != null) {
                jobs.add(Items.job(item));
            }
        }
        return new Page<>(jobs, keys.nextToken());
    }

    /** Stored replication policies, by id (the index holds only keys; the page's items are read by key). */
    public Page<PolicyDefinition> policies(int limit, Optional<String> nextToken) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(TaskKeys.JOBS_GSI)
                .keyConditionExpression("gsi1pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s(TaskKeys.POLICIES_GSI_PK)));
        Optional<Map<String, AttributeValue>> start = nextToken.map(t -> PageToken.decode(t, JOB_INDEX_KEYS));
        if (start.isPresent() && !TaskKeys.POLICIES_GSI_PK.equals(start.get().get("gsi1pk").s())) {
            throw new InvalidPageToken();
        }
        Page<Map<String, AttributeValue>> keys = page(query, limit, start,
                item -> Map.of("pk", item.get("pk"), "sk", item.get("sk")));
        Map<String, Map<String, AttributeValue>> found = readByKey(keys.items());
        List<PolicyDefinition> policies = new ArrayList<>();
        for (Map<String, AttributeValue> key : keys.items()) {
            Map<String, AttributeValue> item = found.get(key.get("pk").s());
            if (item != null) {
                policies.add(PolicyDefinitions.read(item));
            }
        }
        return new Page<>(policies, keys.nextToken());
    }

    /** Job items by key (BatchGetItem, 100 keys a call, unprocessed keys read again), by pk. */
    private Map<String, Map<String, AttributeValue>> readByKey(List<Map<String, AttributeValue>> keys) {
        Map<String, Map<String, AttributeValue>> found = new HashMap<>();
        for (int from = 0; from < keys.size(); from += BATCH_GET_MAX) {
            List<Map<String, AttributeValue>> pending = keys.subList(from, Math.min(from + BATCH_GET_MAX, keys.size()));
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt >= BATCH_GET_ATTEMPTS) {
                    throw new TransientFailure("DynamoDB kept returning unprocessed keys for a job listing");
                }
                if (attempt > 0) {
                    JobStore.backoff(attempt);
                }
                List<Map<String, AttributeValue>> request = pending;
                BatchGetItemResponse response = db.batchGetItem(r -> r.requestItems(
                        Map.of(table, KeysAndAttributes.builder().keys(request).consistentRead(true).build())));
                response.responses().getOrDefault(table, List.of()).forEach(item -> found.put(item.get("pk").s(), item));
                KeysAndAttributes unprocessed = response.unprocessedKeys().get(table);
                pending = unprocessed == null ? List.of() : unprocessed.keys();
            }
        }
        return found;
    }

    /** A job's tasks in key order (by destination account, Region, then source image id). */
    public Page<CopyTask> tasks(String jobId, TaskFilter filter, int limit, Optional<String> nextToken) {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        values.put(":pk", s(TaskKeys.jobPk(jobId)));
        values.put(":prefix", s(filter.prefix()));
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)");
        List<String> conditions = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        filter.state().ifPresent(state -> {
            values.put(":state", s(state.name()));
            names.put("#state", "state");
            conditions.add("#state = :state");
        });
        if (filter.filtersRegion()) {
            values.put(":region", s(filter.region().get()));
            conditions.add("destinationRegion = :region");
        }
        if (!conditions.isEmpty()) {
            query.filterExpression(String.join(" AND ", conditions));
        }
        if (!names.isEmpty()) {
            query.expressionAttributeNames(names);
        }
        query.expressionAttributeValues(values);
        Optional<Map<String, AttributeValue>> start = nextToken.map(t -> PageToken.decode(t, TABLE_KEYS));
        if (start.isPresent() && !start.get().get("pk").s().equals(TaskKeys.jobPk(jobId))) {
            throw new InvalidPageToken();
        }
        return page(query, limit, start, Items::task);
    }

    private <T> Page<T> page(QueryRequest.Builder query, int limit, Optional<Map<String, AttributeValue>> start,
            java.util.function.Function<Map<String, AttributeValue>, T> read) {
        List<T> items = new ArrayList<>();
        Map<String, AttributeValue> next = start.orElse(null);
        for (int reads = 0; reads < MAX_READS_PER_PAGE; reads++) {
            QueryResponse response = db.query(query.limit(limit - items.size()).exclusiveStartKey(next).build());
            response.items().forEach(item -> items.add(read.apply(item)));
            next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
            if (next == null || items.size() >= limit) {
                break;
            }
        }
        return new Page<>(items, PageToken.encode(next));
    }
}
