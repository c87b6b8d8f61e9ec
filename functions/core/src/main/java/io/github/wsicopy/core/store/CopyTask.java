package io.github.wsicopy.core.store;

import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.Tag;
import io.github.wsicopy.core.model.Target;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One (source image, destination account and Region) of a job, and how far its copy has got.
 *
 * @param copiedByJob       set when the task followed another job's copy of the pair instead of making one
 * @param replacedErrorCopy set when an earlier copy of ours in ERROR was deleted before this copy was made
 * @param reasonParams      the parameters of the reason ({@link Reason}); {@code reason} is their default rendering.
 *                          Empty for a task recorded before reasons were data: its {@code reason} text is all there is
 */
public record CopyTask(
        String jobId,
        String sourceImageId,
        String sourceRegion,
        String destinationAccount,
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
        Optional<String> replacedErrorCopy,
        Optional<Map<String, String>> reasonParams) {

    public CopyTask {
        tags = List.copyOf(tags);
    }

    /** A task the rules skipped, with their reason. */
    public static CopyTask skipped(String jobId, String sourceImageId, String sourceRegion, String destinationAccount,
            String destinationRegion, Reason why, Instant now) {
        return new CopyTask(jobId, sourceImageId, sourceRegion, destinationAccount, destinationRegion, "", "", List.of(),
                TaskState.SKIPPED, Optional.of(why.code()), Optional.of(why.text()), Optional.empty(), 0,
                Optional.empty(), now, Optional.empty(), Optional.empty(), Optional.of(why.params()));
    }

    /** Why the task ended without its copy, as data; empty for a task that has no reason or predates the parameters. */
    public Optional<Reason> why() {
        return reasonCode.flatMap(code -> reasonParams.map(params -> new Reason(code, params)));
    }

    /** Its reason in the default words: rendered from the data where there is data, else the stored text. */
    public Optional<String> reasonText() {
        return why().map(Reason::text).or(() -> reason);
    }

    /** A task as planned or moved by this job alone (no other job's copy followed, no ERROR copy replaced). */
    public CopyTask(String jobId, String sourceImageId, String sourceRegion, String destinationAccount,
            String destinationRegion, String destinationName, String destinationDescription, List<Tag> tags, TaskState state,
            Optional<ReasonCode> reasonCode, Optional<String> reason, Optional<String> destinationImageId,
            int attempts, Optional<Instant> claimedAt, Instant updatedAt) {
        this(jobId, sourceImageId, sourceRegion, destinationAccount, destinationRegion, destinationName, destinationDescription, tags,
                state, reasonCode, reason, destinationImageId, attempts, claimedAt, updatedAt, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** The task's sort key: a target's tasks are one Query on the prefix {@code TASK#<account>#<region>#}. */
    public String sortKey() {
        return TaskKeys.sortKey(destinationAccount, destinationRegion, sourceImageId);
    }

    public Target target() {
        return new Target(destinationAccount, destinationRegion);
    }
}
