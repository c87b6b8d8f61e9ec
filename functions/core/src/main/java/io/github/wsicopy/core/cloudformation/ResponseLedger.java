package io.github.wsicopy.core.cloudformation;

import io.github.wsicopy.core.json.Json;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * The provider's memory, in the jobs table, of every CloudFormation request and every resource it answered.
 *
 * <ul>
 *   <li>{@code CFN#<requestKey>} / {@code REQUEST}: the request as CloudFormation sent it (its response URL is
 *       where the answer goes, whichever function gives it), when it was first seen (CloudFormation's wait runs
 *       from then), the copy its job makes ({@link ResourceCopy}), its decision, written once with a condition so
 *       the first decision is the only one, and when that decision was sent.</li>
 *   <li>{@code CFN#RESOURCE#<hash>} / {@code RESOURCE}: the image behind a physical id ({@link ResourceRecord}),
 *       written before the SUCCESS decision and removed when the resource is deleted.</li>
 * </ul>
 */
public final class ResponseLedger {
    static final String REQUEST_SK = "REQUEST";
    static final String RESOURCE_SK = "RESOURCE";

    private final DynamoDbClient db;
    private final String table;

    public ResponseLedger(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** A request as the ledger has it. */
    public record RequestRecord(String requestKey, ResourceEvent event, Instant firstSeenAt,
            Optional<ResourceCopy> copy, Optional<Decision> decision, Optional<Instant> sentAt) {}

    static String requestPk(String requestKey) {
        return "CFN#" + requestKey;
    }

    static String resourcePk(String stackId, String logicalResourceId, String physicalResourceId) {
        return "CFN#RESOURCE#" + ResourceEvent.sha256(stackId + "\n" + logicalResourceId + "\n" + physicalResourceId)
                .substring(0, 32);
    }

    /** Records the request the first time it is seen and returns it as stored (also for every later delivery). */
    public RequestRecord open(ResourceEvent event, Instant now, Instant expiresAt) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s(requestPk(event.requestKey())));
        item.put("sk", s(REQUEST_SK));
        item.put("requestType", s(event.requestType().name()));
        item.put("stackId", s(event.stackId()));
        item.put("logicalResourceId", s(event.logicalResourceId()));
        item.put("requestId", s(event.requestId()));
        item.put("event", s(Json.write(event.raw())));
        item.put("firstSeenAt", s(now.toString()));
        item.put("expiresAt", n(expiresAt.getEpochSecond()));
        try {
            db.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException seenBefore) {
            // a duplicate delivery: the first sighting stays
        }
        return request(event.requestKey()).orElseThrow(() -> new IllegalStateException("request record vanished"));
    }

    public Optional<RequestRecord> request(String requestKey) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(requestPk(requestKey), REQUEST_SK))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RequestRecord(requestKey, ResourceEvent.parse(Json.parseObject(item.get("event").s())),
                Instant.parse(item.get("firstSeenAt").s()), copy(item), decision(item),
                Optional.ofNullable(item.get("sentAt")).map(v -> Instant.parse(v.s()))));
    }

    /** Records the copy the request's job makes, before the job starts (the same copy for every delivery). */
    public void describeCopy(String requestKey, ResourceCopy copy) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":job", s(copy.jobId()));
        values.put(":image", s(copy.imageId()));
        values.put(":source", s(copy.sourceRegionId()));
        values.put(":destination", s(copy.destinationRegionId()));
        values.put(":name", s(copy.destinationImageName().orElse("")));
        values.put(":wait", AttributeValue.fromBool(copy.waitForAvailable()));
        values.put(":seconds", n(copy.waitSeconds()));
        values.put(":fingerprint", s(copy.fingerprint()));
        db.updateItem(r -> r.tableName(table).key(key(requestPk(requestKey), REQUEST_SK))
                .updateExpression("SET jobId = :job, sourceImageId = :image, sourceRegionId = :source,"
                        + " destinationRegionId = :destination, destinationImageName = :name,"
                        + " waitForAvailable = :wait, waitSeconds = :seconds, fingerprint = :fingerprint")
                .conditionExpression("attribute_exists(pk)")
                .expressionAttributeValues(values));
    }

    private static Optional<ResourceCopy> copy(Map<String, AttributeValue> item) {
        if (!item.containsKey("jobId")) {
            return Optional.empty();
        }
        return Optional.of(new ResourceCopy(item.get("jobId").s(), item.get("sourceImageId").s(),
                item.get("sourceRegionId").s(), item.get("destinationRegionId").s(),
                Optional.of(item.get("destinationImageName").s()).filter(n -> !n.isEmpty()),
                item.get("waitForAvailable").bool(), Integer.parseInt(item.get("waitSeconds").n()),
                item.get("fingerprint").s()));
    }

    /**
     * Records the decision unless one is recorded already, and returns the one that stands. The condition makes
     * this the single point where a request's answer is chosen: two invocations racing here get the same answer.
     */
    public Decision decide(String requestKey, Decision proposed, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(proposed.status().name()));
        values.put(":reason", s(proposed.reason()));
        values.put(":physical", s(proposed.physicalResourceId()));
        values.put(":data", s(Json.write(proposed.data())));
        values.put(":now", s(now.toString()));
        try {
            db.updateItem(r -> r.tableName(table).key(key(requestPk(requestKey), REQUEST_SK))
                    .updateExpression("SET decisionStatus = :status, decisionReason = :reason,"
                            + " physicalResourceId = :physical, decisionData = :data, decidedAt = :now")
                    .conditionExpression("attribute_exists(pk) AND attribute_not_exists(decisionStatus)")
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.NONE));
            return proposed;
        } catch (ConditionalCheckFailedException alreadyDecided) {
            return request(requestKey).flatMap(RequestRecord::decision)
                    .orElseThrow(() -> new IllegalStateException("request " + requestKey + " is not recorded"));
        }
    }

    /** False when an earlier delivery already marked it: the caller sent the same body twice, which is harmless. */
    public boolean markSent(String requestKey, Instant now) {
        try {
            db.updateItem(r -> r.tableName(table).key(key(requestPk(requestKey), REQUEST_SK))
                    .updateExpression("SET sentAt = :now")
                    .conditionExpression("attribute_exists(decisionStatus) AND attribute_not_exists(sentAt)")
                    .expressionAttributeValues(Map.of(":now", s(now.toString()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    public void putResource(ResourceRecord r) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", s(resourcePk(r.stackId(), r.logicalResourceId(), r.physicalResourceId())));
        item.put("sk", s(RESOURCE_SK));
        item.put("stackId", s(r.stackId()));
        item.put("logicalResourceId", s(r.logicalResourceId()));
        item.put("physicalResourceId", s(r.physicalResourceId()));
        item.put("kind", s(r.kind().name()));
        item.put("fingerprint", s(r.fingerprint()));
        item.put("sourceImageId", s(r.sourceImageId()));
        item.put("sourceRegionId", s(r.sourceRegionId()));
        item.put("destinationRegionId", s(r.destinationRegionId()));
        r.jobId().ifPresent(j -> item.put("jobId", s(j)));
        // No expiresAt: a resource lives as long as its stack, and Delete removes this item.
        db.putItem(p -> p.tableName(table).item(item));
    }

    public Optional<ResourceRecord> resource(String stackId, String logicalResourceId, String physicalResourceId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(resourcePk(stackId, logicalResourceId, physicalResourceId), RESOURCE_SK))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceRecord(stackId, logicalResourceId, physicalResourceId,
                ResourceRecord.Kind.valueOf(item.get("kind").s()), item.get("fingerprint").s(),
                item.get("sourceImageId").s(), item.get("sourceRegionId").s(), item.get("destinationRegionId").s(),
                Optional.ofNullable(item.get("jobId")).map(AttributeValue::s)));
    }

    public void forgetResource(String stackId, String logicalResourceId, String physicalResourceId) {
        db.deleteItem(r -> r.tableName(table).key(key(resourcePk(stackId, logicalResourceId, physicalResourceId), RESOURCE_SK)));
    }

    @SuppressWarnings("unchecked")
    private static Optional<Decision> decision(Map<String, AttributeValue> item) {
        if (!item.containsKey("decisionStatus")) {
            return Optional.empty();
        }
        Map<String, String> data = new LinkedHashMap<>();
        ((Map<String, Object>) Json.parse(item.get("decisionData").s())).forEach((k, v) -> data.put(k, String.valueOf(v)));
        return Optional.of(new Decision(Decision.Status.valueOf(item.get("decisionStatus").s()),
                item.get("decisionReason").s(), item.get("physicalResourceId").s(), data));
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", s(pk), "sk", s(sk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
