package io.github.wsicopy.localrun.lambda;

import java.util.Map;
import java.util.Optional;

/** Reading the project's function events without knowing which function they are for. */
public final class Events {
    private Events() {}

    /**
     * The job an event is about: {@code jobId} (copy, poll-status, notify), {@code input.jobId} (validate of a
     * stored job), or the execution name, which is the job id (validate of a request, notify on failure).
     */
    public static Optional<String> jobOf(Map<String, Object> event) {
        if (event.get("jobId") instanceof String id) {
            return Optional.of(id);
        }
        if (event.get("input") instanceof Map<?, ?> input && input.get("jobId") instanceof String id) {
            return Optional.of(id);
        }
        return event.get("executionName") instanceof String name ? Optional.of(name) : Optional.empty();
    }
}
