package io.github.wsicopy.localrun.lambda;

import io.github.wsicopy.core.workflow.contract.ValidateInput;
import java.util.Map;
import java.util.Optional;

/** Reading the project's function events without knowing which function they are for. */
public final class Events {
    private Events() {}

    /**
     * The job an event is about: {@code jobId} (copy, poll-status, notify), {@code input.jobId} (validate of a
     * stored job), or the execution name, which is the job id (validate of a request, notify on failure); every
     * state's input names its job as Validate's does ({@link ValidateInput#jobId()}).
     */
    public static Optional<String> jobOf(Map<String, Object> event) {
        try {
            return Optional.of(ValidateInput.read(event).jobId());
        } catch (IllegalArgumentException noJob) {
            return Optional.empty();
        }
    }
}
