package io.github.wsicopy.core.store;

import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One (source image, destination Region) pair of a job, and how far its copy has got. */
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
        Instant updatedAt) {

    public CopyTask {
        tags = List.copyOf(tags);
    }

    /** The task's sort key: a Region's tasks are one Query on the prefix {@code TASK#<region>#}. */
    public String sortKey() {
        return TaskKeys.sortKey(destinationRegion, sourceImageId);
    }
}
