package io.github.wsicopy.core.budget;

import io.github.wsicopy.core.budget.Gcra.Decision;
import io.github.wsicopy.core.budget.Gcra.Refuse;
import io.github.wsicopy.core.budget.Gcra.Take;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The WorkSpaces call budget of one (account, Region), shared by every function of the stack through one item of
 * the jobs table ({@code BUDGET#<account>#<region>} / {@code BUDGET}), so that all concurrent jobs together stay
 * within the API's rate and burst, where each invocation pacing itself alone would overrun it.
 *
 * <p>The item holds the GCRA's {@code tat} ({@link Gcra}) in epoch millis. A call costs one conditional UpdateItem:
 * <ul>
 * <li>busy bucket: {@code SET tat = tat + interval} if {@code now <= tat <= latest} (the slot is within the caller's
 * patience); the new tat tells when the call may start;</li>
 * <li>idle bucket: {@code SET tat = now + interval} if the item has no tat or it has passed: start now.</li>
 * </ul>
 * Which branch to try first is guessed from the tat this environment last saw; a failed condition returns the item
 * as it is ({@code ReturnValuesOnConditionCheckFailure}), which says whether to try the other branch (a race lost) or
 * to refuse (the next slot is too far off; nothing is reserved, so a refusal uses up no budget).
 *
 * <p>The time is wall-clock time, never a test's virtual clock: the service's limit is real time. A budget that
 * cannot reach its item (DynamoDB unavailable, access denied) must not fail a job: it paces this environment's
 * calls alone, at the same rate, logs a warning, and tries the table again a minute later.
 */
public final class RateBudget {
    /** After a failure to reach the table, calls are paced locally for this long before the table is tried again. */
    static final long TABLE_PAUSE_MILLIS = 60_000;
    /** Races lost in a row before one call gives up on the table (never seen but under heavy contention). */
    private static final int MAX_RACES = 6;

    /** When a call may go, or how long it would have to wait. */
    public sealed interface Grant {}

    /** Start the call at {@code atMillis} (wall clock, epoch millis); its slot is reserved. */
    public record Go(long atMillis) implements Grant {}

    /** Nothing reserved: the next slot is {@code waitMillis} away, beyond the caller's patience. */
    public record Later(long waitMillis) implements Grant {}

    private final DynamoDbClient dynamo;
    private final String table;
    private final Gcra gcra;
    private final LongSupplier wallClock;
    private final Consumer<String> warn;
    /** The tat this environment last saw per bucket: picks the branch likely to succeed first. */
    private final ConcurrentMap<String, Long> lastSeen = new ConcurrentHashMap<>();
    /** The fallback: this environment's own buckets, used while the table cannot be reached. */
    private final Map<String, Long> localTats = new HashMap<>();
    private volatile long tableUnusableUntil = Long.MIN_VALUE;

    /**
     * @param wallClock epoch millis (System::currentTimeMillis in Lambda); injectable for tests
     * @param warn      where the fallback's warning goes
     */
    public RateBudget(DynamoDbClient dynamo, String table, Gcra gcra, LongSupplier wallClock, Consumer<String> warn) {
        this.dynamo = dynamo;
        this.table = table;
        this.gcra = gcra;
        this.wallClock = wallClock;
        this.warn = warn;
    }

    public long now() {
        return wallClock.getAsLong();
    }

    public static String partitionKey(String account, String region) {
        return "BUDGET#" + account + "#" + region;
    }

    public static final String SORT_KEY = "BUDGET";

    /**
     * Reserves the next call's slot in the (account, Region) budget if it starts within {@code maxWaitMillis};
     * otherwise reserves nothing and says how long the wait would be.
     */
    public Grant reserve(String account, String region, long maxWaitMillis) {
        String pk = partitionKey(account, region);
        long now = now();
        if (now >= tableUnusableUntil) {
            try {
                return shared(pk, now, Math.max(0, maxWaitMillis));
            } catch (SdkException | TableAnswerUnreadable e) {
                tableUnusableUntil = now() + TABLE_PAUSE_MILLIS;
                warn.accept("the shared WorkSpaces call budget of " + account + " in " + region + " is unreachable ("
                        + e.getMessage() + "); this function paces its own calls for the next "
                        + TABLE_PAUSE_MILLIS / 1000 + " s, so calls of other functions may be throttled and retried");
            }
        }
        return local(pk, now(), Math.max(0, maxWaitMillis));
    }

    private Grant shared(String pk, long now, long maxWait) {
        Long seen = lastSeen.get(pk);
        if (seen != null && seen > gcra.latestTat(now, maxWait)) {
            // Booked beyond our patience when last seen, and a busy budget's TAT only grows (it is reset only once it
            // has passed): refused without a write, which under contention would cost a write unit only to be refused.
            return refusal(seen, now);
        }
        boolean tryIdle = gcra.idle(lastSeen.getOrDefault(pk, Long.MIN_VALUE), now);
        for (int race = 0; race < MAX_RACES; race++) {
            if (tryIdle) {
                long next = gcra.next(Long.MIN_VALUE, now);
                try {
                    update(pk, "SET #tat = :next, #exp = :exp", "attribute_not_exists(#tat) OR #tat < :now",
                            Map.of(":next", n(next), ":exp", n(Gcra.expiresAt(next)), ":now", n(now)), ReturnValue.NONE);
                    lastSeen.put(pk, next);
                    return new Go(gcra.startAt(next, now));
                } catch (ConditionalCheckFailedException e) {
                    long stored = storedTat(e);
                    lastSeen.put(pk, stored);
                    // Someone else woke the bucket first: it is busy now, unless the slot is beyond our patience.
                    if (stored > gcra.latestTat(now, maxWait)) {
                        return refusal(stored, now);
                    }
                    tryIdle = false;
                }
            } else {
                long latest = gcra.latestTat(now, maxWait);
                try {
                    UpdateItemResponse answer = update(pk, "SET #tat = #tat + :interval, #exp = :exp",
                            "#tat BETWEEN :now AND :latest",
                            Map.of(":interval", n(gcra.intervalMillis()), ":now", n(now), ":latest", n(latest),
                                    ":exp", n(Gcra.expiresAt(latest + gcra.intervalMillis()))),
                            ReturnValue.UPDATED_NEW);
                    long next = tatOf(answer.attributes());
                    lastSeen.put(pk, next);
                    return new Go(gcra.startAt(next, now));
                } catch (ConditionalCheckFailedException e) {
                    long stored = storedTat(e);
                    lastSeen.put(pk, stored);
                    if (stored > latest) {
                        return refusal(stored, now);
                    }
                    tryIdle = true; // it went idle (or vanished) since we last looked
                }
            }
            now = now();
        }
        throw new TableAnswerUnreadable("the budget item changed under " + MAX_RACES + " attempts in a row");
    }

    private Grant refusal(long stored, long now) {
        return new Later(gcra.startAt(gcra.next(stored, now), now) - now);
    }

    private synchronized Grant local(String pk, long now, long maxWait) {
        Decision decision = gcra.decide(localTats.getOrDefault(pk, Long.MIN_VALUE), now, maxWait);
        if (decision instanceof Take take) {
            localTats.put(pk, take.tat());
            return new Go(take.startAt());
        }
        return new Later(((Refuse) decision).waitMillis());
    }

    private UpdateItemResponse update(String pk, String update, String condition, Map<String, AttributeValue> values,
            ReturnValue returnValues) {
        return dynamo.updateItem(UpdateItemRequest.builder()
                .tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(SORT_KEY)))
                .updateExpression(update)
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#tat", "tat", "#exp", "expiresAt"))
                .expressionAttributeValues(values)
                .returnValues(returnValues)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build());
    }

    /** The tat in the item a failed condition returned; none (the item vanished) reads as idle. */
    private static long storedTat(ConditionalCheckFailedException e) {
        return e.hasItem() && e.item().containsKey("tat") ? tatOf(e.item()) : Long.MIN_VALUE;
    }

    private static long tatOf(Map<String, AttributeValue> item) {
        AttributeValue tat = item == null ? null : item.get("tat");
        if (tat == null || tat.n() == null) {
            throw new TableAnswerUnreadable("the budget item has no tat");
        }
        try {
            return Long.parseLong(tat.n());
        } catch (NumberFormatException e) {
            throw new TableAnswerUnreadable("the budget item's tat is not a whole number: " + tat.n());
        }
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** The table answered, but not as a budget item should look: treated like an unreachable table. */
    static final class TableAnswerUnreadable extends RuntimeException {
        TableAnswerUnreadable(String message) {
            super(message);
        }
    }
}
