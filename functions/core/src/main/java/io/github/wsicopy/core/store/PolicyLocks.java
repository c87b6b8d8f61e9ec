package io.github.wsicopy.core.store;

import static io.github.wsicopy.core.store.Items.s;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * One {@code POLICY#<policyId>} item per replication policy naming its active run, so two runs of a policy never
 * overlap: a run takes the lock with a conditional write, and the run's end (notify, or a cancel) releases it.
 * A lock whose job has ended without releasing it (a notify that never ran) is taken over.
 */
public final class PolicyLocks {
    private static final int ATTEMPTS = 3;

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public PolicyLocks(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    /** What taking a policy's lock found. */
    public sealed interface Attempt permits Acquired, HeldBy {}

    /** The lock names this job now (or already did: a retried step). */
    public record Acquired() implements Attempt {}

    /** Another run of the policy is still active. */
    public record HeldBy(String jobId) implements Attempt {}

    /**
     * Takes the policy's lock for {@code jobId}.
     *
     * @param stillActive tells whether the job that holds the lock is still running; a lock held by an ended
     *                    job is stale and is taken over
     */
    public Attempt acquire(String policyId, String jobId, Predicate<String> stillActive) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                db.putItem(r -> r.tableName(table)
                        .item(Map.of("pk", s(pk(policyId)), "sk", s(TaskKeys.POLICY_SK), "policyId", s(policyId),
                                "activeJobId", s(jobId), "since", s(clock.instant().toString())))
                        .conditionExpression("attribute_not_exists(pk) OR activeJobId = :me")
                        .expressionAttributeValues(Map.of(":me", s(jobId))));
                return new Acquired();
            } catch (ConditionalCheckFailedException held) {
                Optional<String> holder = holder(policyId);
                if (holder.isPresent() && stillActive.test(holder.get())) {
                    return new HeldBy(holder.get());
                }
                if (holder.isPresent() && takeOver(policyId, holder.get(), jobId)) {
                    return new Acquired();
                }
                // released or taken over in between: try again
            }
        }
        throw new io.github.wsicopy.core.TransientFailure("the lock of policy " + policyId + " kept changing hands");
    }

    /** Releases the lock if it names {@code jobId}; false when it did not. */
    public boolean release(String policyId, String jobId) {
        try {
            db.deleteItem(r -> r.tableName(table).key(key(policyId))
                    .conditionExpression("activeJobId = :me")
                    .expressionAttributeValues(Map.of(":me", s(jobId))));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        }
    }

    public Optional<String> holder(String policyId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).consistentRead(true).key(key(policyId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Items.opt(item, "activeJobId");
    }

    private boolean takeOver(String policyId, String staleJobId, String jobId) {
        try {
            db.updateItem(r -> r.tableName(table).key(key(policyId))
                    .updateExpression("SET activeJobId = :me, since = :now")
                    .conditionExpression("activeJobId = :stale")
                    .expressionAttributeValues(Map.of(":me", s(jobId), ":stale", s(staleJobId),
                            ":now", s(clock.instant().toString()))));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String policyId) {
        return Map.of("pk", s(pk(policyId)), "sk", s(TaskKeys.POLICY_SK));
    }

    static String pk(String policyId) {
        return TaskKeys.POLICY_PREFIX + policyId;
    }
}
