package io.github.wsicopy.core.store;

import static io.github.wsicopy.core.store.Items.n;
import static io.github.wsicopy.core.store.Items.s;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@code IDEMPOTENCY#<key>} items: the first writer of a key names the job it will create (and a hash of what
 * it was asked), with one conditional put; every later writer, concurrent or not, reads that job back instead
 * of making another. Kept as long as jobs are (TTL), so a repeat within a job's life finds it.
 */
public final class IdempotencyKeys {
    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public IdempotencyKeys(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    /**
     * Who owns the key.
     *
     * @param jobId       the job the key stands for
     * @param requestHash a hash of the request first sent with the key: a different request under the same key
     *                    is a client mistake, not a repeat
     * @param claimedNow  true when this call wrote the key
     */
    public record Claim(String jobId, String requestHash, boolean claimedNow) {}

    public Claim claim(String key, String jobId, String requestHash, Instant expiresAt) {
        Map<String, AttributeValue> item = Map.of(
                "pk", s(pk(key)), "sk", s(TaskKeys.IDEMPOTENCY_SK),
                "jobId", s(jobId), "requestHash", s(requestHash),
                "createdAt", s(clock.instant().toString()), "expiresAt", n(expiresAt.getEpochSecond()));
        try {
            db.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return new Claim(jobId, requestHash, true);
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> found = db.getItem(r -> r.tableName(table).consistentRead(true)
                    .key(Map.of("pk", s(pk(key)), "sk", s(TaskKeys.IDEMPOTENCY_SK)))).item();
            return new Claim(Items.str(found, "jobId"), Items.str(found, "requestHash"), false);
        }
    }

    static String pk(String key) {
        return TaskKeys.IDEMPOTENCY_PREFIX + key;
    }
}
