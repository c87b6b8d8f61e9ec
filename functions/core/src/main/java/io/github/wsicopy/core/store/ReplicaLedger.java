package io.github.wsicopy.core.store;

import static io.github.wsicopy.core.store.Items.n;
import static io.github.wsicopy.core.store.Items.s;

import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The replica ledger: one item per (account, destination Region, source image) saying which copy of that
 * source lives there and in what state, for every job of the account (API, schedule, retries, custom
 * resources). It is the one source of truth for "already replicated" and the reason no two jobs ever copy the
 * same pair: a task claims the pair here (conditional write, together with its own claim) before it calls
 * CopyWorkspaceImage, and a job that finds the pair held follows the copy instead of making another.
 *
 * <p>Items: {@code pk = REPLICA#<account>#<region>}, {@code sk = SOURCE#<sourceImageId>}, so a Region's
 * replicas are one Query. Every write is conditional on the {@code version} its writer read.
 */
public final class ReplicaLedger {
    /** Records outlive the jobs that made them: they describe images, which outlive jobs. */
    private static final Duration KEEP = Duration.ofDays(3650);

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;

    public ReplicaLedger(DynamoDbClient db, String table, Clock clock) {
        this.db = db;
        this.table = table;
        this.clock = clock;
    }

    static String pk(String account, String region) {
        return "REPLICA#" + account + "#" + region;
    }

    static String sk(String sourceImageId) {
        return "SOURCE#" + sourceImageId;
    }

    /** Every record of the (account, Region), by source image id. One consistent Query. */
    public Map<String, Replica> inRegion(String account, String region) {
        Map<String, Replica> replicas = new LinkedHashMap<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk(account, region))))
                    .exclusiveStartKey(start)
                    .build();
            QueryResponse page = db.query(request);
            for (Map<String, AttributeValue> item : page.items()) {
                Replica r = replica(item);
                replicas.put(r.sourceImageId(), r);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return replicas;
    }

    public Optional<Replica> get(String account, String region, String sourceImageId) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(account, region, sourceImageId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(replica(item));
    }

    /**
     * The write that claims the pair for {@code task}: conditional on the ledger still being as {@code seen}
     * (absent, or at that version), so of two claimers that read the same record exactly one wins. It goes into
     * the same transaction as the task's own claim.
     */
    TransactWriteItem claimItem(String account, CopyTask task, Optional<Replica> seen, Instant leaseUntil) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":claimed", s(ReplicaState.CLAIMED.name()));
        values.put(":job", s(task.jobId()));
        values.put(":task", s(task.sortKey()));
        values.put(":until", s(leaseUntil.toString()));
        values.put(":name", s(task.destinationName()));
        values.put(":src", s(task.sourceImageId()));
        values.put(":srcRegion", s(task.sourceRegion()));
        values.put(":account", s(account));
        values.put(":region", s(task.destinationRegion()));
        values.put(":now", s(now.toString()));
        values.put(":expires", n(now.plus(KEEP).getEpochSecond()));
        values.put(":one", n(1));
        values.put(":zero", n(0));
        String condition;
        if (seen.isPresent()) {
            condition = "version = :seen";
            values.put(":seen", n(seen.get().version()));
        } else {
            condition = "attribute_not_exists(pk)";
        }
        // The previous copy's id stays as previousImageId: a claimer that replaces an ERROR copy deletes it.
        String update = "SET #state = :claimed, jobId = :job, taskKey = :task, claimedUntil = :until, imageName = :name,"
                + " sourceImageId = :src, sourceRegion = :srcRegion, account = :account, destinationRegion = :region,"
                + " updatedAt = :now, createdAt = if_not_exists(createdAt, :now), expiresAt = :expires,"
                + " version = if_not_exists(version, :zero) + :one"
                + (seen.flatMap(Replica::imageId).isPresent() ? ", previousImageId = :previous" : "")
                + " REMOVE imageId, errorCode, errorMessage";
        seen.flatMap(Replica::imageId).ifPresent(id -> values.put(":previous", s(id)));
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(account, task.destinationRegion(), task.sourceImageId()))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values)
                .build()).build();
    }

    /**
     * The write that records the copy the claimer just started (CLAIMED → PENDING with its id), in the same
     * transaction as the task's STARTING → COPYING: a copy is never in a task without being in the ledger.
     */
    TransactWriteItem copyStartedItem(String account, CopyTask task, String imageId) {
        Instant now = clock.instant();
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(account, task.destinationRegion(), task.sourceImageId()))
                .updateExpression("SET #state = :pending, imageId = :img, imageName = :name, updatedAt = :now,"
                        + " version = version + :one REMOVE claimedUntil")
                .conditionExpression("jobId = :job AND #state = :claimed")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":pending", s(ReplicaState.PENDING.name()), ":img", s(imageId),
                        ":name", s(task.destinationName()), ":now", s(now.toString()), ":one", n(1),
                        ":job", s(task.jobId()), ":claimed", s(ReplicaState.CLAIMED.name())))
                .build()).build();
    }

    /**
     * Gives the pair back after a claim that made no copy (throttled, refused, no answer and no image): the next
     * claimer need not wait for the lease. Best effort: if this is lost, the lease runs out.
     */
    public void release(String account, CopyTask task) {
        try {
            // Kept as DELETED rather than removed: a record's version only ever grows, so a claimer that read an
            // earlier version of this pair can never match a later claim's version (no ABA).
            db.updateItem(r -> r.tableName(table).key(key(account, task.destinationRegion(), task.sourceImageId()))
                    .updateExpression("SET #state = :deleted, updatedAt = :now, version = version + :one"
                            + " REMOVE claimedUntil")
                    .conditionExpression("jobId = :job AND #state = :claimed")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":job", s(task.jobId()),
                            ":claimed", s(ReplicaState.CLAIMED.name()), ":deleted", s(ReplicaState.DELETED.name()),
                            ":now", s(clock.instant().toString()), ":one", n(1))));
        } catch (ConditionalCheckFailedException notOurs) {
            // someone else holds it now, or it was never ours: leave it
        }
    }

    /**
     * What WorkSpaces now reports of a copy the ledger tracks (AVAILABLE, ERROR with its error, or gone). Any job
     * that follows the copy may record it; conditional on the record still naming that image. False when it no
     * longer does (the pair moved on), which the caller may ignore.
     */
    public boolean recordOutcome(String account, String region, String sourceImageId, String imageId,
            ReplicaState state, Optional<String> errorCode, Optional<String> errorMessage) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":to", s(state.name()));
        values.put(":img", s(imageId));
        values.put(":now", s(clock.instant().toString()));
        values.put(":one", n(1));
        StringBuilder set = new StringBuilder("SET #state = :to, updatedAt = :now, version = version + :one");
        List<String> removes = new ArrayList<>();
        if (errorCode.isPresent()) {
            set.append(", errorCode = :code");
            values.put(":code", s(errorCode.get()));
        } else {
            removes.add("errorCode");
        }
        if (errorMessage.isPresent()) {
            set.append(", errorMessage = :msg");
            values.put(":msg", s(errorMessage.get()));
        } else {
            removes.add("errorMessage");
        }
        String expression = set + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        try {
            db.updateItem(r -> r.tableName(table).key(key(account, region, sourceImageId))
                    .updateExpression(expression)
                    .conditionExpression("imageId = :img")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    /**
     * Writes a record rebuilt from WorkSpaces (a copy with our system tags made before the ledger existed, or by
     * hand) where the ledger has none. False when a record appeared meanwhile: that one stands.
     */
    public boolean adopt(Replica rebuilt) {
        // It may replace a DELETED record: its version starts at the time in millis, above any version the pair had
        // (versions grow by one per write), so versions never go back.
        Map<String, AttributeValue> item = item(rebuilt, clock.millis());
        item.put("rebuiltFrom", s("workspaces"));
        try {
            db.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(pk) OR #state = :deleted")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":deleted", s(ReplicaState.DELETED.name()))));
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    /**
     * Gives the pair back as {@code task}'s claim found it, when the claim ends before the copy it replaced was
     * deleted (the delete was throttled or refused, or the image is not ours): the record keeps naming that ERROR
     * copy, so the next claimer deletes it rather than copying beside it (or failing on its name). Conditional on
     * the claim still being {@code task}'s; the version moves on past the claim's.
     */
    public void restore(String account, CopyTask task, Replica seen) {
        Map<String, AttributeValue> item = item(seen, seen.version() + 2);
        try {
            db.putItem(r -> r.tableName(table).item(item)
                    .conditionExpression("jobId = :job AND #state = :claimed")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":job", s(task.jobId()),
                            ":claimed", s(ReplicaState.CLAIMED.name()))));
        } catch (ConditionalCheckFailedException notOurs) {
            // someone else holds it now: leave it
        }
    }

    private Map<String, AttributeValue> item(Replica rebuilt, long version) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s(pk(rebuilt.account(), rebuilt.region())));
        item.put("sk", s(sk(rebuilt.sourceImageId())));
        item.put("account", s(rebuilt.account()));
        item.put("destinationRegion", s(rebuilt.region()));
        item.put("sourceImageId", s(rebuilt.sourceImageId()));
        item.put("sourceRegion", s(rebuilt.sourceRegion()));
        item.put("state", s(rebuilt.state().name()));
        item.put("jobId", s(rebuilt.jobId()));
        item.put("taskKey", s(rebuilt.taskKey()));
        rebuilt.imageId().ifPresent(v -> item.put("imageId", s(v)));
        rebuilt.imageName().ifPresent(v -> item.put("imageName", s(v)));
        rebuilt.errorCode().ifPresent(v -> item.put("errorCode", s(v)));
        rebuilt.errorMessage().ifPresent(v -> item.put("errorMessage", s(v)));
        item.put("version", n(version));
        item.put("createdAt", s(now.toString()));
        item.put("updatedAt", s(now.toString()));
        item.put("expiresAt", n(now.plus(KEEP).getEpochSecond()));
        return item;
    }

    /**
     * Retention deleted {@code imageId}, the copy of {@code sourceImageId} in (account, Region): the pair becomes
     * RETIRED, naming the retiring job, so validation skips it rather than copying the old version again. Conditional
     * on the record still naming that copy; a copy made before the ledger (no record) gets a RETIRED record. False
     * when the record names another copy (or none): that record stands.
     */
    public boolean retire(String account, String region, String sourceImageId, String sourceRegion, String imageId,
            String jobId) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":retired", s(ReplicaState.RETIRED.name()));
        values.put(":img", s(imageId));
        values.put(":job", s(jobId));
        values.put(":empty", s(""));
        values.put(":src", s(sourceImageId));
        values.put(":srcRegion", s(sourceRegion));
        values.put(":account", s(account));
        values.put(":region", s(region));
        values.put(":now", s(now.toString()));
        values.put(":expires", n(now.plus(KEEP).getEpochSecond()));
        values.put(":start", n(clock.millis())); // above any version the pair had, as in adopt
        values.put(":one", n(1));
        try {
            db.updateItem(r -> r.tableName(table).key(key(account, region, sourceImageId))
                    .updateExpression("SET #state = :retired, jobId = :job, taskKey = :empty, imageId = :img,"
                            + " sourceImageId = :src, sourceRegion = if_not_exists(sourceRegion, :srcRegion),"
                            + " account = :account, destinationRegion = :region, updatedAt = :now,"
                            + " createdAt = if_not_exists(createdAt, :now), expiresAt = :expires,"
                            + " version = if_not_exists(version, :start) + :one REMOVE claimedUntil, errorCode, errorMessage")
                    .conditionExpression("attribute_not_exists(pk) OR imageId = :img")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException another) {
            return false;
        }
    }

    /**
     * Marks a record whose copy WorkSpaces no longer has (deleted by hand) as DELETED, conditional on the version
     * that was seen. False when the record changed meanwhile.
     */
    public boolean markGone(Replica seen) {
        try {
            db.updateItem(r -> r.tableName(table).key(key(seen.account(), seen.region(), seen.sourceImageId()))
                    .updateExpression("SET #state = :deleted, updatedAt = :now, version = version + :one")
                    .conditionExpression("version = :seen")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":deleted", s(ReplicaState.DELETED.name()),
                            ":now", s(clock.instant().toString()), ":one", n(1), ":seen", n(seen.version()))));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    /**
     * Records the copy an abandoned claim turned out to have made (its claimer's answer was lost, then the claimer
     * ended), conditional on the record still being the claim that was seen. False when it moved meanwhile.
     */
    public boolean settleAbandoned(Replica seen, String imageId, ReplicaState state) {
        try {
            db.updateItem(r -> r.tableName(table).key(key(seen.account(), seen.region(), seen.sourceImageId()))
                    .updateExpression("SET #state = :to, imageId = :img, updatedAt = :now, version = version + :one"
                            + " REMOVE claimedUntil")
                    .conditionExpression("version = :seen")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":to", s(state.name()), ":img", s(imageId),
                            ":now", s(clock.instant().toString()), ":one", n(1), ":seen", n(seen.version()))));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    static Map<String, AttributeValue> key(String account, String region, String sourceImageId) {
        return Map.of("pk", s(pk(account, region)), "sk", s(sk(sourceImageId)));
    }

    static Replica replica(Map<String, AttributeValue> item) {
        return new Replica(
                Items.str(item, "account"),
                Items.str(item, "destinationRegion"),
                Items.str(item, "sourceImageId"),
                Items.opt(item, "sourceRegion").orElse(""),
                ReplicaState.valueOf(Items.str(item, "state")),
                Items.opt(item, "jobId").orElse(""),
                Items.opt(item, "taskKey").orElse(""),
                Items.opt(item, "imageId"),
                Items.opt(item, "imageName"),
                Items.opt(item, "claimedUntil").map(Instant::parse),
                Items.opt(item, "errorCode"),
                Items.opt(item, "errorMessage"),
                Items.num(item, "version"),
                Instant.parse(Items.str(item, "updatedAt")));
    }
}
