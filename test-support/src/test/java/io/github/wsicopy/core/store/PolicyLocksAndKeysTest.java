package io.github.wsicopy.core.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.testing.LocalDynamo;
import io.github.wsicopy.local.MutableClock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** POLICY# locks and IDEMPOTENCY# keys on DynamoDB Local. */
class PolicyLocksAndKeysTest {
    private final MutableClock clock = new MutableClock();
    private final String table = LocalDynamo.newTable();
    private final PolicyLocks locks = new PolicyLocks(LocalDynamo.client(), table, clock);
    private final IdempotencyKeys keys = new IdempotencyKeys(LocalDynamo.client(), table, clock);

    @Test
    void aPolicyHasOneActiveRunUntilItReleasesTheLock() {
        assertInstanceOf(PolicyLocks.Acquired.class, locks.acquire("nightly", "run-1", job -> true));
        assertInstanceOf(PolicyLocks.Acquired.class, locks.acquire("nightly", "run-1", job -> true), "a retried step");
        assertEquals(new PolicyLocks.HeldBy("run-1"), locks.acquire("nightly", "run-2", job -> true));
        assertInstanceOf(PolicyLocks.Acquired.class, locks.acquire("other-policy", "run-3", job -> true));

        assertFalse(locks.release("nightly", "run-2"), "only the holder releases");
        assertTrue(locks.release("nightly", "run-1"));
        assertInstanceOf(PolicyLocks.Acquired.class, locks.acquire("nightly", "run-2", job -> true));
        assertEquals(Optional.of("run-2"), locks.holder("nightly"));
    }

    @Test
    void aLockHeldByAnEndedRunIsTakenOver() {
        locks.acquire("nightly", "run-1", job -> true);

        assertInstanceOf(PolicyLocks.Acquired.class, locks.acquire("nightly", "run-2", job -> !job.equals("run-1")));
        assertEquals(Optional.of("run-2"), locks.holder("nightly"));
    }

    @Test
    void theFirstClaimOfAKeyWinsAndLaterOnesReadIt() {
        Instant expires = clock.instant().plusSeconds(3600);
        IdempotencyKeys.Claim first = keys.claim("k1", "job-a", "hash-1", expires);
        IdempotencyKeys.Claim second = keys.claim("k1", "job-b", "hash-2", expires);

        assertEquals(new IdempotencyKeys.Claim("job-a", "hash-1", true), first);
        assertEquals(new IdempotencyKeys.Claim("job-a", "hash-1", false), second);
        assertEquals("job-c", keys.claim("k2", "job-c", "hash-1", expires).jobId());
    }

    @Test
    void aStoredJobKeepsItsOriginAndANote() {
        JobStore store = new JobStore(LocalDynamo.client(), table, clock);
        store.createJob("scheduled", "{}", clock.instant().plusSeconds(60), new JobOrigin.Scheduled("nightly"));
        store.createJob("retry", "{}", clock.instant().plusSeconds(60), new JobOrigin.Retry("scheduled"));
        store.moveJob("scheduled", Set.of(JobState.SUBMITTED), JobState.VALIDATING);
        store.endJob("scheduled", Set.of(JobState.VALIDATING), JobState.SUCCEEDED, "nothing to copy", clock.instant());

        Job scheduled = store.job("scheduled").orElseThrow();
        assertEquals(new JobOrigin.Scheduled("nightly"), scheduled.origin());
        assertEquals(Optional.of("nothing to copy"), scheduled.note());
        assertEquals(JobState.SUCCEEDED, scheduled.state());
        assertEquals(new JobOrigin.Retry("scheduled"), store.job("retry").orElseThrow().origin());
        assertEquals(JobOrigin.REQUESTED, store.createJob("plain", "{}", clock.instant()).origin());
    }
}
