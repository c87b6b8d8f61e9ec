package io.github.wsicopy.core.model;

import java.time.Instant;
import java.util.Optional;

/**
 * The one copy of a source image in one (account, destination Region): the replica ledger's record, or one
 * rebuilt from what WorkSpaces reports (system tags) for copies made before the ledger or by hand.
 *
 * @param jobId        the job that claimed the pair or made the copy ("" for a copy rebuilt from WorkSpaces
 *                     whose tags name no job)
 * @param taskKey      the sort key of that job's task, so another job can tell whether its claimer is alive
 * @param imageName    the copy's name (planned at claim time, reported once it exists)
 * @param claimedUntil end of a CLAIMED record's lease; after it another job may take the pair over, but only
 *                     once the claiming task has stopped starting
 * @param version      bumped on every write: each change is conditional on the version its writer read
 */
public record Replica(
        String account,
        String region,
        String sourceImageId,
        String sourceRegion,
        ReplicaState state,
        String jobId,
        String taskKey,
        Optional<String> imageId,
        Optional<String> imageName,
        Optional<Instant> claimedUntil,
        Optional<String> errorCode,
        Optional<String> errorMessage,
        long version,
        Instant updatedAt) {

    /** A copy WorkSpaces reports in the destination, with our system tags, that the ledger has no record of. */
    public static Replica rebuilt(String account, String region, String sourceImageId, String sourceRegion,
            SourceImage copy, String jobId, Instant now) {
        return new Replica(account, region, sourceImageId, sourceRegion, ReplicaState.ofImageState(copy.state()),
                jobId, "", Optional.of(copy.imageId()), Optional.ofNullable(copy.name()), Optional.empty(),
                Optional.empty(), Optional.empty(), 0, now);
    }

    /** True while a claim's lease runs. */
    public boolean claimLive(Instant now) {
        return state == ReplicaState.CLAIMED && claimedUntil.map(now::isBefore).orElse(false);
    }

    /** A copy exists or is about to: another job follows it rather than copying again. */
    public boolean holdsThePair() {
        return state == ReplicaState.CLAIMED || state == ReplicaState.PENDING || state == ReplicaState.AVAILABLE;
    }

    /** "wsi-123 (win11-hr)" or what is known of it. */
    public String describeCopy() {
        String id = imageId.orElse("a copy not yet started");
        return imageName.map(n -> id + " (\"" + n + "\")").orElse(id);
    }
}
