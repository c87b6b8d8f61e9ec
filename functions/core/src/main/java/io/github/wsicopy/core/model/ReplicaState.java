package io.github.wsicopy.core.model;

/**
 * Where the copy of one source image in one (account, Region) stands, as the replica ledger records it.
 * CLAIMED: a job holds the pair and is about to call CopyWorkspaceImage (no image id yet); PENDING: the copy
 * exists and WorkSpaces is still making it; AVAILABLE: the pair is replicated; ERROR: the copy failed in
 * WorkSpaces and is not a replica (ours is deleted and the pair copied again); DELETED: there is no copy;
 * RETIRED: retention ({@code retain.keepLatest}) deleted the copy on purpose, so validation skips the pair
 * (RETIRED_BY_RETENTION) instead of copying an old version again. The record names the retiring job ({@code jobId}),
 * the deleted copy ({@code imageId}) and when ({@code updatedAt}); a request that lists the pair in {@code pairs}
 * copies it again.
 */
public enum ReplicaState {
    CLAIMED, PENDING, AVAILABLE, ERROR, DELETED, RETIRED;

    /** The image state DescribeWorkspaceImages reports, as a ledger state. */
    public static ReplicaState ofImageState(String imageState) {
        return switch (imageState == null ? "" : imageState) {
            case "AVAILABLE" -> AVAILABLE;
            case "ERROR" -> ERROR;
            default -> PENDING;
        };
    }
}
