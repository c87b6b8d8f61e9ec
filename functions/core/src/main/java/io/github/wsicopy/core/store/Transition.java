package io.github.wsicopy.core.store;

import io.github.wsicopy.core.model.ReasonCode;
import java.util.Optional;

/**
 * A task's move to a new state, with what it records on the way.
 *
 * @param copiedByJob       the other job whose copy this task follows (the replica ledger found the pair held)
 * @param replacedErrorCopy our earlier copy of the pair that had ended in ERROR and was deleted before copying
 *                          again: its id and WorkSpaces' ErrorCode, ErrorMessage and ErrorDetails
 */
public record Transition(
        TaskState to,
        Optional<String> destinationImageId,
        Optional<ReasonCode> reasonCode,
        Optional<String> reason,
        Optional<String> copiedByJob,
        Optional<String> replacedErrorCopy) {

    private Transition(TaskState to, Optional<String> destinationImageId, Optional<ReasonCode> reasonCode,
            Optional<String> reason) {
        this(to, destinationImageId, reasonCode, reason, Optional.empty(), Optional.empty());
    }

    /** PENDING → STARTING: the task is ours to copy; counts as one attempt. */
    public static Transition claim() {
        return new Transition(TaskState.STARTING, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Transition copying(String destinationImageId) {
        return new Transition(TaskState.COPYING, Optional.of(destinationImageId), Optional.empty(), Optional.empty());
    }

    public static Transition succeeded() {
        return new Transition(TaskState.SUCCEEDED, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Transition failed(ReasonCode code, String reason) {
        return new Transition(TaskState.FAILED, Optional.empty(), Optional.of(code), Optional.of(reason));
    }

    public static Transition cancelled(ReasonCode code, String reason) {
        return new Transition(TaskState.CANCELLED, Optional.empty(), Optional.of(code), Optional.of(reason));
    }

    /** Back to PENDING after a call that provably did nothing (throttled); the note says why it waits. */
    public static Transition retryLater(String reason) {
        return new Transition(TaskState.PENDING, Optional.empty(), Optional.empty(), Optional.of(reason));
    }

    /**
     * PENDING → COPYING (or → SUCCEEDED when that copy is already AVAILABLE) without a copy of our own: another
     * job holds the pair in the replica ledger, and this task follows its copy to the end.
     */
    public static Transition follow(TaskState to, String imageId, String otherJob, String note) {
        return new Transition(to, Optional.of(imageId), Optional.empty(), Optional.of(note), Optional.of(otherJob),
                Optional.empty());
    }

    /** The same move, also recording the ERROR copy of ours that was deleted to make room for it. */
    public Transition replacing(Optional<String> errorCopy) {
        return new Transition(to, destinationImageId, reasonCode, reason, copiedByJob, errorCopy.or(() -> replacedErrorCopy));
    }
}
