package io.github.wsicopy.core.store;

import static io.github.wsicopy.core.store.Items.n;
import static io.github.wsicopy.core.store.Items.s;

import io.github.wsicopy.core.model.PolicySchedule;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Replication policies stored through the API: one {@code POLICY#<policyId>} / {@code DEFINITION} item each, beside
 * the policy's run lock ({@code POLICY#<policyId>} / {@code POLICY}, {@link PolicyLocks}), which this class never
 * touches. Every write is conditional on the version the caller read (or on the item not existing), so two
 * editors cannot overwrite each other unseen. Listed through {@code gsi1} ({@code gsi1pk = POLICIES}, by id).
 */
public final class PolicyDefinitions {
    private final DynamoDbClient db;
    private final String table;

    public PolicyDefinitions(DynamoDbClient db, String table) {
        this.db = db;
        this.table = table;
    }

    /** The stored policy changed (or appeared, or went) since the caller read it. */
    public static final class Changed extends RuntimeException {
        public Changed(String policyId) {
            super("policy " + policyId + " changed since it was read", null, false, false);
        }
    }

    public Optional<PolicyDefinition> get(String policyId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).consistentRead(true).key(key(policyId)))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    /**
     * Stores {@code next}: a new policy when {@code expected} is empty, else a replacement of version
     * {@code expected}. Throws {@link Changed} when the stored policy is not what the caller read.
     */
    public void put(PolicyDefinition next, OptionalLong expected) {
        Map<String, AttributeValue> item = item(next);
        try {
            if (expected.isEmpty()) {
                db.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            } else {
                db.putItem(r -> r.tableName(table).item(item).conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v", n(expected.getAsLong()))));
            }
        } catch (ConditionalCheckFailedException e) {
            throw new Changed(next.policyId());
        }
    }

    /** Deletes version {@code expected} of the policy; throws {@link Changed} when another one is stored. */
    public void delete(String policyId, long expected) {
        try {
            db.deleteItem(r -> r.tableName(table).key(key(policyId)).conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", n(expected))));
        } catch (ConditionalCheckFailedException e) {
            throw new Changed(policyId);
        }
    }

    /**
     * Puts back what was stored before version {@code ours} was written (nothing: deletes it), unless someone
     * changed the policy since: a write that Scheduler refused is undone and leaves nothing behind.
     */
    public void undo(String policyId, long ours, Optional<PolicyDefinition> before) {
        try {
            if (before.isPresent()) {
                db.putItem(r -> r.tableName(table).item(item(before.get())).conditionExpression("version = :v")
                        .expressionAttributeValues(Map.of(":v", n(ours))));
            } else {
                delete(policyId, ours);
            }
        } catch (ConditionalCheckFailedException | Changed moved) {
            // another writer replaced ours: theirs stands
        }
    }

    static Map<String, AttributeValue> key(String policyId) {
        return Map.of("pk", s(PolicyLocks.pk(policyId)), "sk", s(TaskKeys.POLICY_DEFINITION_SK));
    }

    private static Map<String, AttributeValue> item(PolicyDefinition d) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(d.policyId()));
        item.put("policyId", s(d.policyId()));
        item.put("document", s(d.document()));
        d.schedule().ifPresent(schedule -> {
            item.put("scheduleExpression", s(schedule.expression()));
            item.put("scheduleTimezone", s(schedule.timezone()));
            item.put("scheduleEnabled", AttributeValue.fromBool(schedule.enabled()));
        });
        item.put("scheduleName", s(d.scheduleName()));
        item.put("version", n(d.version()));
        item.put("createdAt", s(d.createdAt().toString()));
        item.put("updatedAt", s(d.updatedAt().toString()));
        item.put("gsi1pk", s(TaskKeys.POLICIES_GSI_PK));
        item.put("gsi1sk", s(d.policyId()));
        return item;
    }

    static PolicyDefinition read(Map<String, AttributeValue> item) {
        Optional<PolicySchedule> schedule = Items.opt(item, "scheduleExpression").map(expression -> new PolicySchedule(
                expression, Items.opt(item, "scheduleTimezone").orElse(PolicySchedule.DEFAULT_TIMEZONE),
                !item.containsKey("scheduleEnabled") || Boolean.TRUE.equals(item.get("scheduleEnabled").bool())));
        return new PolicyDefinition(Items.str(item, "policyId"), Items.str(item, "document"), schedule,
                Items.str(item, "scheduleName"), Items.num(item, "version"),
                Instant.parse(Items.str(item, "createdAt")), Instant.parse(Items.str(item, "updatedAt")));
    }
}
