package io.github.wsicopy.core.accounts;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.store.TaskKeys;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/**
 * Shares a source image with a target account once, and unshares it when nothing needs it any more, correctly under
 * concurrent jobs of the whole stack. One item per (source Region, image, target account) in the jobs table
 * ({@link TaskKeys#sharePk}, {@link TaskKeys#shareSk}) holds the <em>holders</em>: who needs the share now, one per
 * (job, destination Region) of that account ({@link #holder}).
 *
 * <pre>
 *   (none) ──acquire──► SHARING ──UpdateWorkspaceImagePermission(true)──► SHARED ──last release──► UNSHARING
 *                                                                            │       ──(false)──► (none)
 *                                                                            └ last release, keep ──► (none)
 * </pre>
 *
 * <ul>
 * <li>Every move is a conditional write on the state and the item's {@code version}: of two actors, one wins and the
 * other reads again. SHARING and UNSHARING carry an {@code actor} and a lease; a crash there is finished by the next
 * actor once the lease has run out (the permission call is idempotent), or at once by the same holder's retry.</li>
 * <li>{@link #acquire}: adds the holder; shares when the item is new. Meeting UNSHARING (or another actor's SHARING
 * within its lease) it answers {@link ComeBackLater}, not an error.</li>
 * <li>{@link #release}: removes the holder; the last one out moves SHARED → UNSHARING, unshares, and deletes the item.
 * With {@code unshareAfterCopy} false the release marks the item {@code keepShared}: then the last release leaves the image
 * shared (whichever job releases last), and the item goes.</li>
 * <li>Calls go through the source account's {@link WorkSpacesGateway} (its rate budget, throttling retried there).
 * A share WorkSpaces refuses (BYOL rules, image gone, access denied) gives the holder back: {@link Refused}.</li>
 * </ul>
 *
 * <p>For the integrator: acquire before a target account's first copy from the image (the copy step of each
 * (account, Region)), release when that (account, Region)'s tasks of the job are final, and release every holder of a
 * job that ends otherwise (cancelled, failed), so no share outlives its jobs. A target that is the source's own
 * account needs no share: {@link #acquire} answers {@link Shared} without a write.
 */
public final class ImageShares {
    /** How long a SHARING or UNSHARING actor is trusted to finish before another takes over. */
    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(2);
    /** When a caller that met a throttled or unanswered permission call should come back. */
    static final Duration RETRY_AFTER_TROUBLE = Duration.ofSeconds(10);
    private static final int MAX_RACES = 8;

    static final String SHARING = "SHARING";
    static final String SHARED = "SHARED";
    static final String UNSHARING = "UNSHARING";

    /** An image of the source account, and the account it is shared with. */
    public record Share(String sourceRegion, String imageId, String account) {}

    /** What acquire did. */
    public sealed interface Acquired permits Shared, ComeBackLater, Refused {}

    /** What release did. */
    public sealed interface Released permits StillNeeded, LeftShared, Unshared, NotHeld, UnshareFailed, ComeBackLater {}

    /** The account may copy the image; the holder is recorded. */
    public record Shared() implements Acquired {}

    /** Someone else is sharing or unsharing it, or WorkSpaces was busy: call again after {@code after}. */
    public record ComeBackLater(Duration after, String why, boolean sourceBusy) implements Acquired, Released {
        /** Someone else is sharing or unsharing: nothing to do with the source's budget. */
        ComeBackLater(Duration after, String why) {
            this(after, why, false);
        }

        /** WorkSpaces in the source was busy (its budget booked, throttling): try again in the next round. */
        static ComeBackLater sourceBusy(String why) {
            return new ComeBackLater(RETRY_AFTER_TROUBLE, why, true);
        }
    }

    /** WorkSpaces refused the share (e.g. a BYOL image outside its organization); nothing is held. */
    public record Refused(WorkSpacesError error) implements Acquired {}

    /** Other holders still need the share. */
    public record StillNeeded() implements Released {}

