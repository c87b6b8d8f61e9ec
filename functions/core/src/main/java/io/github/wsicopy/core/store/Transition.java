package io.github.wsicopy.core.store;

import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import java.util.Map;
import java.util.Optional;

/**
 * A task's move to a new state, with what it records on the way.
 *
 * @param why               why the task ended without its copy: stored as {@code reasonCode}, {@code reasonParams}
 *                          and {@code reason} (its default rendering)
 * @param note              a word on a task still under way (why it waits, whose copy it follows), when no reason
 * @param copiedByJob       the other job whose copy this task follows (the replica ledger found the pair held)
 * @param replacedErrorCopy our earlier copy of the pair that had ended in ERROR and was deleted before copying
 *                          again: its id and WorkSpaces' ErrorCode, ErrorMessage and ErrorDetails
 */
public record Transition(
        TaskState to,
        Optional<String> destinationImageId,
        Optional<Reason> why,
        Optional<String> note,
        Optional<String> copiedByJob,
        Optional<String> replacedErrorCopy) {

    private Transition(TaskState to, Optional<String> destinationImageId, Optional<Reason> why,
            Optional<String> note) {
        this(to, destinationImageId, why, note, Optional.empty(), Optional.empty());
    }

    public Optional<ReasonCode> reasonCode() {
        return why.map(Reason::code);
    }

    /** The text stored as the task's {@code reason}: the reason's default rendering, or the note. */
    public Optional<String> reason() {
        return why.map(Reason::text).or(() -> note);
    }

    public Optional<Map<String, String>> reasonParams() {
        return why.map(Reason::params);
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

    /** COPYING → SUCCEEDED of a task that followed another job's copy: it keeps saying whose copy it was. */
    public static Transition succeededFollowing(String otherJob, String imageId) {
        return new Transition(TaskState.SUCCEEDED, Optional.empty(), Optional.empty(),
                Optional.of("job " + otherJob + " made the copy " + imageId + "; this task followed it to AVAILABLE"),
                Optional.of(otherJob), Optional.empty());
    }

    public static Transition failed(Reason why) {
        return new Transition(TaskState.FAILED, Optional.empty(), Optional.of(why), Optional.empty());
    }

    public static Transition failed(Reason.Builder why) {
        return failed(why.build());
    }

    public static Transition cancelled(Reason why) {
        return new Transition(TaskState.CANCELLED, Optional.empty(), Optional.of(why), Optional.empty());
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
        return new Transition(to, destinationImageId, why, note, copiedByJob, errorCopy.or(() -> replacedErrorCopy));
    }
}
