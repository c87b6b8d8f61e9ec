package io.github.wsicopy.core.finish;

import io.github.wsicopy.core.store.TaskKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The after-copy results of a job, one item each in the job's partition ({@link TaskKeys#finishKey}). A result is
 * written with a conditional put: a done item is never overwritten (a repeated step records nothing twice), a failed
 * one may be replaced by a later run that did the work. The reader lists them for the report, the API and Notify.
 */
public final class FinishResults {
    static final String OUTCOME_DONE = "DONE";
    static final String OUTCOME_FAILED = "FAILED";

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;
    private final Duration keepFor;

    /** @param keepFor how long an item lives (its {@code expiresAt}): as long as the job's tasks */
    public FinishResults(DynamoDbClient db, String table, Clock clock, Duration keepFor) {
        this.db = db;
        this.table = table;
        this.clock = clock;
        this.keepFor = keepFor;
    }

    /** Records a result; false when the item was already done (nothing written). */
    public boolean record(String jobId, FinishResult result) {
        try {
            db.putItem(r -> r.tableName(table).item(item(jobId, result))
                    .conditionExpression("attribute_not_exists(pk) OR outcome = :failed")
                    .expressionAttributeValues(Map.of(":failed", s(OUTCOME_FAILED))));
            return true;
        } catch (ConditionalCheckFailedException done) {
            return false;
        }
    }

    /** Every result of the job, all (account, Region)s, in key order. */
    public List<FinishResult> results(String jobId) {
        return query(jobId, TaskKeys.FINISH_PREFIX);
    }

    /** The results of one (account, Region) of the job. */
    public List<FinishResult> results(String jobId, String account, String region) {
        return query(jobId, TaskKeys.finishPrefix(account, region));
    }

    private List<FinishResult> query(String jobId, String prefix) {
        List<FinishResult> results = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = db.query(r -> r.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", s(TaskKeys.jobPk(jobId)), ":prefix", s(prefix)))
                    .exclusiveStartKey(from));
            page.items().forEach(item -> results.add(result(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return results;
    }

    private Map<String, AttributeValue> item(String jobId, FinishResult result) {
        Map<String, AttributeValue> item = new HashMap<>();
        FinishResult.Subject subject = result.subject();
        item.put("pk", s(TaskKeys.jobPk(jobId)));
        item.put("sk", s(TaskKeys.finishKey(result.account(), result.region(), subject.kind(), subject.id())));
        item.put("outcome", s(result.done() ? OUTCOME_DONE : OUTCOME_FAILED));
        item.put("result", s(result.getClass().getSimpleName()));
        item.put("account", s(result.account()));
        item.put("region", s(result.region()));
        item.put("subjectKind", s(subject.kind()));
        item.put("subjectId", s(subject.id()));
        item.put("recordedAt", s(clock.instant().toString()));
        item.put("expiresAt", AttributeValue.fromN(Long.toString(clock.instant().plus(keepFor).getEpochSecond())));
        switch (result) {
            case FinishResult.ImageDeleted d -> {
                item.put("imageId", s(d.imageId()));
                item.put("lineage", s(d.lineage()));
                item.put("why", s(d.why()));
            }
            case FinishResult.ImageKept k -> {
                item.put("imageId", s(k.imageId()));
                item.put("lineage", s(k.lineage()));
                item.put("why", s(k.why()));
            }
            case FinishResult.BundleRolledOut b -> {
                item.put("bundleName", s(b.name()));
                item.put("bundleId", s(b.bundleId()));
                item.put("imageId", s(b.imageId()));
                item.put("created", AttributeValue.fromBool(b.created()));
            }
            case FinishResult.ParameterWritten p -> {
                item.put("parameterName", s(p.name()));
                item.put("version", AttributeValue.fromN(Long.toString(p.version())));
                item.put("imageId", s(p.imageId()));
            }
            case FinishResult.Failed f -> {
                f.imageId().ifPresent(id -> item.put("imageId", s(id)));
                item.put("error", s(f.error()));
            }
        }
        return item;
    }

    private static FinishResult result(Map<String, AttributeValue> item) {
        String account = str(item, "account");
        String region = str(item, "region");
        return switch (str(item, "result")) {
            case "ImageDeleted" -> new FinishResult.ImageDeleted(account, region, str(item, "imageId"),
                    str(item, "lineage"), str(item, "why"));
            case "ImageKept" -> new FinishResult.ImageKept(account, region, str(item, "imageId"), str(item, "lineage"),
                    str(item, "why"));
            case "BundleRolledOut" -> new FinishResult.BundleRolledOut(account, region, str(item, "bundleName"),
                    str(item, "bundleId"), str(item, "imageId"), Boolean.TRUE.equals(item.get("created").bool()));
            case "ParameterWritten" -> new FinishResult.ParameterWritten(account, region, str(item, "parameterName"),
                    Long.parseLong(item.get("version").n()), str(item, "imageId"));
            default -> new FinishResult.Failed(account, region,
                    new FinishResult.Subject(str(item, "subjectKind"), str(item, "subjectId")),
                    Optional.ofNullable(item.get("imageId")).map(AttributeValue::s), str(item, "error"));
        };
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