    /** The last holder left and the image stays shared: a release asked so ({@code unshareAfterCopy} false). */
    public record LeftShared() implements Released {}

    /** The last holder left and the share was removed. */
    public record Unshared() implements Released {}

    /** The holder held nothing (released before, or never acquired). */
    public record NotHeld() implements Released {}

    /** WorkSpaces refused the unshare: the image stays shared with the account (the item is gone). */
    public record UnshareFailed(WorkSpacesError error) implements Released {}

    /** The item as stored. */
    public record Record(String state, Set<String> holders, boolean keep, Optional<String> actor, long leaseUntil,
            long version) {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final WorkSpacesGateway source;
    private final Clock clock;
    private final Duration lease;

    /**
     * @param source the gateway of the images' owner (the stack's account): shares are made from there
     * @param clock  for the leases (the handler's clock)
     */
    public ImageShares(DynamoDbClient dynamo, String table, WorkSpacesGateway source, Clock clock, Duration lease) {
        this.dynamo = dynamo;
        this.table = table;
        this.source = source;
        this.clock = clock;
        this.lease = lease;
    }

    /** With the lease of SHARE_LEASE_SECONDS (default {@link #DEFAULT_LEASE}). */
    public static ImageShares of(Components c) {
        return new ImageShares(c.store().dynamo(), c.settings().tableName(), c.workspaces(), c.clock(),
                Duration.ofSeconds(c.settings().shareLeaseSeconds()));
    }

    /** A holder: one (job, destination Region) that copies the image into the share's account. */
    public static String holder(String jobId, String region) {
        return jobId + "#" + region;
    }

    /** Shares the image with the account unless it already is, and records {@code holder} as needing it. */
    public Acquired acquire(Share share, String holder) {
        if (share.account().equals(source.account())) {
            return new Shared();
        }
        for (int race = 0; race < MAX_RACES; race++) {
            Optional<Record> found = read(share);
            long now = clock.millis();
            if (found.isEmpty()) {
                try {
                    Map<String, AttributeValue> item = new HashMap<>(key(share));
                    item.put("state", s(SHARING));
                    item.put("holders", ss(holder));
                    item.put("actor", s(holder));
                    item.put("leaseUntil", n(now + lease.toMillis()));
                    // Starts at the clock, not 1: an item made again after one was deleted never repeats a version
                    // an actor of the old one may still hold (no ABA).
                    item.put("version", n(now));
                    item.put("sourceRegion", s(share.sourceRegion()));
                    item.put("imageId", s(share.imageId()));
                    item.put("account", s(share.account()));
                    dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
                } catch (ConditionalCheckFailedException e) {
                    continue;
                }
                return share(share, holder, now);
            }
            Record record = found.get();
            try {
                switch (record.state()) {
                    case SHARED -> {
                        update(share, "ADD holders :h", "#state = :shared",
                                Map.of(":h", ss(holder), ":shared", s(SHARED)));
                        return new Shared();
                    }
                    case SHARING -> {
                        if (record.actor().filter(holder::equals).isPresent() || record.leaseUntil() <= now) {
                            takeOver(share, record, holder, now, "ADD holders :h");
                            return share(share, holder, record.version() + 1);
                        }
                        update(share, "ADD holders :h", "#state = :sharing",
                                Map.of(":h", ss(holder), ":sharing", s(SHARING)));
                        return new ComeBackLater(Duration.ofMillis(record.leaseUntil() - now),
                                share.imageId() + " is being shared with account " + share.account() + " by another step");
                    }
                    default -> {
                        if (record.actor().filter(holder::equals).isPresent() || record.leaseUntil() <= now) {
                            takeOver(share, record, holder, now, null);
                            if (unshare(share, record.version() + 1) instanceof ComeBackLater later) {
                                return later;
                            }
                            continue;
                        }
                        return new ComeBackLater(Duration.ofMillis(record.leaseUntil() - now), "the share of "
                                + share.imageId() + " with account " + share.account() + " is being removed by a job"
                                + " that no longer needs it; it is shared again once that is done");
                    }
                }
            } catch (ConditionalCheckFailedException e) {
                // someone moved it: read again
            }
        }
        throw contention(share);
    }

    /**
     * Removes {@code holder}; the last holder out unshares (unless a release said {@code unshareAfterCopy} false).
     * Releasing again what is released is {@link NotHeld}.
     */
    public Released release(Share share, String holder, boolean unshareAfterCopy) {
        if (share.account().equals(source.account())) {
            return new NotHeld();
        }
        for (int race = 0; race < MAX_RACES; race++) {
            Optional<Record> found = read(share);
            if (found.isEmpty()) {
                return new NotHeld();
            }
            Record record = found.get();
            long now = clock.millis();
            try {
                if (UNSHARING.equals(record.state())) {
                    if (record.actor().filter(holder::equals).isPresent() || record.leaseUntil() <= now) {
                        takeOver(share, record, holder, now, null);
                        return unshare(share, record.version() + 1);
                    }
                    return new NotHeld();
                }
                boolean held = record.holders().contains(holder);
                if (held) {
                    Map<String, AttributeValue> values = new HashMap<>(Map.of(":h", ss(holder), ":one", s(holder), ":v", n(record.version())));
                    if (!unshareAfterCopy) {
                        values.put(":true", AttributeValue.fromBool(true));
                    }
                    String set = unshareAfterCopy ? "DELETE holders :h" : "SET keepShared = :true DELETE holders :h";
                    record = toRecord(dynamo.updateItem(r -> r.tableName(table).key(key(share))
                            .updateExpression(set).conditionExpression("contains(holders, :one) AND version = :v")
                            .expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes());
                }
                if (!record.holders().isEmpty()) {
                    return held ? new StillNeeded() : new NotHeld();
                }
                if (SHARING.equals(record.state()) && record.leaseUntil() > now) {
                    // Its sharer is at work: it finds no holders when it records SHARED, and retires the share.
                    return held ? new StillNeeded() : new NotHeld();
                }
                Released retired = retire(share, record, holder, now);
                return held || !(retired instanceof NotHeld) ? retired : new NotHeld();
            } catch (ConditionalCheckFailedException e) {
                // someone moved it: read again
            }
        }
        throw contention(share);
    }

    /**
     * Everything a job still holds, released: its (Region) holders of every share of these images, whatever the
     * target account. The copy step of each target releases its own when the target ends; this sweeps up after a job
     * that ended otherwise (cancelled, failed, a step that never ran). One Query per image. Returns how many holders
     * were released.
     */
    public int releaseJob(String jobId, String sourceRegion, java.util.Collection<String> imageIds,
            boolean unshareAfterCopy) {
        int released = 0;
        String prefix = jobId + "#";
        for (String imageId : new java.util.LinkedHashSet<>(imageIds)) {

            Map<String, AttributeValue> start = null;
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamo.query(r -> r.tableName(table).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(TaskKeys.sharePk(sourceRegion, imageId))))
                        .exclusiveStartKey(from));
                for (Map<String, AttributeValue> item : page.items()) {
                    if (io.github.wsicopy.core.workspaces.CallDeadline.passed()) {
                        // Hundreds of unshares at the source's 2 calls/s outlast one invocation: what is released
                        // stays released, and the step's retry sweeps the rest.
                        throw new io.github.wsicopy.core.TransientFailure("released " + released + " share holder(s) of"
                                + " job " + jobId + " before this invocation's time ran out; the rest are released"
                                + " when it is retried");
                    }
                    String sk = item.containsKey("sk") ? item.get("sk").s() : "";
                    if (!sk.startsWith(TaskKeys.shareSk("")) || !item.containsKey("version")) {
                        continue; // not a share item
                    }
                    String account = sk.substring(TaskKeys.shareSk("").length());
                    Share share = new Share(sourceRegion, imageId, account);
                    Record record = toRecord(item);
                    for (String holder : record.holders()) {
                        if (holder.startsWith(prefix) && settled(release(share, holder, unshareAfterCopy), share)) {
                            released++;
                        }
                    }
                    // An unshare its actor never finished (it stopped, or WorkSpaces was busy and its step gave up):
                    // finished here at once when the actor was this job's (whose steps have all ended when it is
                    // swept), else once its lease has run out, whoever's job it was.
                    if (UNSHARING.equals(record.state()) && record.holders().isEmpty()) {
                        Optional<String> ours = record.actor().filter(actor -> actor.startsWith(prefix));
                        if ((ours.isPresent() || record.leaseUntil() <= clock.millis())
                                && settled(release(share, ours.orElse(prefix + "sweep"), unshareAfterCopy), share)) {
                            released++;
                        }
                    }
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        }
        return released;
    }

    /** Whether a release is done with; one WorkSpaces was too busy for is retried by the caller's step. */
    private static boolean settled(Released released, Share share) {
        if (released instanceof ComeBackLater later) {
            throw new io.github.wsicopy.core.TransientFailure("the share of " + share.imageId() + " with account "
                    + share.account() + " could not be given back yet: " + later.why());
        }
        return !(released instanceof NotHeld);
    }

    /** The share's item, if any (consistent read). */
    public Optional<Record> read(Share share) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(share)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toRecord(item));
    }

    // ---- the moves ----

    /** SHARING (this actor holds the lease at {@code version}): the permission call, then SHARED. */
    private Acquired share(Share share, String holder, long version) {
        try {
            source.updateImagePermission(share.sourceRegion(), share.imageId(), share.account(), true);
        } catch (WorkSpacesError e) {
            if (passing(e)) {
                // Left SHARING with this holder as actor: its next call resumes at once, anyone else after the lease.
                return ComeBackLater.sourceBusy("WorkSpaces in " + share.sourceRegion() + " was busy"
                        + " sharing " + share.imageId() + " with account " + share.account() + " (" + e.describe() + ")");
            }
            giveBack(share, holder, version);
            return new Refused(e);
        }
        Record shared;
        try {
            shared = toRecord(dynamo.updateItem(r -> r.tableName(table).key(key(share))
                    .updateExpression("SET #state = :shared, version = :next REMOVE actor, leaseUntil")
                    .conditionExpression("#state = :sharing AND version = :v")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":shared", s(SHARED), ":sharing", s(SHARING),
                            ":v", n(version), ":next", n(version + 1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException e) {
            // Our lease ran out and another actor took over; it finishes (the call is idempotent). Ask again.
            return acquire(share, holder);
        }
        if (shared.holders().isEmpty()) {
            // Every holder left while it was being shared: retire it as the last release would have.
            try {
                retire(share, shared, holder, clock.millis());
            } catch (ConditionalCheckFailedException e) {
                // someone acquired or retired it meanwhile
            }
        }
        return new Shared();
    }

    /** A refused share: this holder's claim is taken back; with no holder left the item goes. */
    private void giveBack(Share share, String holder, long version) {
        try {
            Record left = toRecord(dynamo.updateItem(r -> r.tableName(table).key(key(share))
                    .updateExpression("DELETE holders :h SET leaseUntil = :zero REMOVE actor")
                    .conditionExpression("#state = :sharing AND version = :v")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":h", ss(holder), ":zero", n(0), ":sharing", s(SHARING),
                            ":v", n(version)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
            if (left.holders().isEmpty()) {
                dynamo.deleteItem(r -> r.tableName(table).key(key(share))
                        .conditionExpression("version = :v AND attribute_not_exists(holders)")
                        .expressionAttributeValues(Map.of(":v", n(version))));
            }
        } catch (ConditionalCheckFailedException e) {
            // Another actor took over: the holders left are its business.
        }
    }

    /** No holder left: delete the item leaving the image shared (keep), or unshare first. */
    private Released retire(Share share, Record record, String holder, long now) {
        if (record.keep()) {
            dynamo.deleteItem(r -> r.tableName(table).key(key(share))
                    .conditionExpression("version = :v AND attribute_not_exists(holders)")
                    .expressionAttributeValues(Map.of(":v", n(record.version()))));
            return new LeftShared();
        }
        takeOver(share, record, holder, now, null, UNSHARING, "attribute_not_exists(holders)");
        return unshare(share, record.version() + 1);
    }

    /** UNSHARING (this actor holds the lease at {@code version}): the permission call, then the item goes. */
    private Released unshare(Share share, long version) {
        try {
            source.updateImagePermission(share.sourceRegion(), share.imageId(), share.account(), false);
        } catch (WorkSpacesError e) {
            if (passing(e)) {
                return ComeBackLater.sourceBusy("WorkSpaces in " + share.sourceRegion() + " was busy"
                        + " removing the share of " + share.imageId() + " with account " + share.account() + " ("
                        + e.describe() + ")");
            }
            if (e.kind() != WorkSpacesError.Kind.NOT_FOUND) {
                delete(share, version);
                return new UnshareFailed(e);
            }
            // The image is gone, and its share with it.
        }
        delete(share, version);
        return new Unshared();
    }

    private void delete(Share share, long version) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(key(share)).conditionExpression("version = :v")
                    .expressionAttributeValues(Map.of(":v", n(version))));
        } catch (ConditionalCheckFailedException e) {
            // Another actor took over after our lease and finishes it.
        }
    }

    /** Takes the lease of an item in its current state (a crashed or this holder's earlier actor). */
    private void takeOver(Share share, Record record, String holder, long now, String alsoAdd) {
        takeOver(share, record, holder, now, alsoAdd, record.state(), null);
    }

    /** Moves the item at its version to {@code state} with this actor and a fresh lease. */
    private void takeOver(Share share, Record record, String holder, long now, String alsoAdd, String state,
            String alsoCondition) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":state", s(state), ":actor", s(holder),
                ":lease", n(now + lease.toMillis()), ":v", n(record.version()), ":next", n(record.version() + 1)));
        if (alsoAdd != null) {
            values.put(":h", ss(holder));
        }
        String update = "SET #state = :state, actor = :actor, leaseUntil = :lease, version = :next"
                + (alsoAdd == null ? "" : " " + alsoAdd);
        String condition = "version = :v" + (alsoCondition == null ? "" : " AND " + alsoCondition);
        dynamo.updateItem(r -> r.tableName(table).key(key(share)).updateExpression(update)
                .conditionExpression(condition).expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values));
    }

    private void update(Share share, String update, String condition, Map<String, AttributeValue> values) {
        dynamo.updateItem(r -> r.tableName(table).key(key(share)).updateExpression(update)
                .conditionExpression(condition).expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values));
    }

    /** Throttled, unanswered, briefly unavailable: nothing to give up for, the same call will do. */
    private static boolean passing(WorkSpacesError e) {
        return switch (e.kind()) {
            case THROTTLED, UNKNOWN_OUTCOME, UNAVAILABLE -> true;
            default -> false;
        };
    }

    private static TransientFailure contention(Share share) {
        return new TransientFailure("the share of " + share.imageId() + " with account " + share.account()
                + " kept changing under concurrent jobs; the step is retried");
    }

    // ---- the item ----

    private static Map<String, AttributeValue> key(Share share) {
        return Map.of("pk", s(TaskKeys.sharePk(share.sourceRegion(), share.imageId())),
                "sk", s(TaskKeys.shareSk(share.account())));
    }

    private static Record toRecord(Map<String, AttributeValue> item) {
        return new Record(item.get("state").s(),
                item.containsKey("holders") ? Set.copyOf(item.get("holders").ss()) : Set.of(),
                item.containsKey("keepShared") && Boolean.TRUE.equals(item.get("keepShared").bool()),
                Optional.ofNullable(item.get("actor")).map(AttributeValue::s),
                item.containsKey("leaseUntil") ? Long.parseLong(item.get("leaseUntil").n()) : 0,
                Long.parseLong(item.get("version").n()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue ss(String value) {
        return AttributeValue.fromSs(List.of(value));
    }
}
