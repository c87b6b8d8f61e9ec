package io.github.wsicopy.core.store;

import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One (source image, destination Region) pair of a job, and how far its copy has got.
 *
 * @param copiedByJob       set when the task followed another job's copy of the pair instead of making one
 * @param replacedErrorCopy set when an earlier copy of ours in ERROR was deleted before this copy was made
 */
public record CopyTask(
        String jobId,
        String sourceImageId,
        String sourceRegion,
        String destinationRegion,
        String destinationName,
        String destinationDescription,
        List<Tag> tags,
        TaskState state,
        Optional<ReasonCode> reasonCode,
        Optional<String> reason,
        Optional<String> destinationImageId,
        int attempts,
        Optional<Instant> claimedAt,
        Instant updatedAt,
        Optional<String> copiedByJob,
        Optional<String> replacedErrorCopy) {

    public CopyTask {
        tags = List.copyOf(tags);
    }

    /** A task as planned or moved by this job alone (no other job's copy followed, no ERROR copy replaced). */
    public CopyTask(String jobId, String sourceImageId, String sourceRegion, String destinationRegion,
            String destinationName, String destinationDescription, List<Tag> tags, TaskState state,
            Optional<ReasonCode> reasonCode, Optional<String> reason, Optional<String> destinationImageId,
            int attempts, Optional<Instant> claimedAt, Instant updatedAt) {
        this(jobId, sourceImageId, sourceRegion, destinationRegion, destinationName, destinationDescription, tags,
                state, reasonCode, reason, destinationImageId, attempts, claimedAt, updatedAt, Optional.empty(),
                Optional.empty());
    }

    /** The task's sort key: a Region's tasks are one Query on the prefix {@code TASK#<region>#}. */
    public String sortKey() {
        return TaskKeys.sortKey(destinationRegion, sourceImageId);
    }
}
