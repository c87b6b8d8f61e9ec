package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.store.TaskState;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a task does with its (account, Region, source image) pair, given what the replica ledger holds: claim it
 * and copy, follow the copy another job made or is making, or wait while another job is starting one. Pure, but
 * for the holder's task state, asked only when a claim's lease has run out.
 */
sealed interface PairDecision {

    /** The pair is free (no record, no copy, our own claim, an ERROR copy, an abandoned claim): claim it. */
    record Claim(Optional<Replica> seen) implements PairDecision {
        /** The copy of ours in ERROR that the claimer deletes before copying again. */
        Optional<String> errorCopy() {
            return seen.filter(r -> r.state() == io.github.wsicopy.core.model.ReplicaState.ERROR)
                    .flatMap(Replica::imageId);
        }
    }

    /** A copy exists (PENDING or AVAILABLE): follow it to its end instead of making another. */
    record Follow(Replica copy) implements PairDecision {}

    /** Another job has claimed the pair and is starting its copy: look again on the next round. */
    record Wait(Replica holder) implements PairDecision {}

    /**
     * @param holderTask the state of the task that holds a claim (empty when that task no longer exists)
     */
    static PairDecision decide(Optional<Replica> seen, String jobId, Instant now,
            Function<Replica, Optional<TaskState>> holderTask) {
        if (seen.isEmpty()) {
            return new Claim(seen);
        }
        Replica replica = seen.get();
        return switch (replica.state()) {
            // RETIRED: planned only when the request lists the pair in pairs, which asks for the copy again.
            case DELETED, ERROR, RETIRED -> new Claim(seen);
            case PENDING, AVAILABLE -> replica.imageId().isPresent() ? new Follow(replica) : new Claim(seen);
            case CLAIMED -> {
                if (replica.jobId().equals(jobId)) {
                    yield new Claim(seen); // our own claim, given back without the release reaching the ledger
                }
                if (replica.claimLive(now)) {
                    yield new Wait(replica);
                }
                // The lease ran out. A claimer still STARTING may yet find the copy it made (its answer was lost),
                // so only a claim whose task has moved on (or is gone) is taken over.
                Optional<TaskState> state = holderTask.apply(replica);
                yield state.isPresent() && state.get() == TaskState.STARTING ? new Wait(replica) : new Claim(seen);
            }
        };
    }
}
