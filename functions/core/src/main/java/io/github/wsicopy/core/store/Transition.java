package io.github.wsicopy.core.store;

import io.github.wsicopy.core.model.ReasonCode;
import java.util.Optional;

/** A task's move to a new state, with what it records on the way. */
public record Transition(
        TaskState to,
        Optional<String> destinationImageId,
        Optional<ReasonCode> reasonCode,
        Optional<String> reason) {

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
}
