package io.github.wsicopy.core.store;

import static io.github.wsicopy.core.store.Items.n;
import static io.github.wsicopy.core.store.Items.s;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.RegionSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Region snapshots shared by concurrent validations: item {@code SNAPSHOT#<account>#<region>} / {@code SNAPSHOT}.
 * A validation uses a snapshot younger than {@code maxAge}; otherwise one of them takes a lease and reads
 * WorkSpaces while the others wait for its snapshot (a few seconds), so a burst of jobs reads a Region once. A
 * DynamoDB problem only means reading WorkSpaces directly: the cache never fails a validation.
 */
public final class RegionSnapshots {
    /** How long a taker may hold the lease: reading a Region with many images at 2 calls/s takes a while. */
    private static final Duration LEASE = Duration.ofSeconds(45);
    private static final long WAIT_STEP_MILLIS = 500;

    private final DynamoDbClient db;
    private final String table;
    private final Clock clock;
    private final Duration maxAge;
    private final boolean mayRefresh;

    /**
     * @param mayRefresh false for a reader that must write nothing (the API's dry run): it uses a fresh snapshot
     *                   when there is one and otherwise reads WorkSpaces itself
     */
    public RegionSnapshots(DynamoDbClient db, String table, Clock clock, Duration maxAge, boolean mayRefresh) {
        this.db = db;
        this.table = table;
        this.clock = clock;
        this.maxAge = maxAge;
        this.mayRefresh = mayRefresh;
    }

    /**
     * A snapshot no older than the maximum age: a shared one, or one {@code take} makes (and shares, for a reader
     * that may). {@code take} gets the previous snapshot, whose tag reads it may reuse.
     */
    public RegionSnapshot current(String account, String region,
            java.util.function.Function<Optional<RegionSnapshot>, RegionSnapshot> take) {
        if (maxAge.isZero()) {
            return take.apply(Optional.empty());
        }
        String me = java.util.UUID.randomUUID().toString();
        Optional<Stored> stored = quietly(() -> read(account, region), Optional.<Stored>empty());
        long deadline = System.currentTimeMillis() + LEASE.toMillis();
        while (true) {
            Optional<RegionSnapshot> previous = stored.flatMap(Stored::snapshot);
            if (previous.isPresent() && previous.get().freshAt(clock.instant(), maxAge)) {
                return previous.get();
            }
            boolean leaseHeld = stored.flatMap(Stored::leaseUntil).filter(u -> u.isAfter(clock.instant())).isPresent();
            if (!mayRefresh || System.currentTimeMillis() > deadline) {
                return take.apply(previous);
            }
            if (!leaseHeld && quietly(() -> lease(account, region, me), false)) {
                RegionSnapshot taken;
                try {
                    taken = take.apply(previous);
                } catch (RuntimeException e) {
                    // the others need not wait out the lease: one of them takes it now
                    quietly(() -> releaseLease(account, region, me), false);
                    throw e;
                }
                quietly(() -> {
                    write(taken);
                    return true;
                }, false);
                return taken;
            }
            sleep();
            stored = quietly(() -> read(account, region), stored);
        }
    }

    private record Stored(Optional<RegionSnapshot> snapshot, Optional<Instant> leaseUntil) {}

    private Optional<Stored> read(String account, String region) {
        Map<String, AttributeValue> item = db.getItem(r -> r.tableName(table).consistentRead(true)
                .key(key(account, region))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Optional<RegionSnapshot> snapshot = Items.opt(item, "images").map(json -> new RegionSnapshot(account, region,
                Instant.parse(Items.str(item, "takenAt")), Boolean.TRUE.equals(item.get("byol").bool()), images(json),
                Optional.ofNullable(item.get("imageQuota")).map(q -> Integer.valueOf(q.n()))));
        return Optional.of(new Stored(snapshot, Items.opt(item, "leaseUntil").map(Instant::parse)));
    }

    private boolean lease(String account, String region, String me) {
        Instant now = clock.instant();
        try {
            db.updateItem(r -> r.tableName(table).key(key(account, region))
                    .updateExpression("SET leaseBy = :me, leaseUntil = :until, expiresAt = :expires")
                    .conditionExpression("attribute_not_exists(leaseUntil) OR leaseUntil < :now")
                    .expressionAttributeValues(Map.of(":me", s(me), ":until", s(now.plus(LEASE).toString()),
                            ":now", s(now.toString()), ":expires", n(now.plus(Duration.ofDays(1)).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    private boolean releaseLease(String account, String region, String me) {
        try {
            db.updateItem(r -> r.tableName(table).key(key(account, region))
                    .updateExpression("REMOVE leaseBy, leaseUntil")
                    .conditionExpression("leaseBy = :me")
                    .expressionAttributeValues(Map.of(":me", s(me))));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        }
    }

    /** Stores the snapshot and ends the lease (the item is replaced whole). */
    private void write(RegionSnapshot snapshot) {
        Map<String, AttributeValue> item = new HashMap<>(key(snapshot.account(), snapshot.region()));
        item.put("takenAt", s(snapshot.takenAt().toString()));
        item.put("byol", AttributeValue.fromBool(snapshot.byolEnabled()));
        item.put("images", s(Json.write(imagesJson(snapshot.images()))));
        snapshot.appliedImageQuota().ifPresent(quota -> item.put("imageQuota", n(quota)));
        item.put("expiresAt", n(snapshot.takenAt().plus(Duration.ofDays(1)).getEpochSecond()));
        db.putItem(r -> r.tableName(table).item(item));
    }

    private static List<Object> imagesJson(List<RegionSnapshot.Image> images) {
        List<Object> list = new ArrayList<>();
        for (RegionSnapshot.Image i : images) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", i.imageId());
            m.put("name", i.name());
            m.put("state", i.state());
            m.put("tagsRead", i.tagsRead());
            i.sourceImageId().ifPresent(src -> m.put("source", src));
            m.put("job", i.jobId());
            list.add(m);
        }
        return list;
    }

    @SuppressWarnings("unchecked")
    private static List<RegionSnapshot.Image> images(String json) {
        List<RegionSnapshot.Image> images = new ArrayList<>();
        for (Object o : (List<Object>) Json.parse(json)) {
            Map<String, Object> m = (Map<String, Object>) o;
            images.add(new RegionSnapshot.Image((String) m.get("id"), (String) m.get("name"), (String) m.get("state"),
                    Boolean.TRUE.equals(m.get("tagsRead")), Optional.ofNullable((String) m.get("source")),
                    (String) m.getOrDefault("job", "")));
        }
        return images;
    }

    private static Map<String, AttributeValue> key(String account, String region) {
        return Map.of("pk", s("SNAPSHOT#" + account + "#" + region), "sk", s("SNAPSHOT"));
    }

    private static <T> T quietly(Supplier<T> call, T fallback) {
        try {
            return call.get();
        } catch (SdkException | IllegalStateException e) {
            return fallback; // the cache is an optimisation: without it, the validation reads WorkSpaces itself
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(WAIT_STEP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.github.wsicopy.core.TransientFailure("interrupted while waiting for a Region snapshot");
        }
    }
}
