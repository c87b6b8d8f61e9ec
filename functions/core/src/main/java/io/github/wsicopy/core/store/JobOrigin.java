package io.github.wsicopy.core.store;

import java.util.Optional;

/** Where a job came from: a request (API or a direct execution), a replication policy's run, or a retry. */
public sealed interface JobOrigin permits JobOrigin.Requested, JobOrigin.Scheduled, JobOrigin.Retry {

    /** A request submitted through the API or as an execution's input. */
    record Requested() implements JobOrigin {}

    /** A run of a replication policy (the schedule); the policy's lock names the job while it runs. */
    record Scheduled(String policyId) implements JobOrigin {}

    /** A new run of only the FAILED tasks of {@code originalJobId}. */
    record Retry(String originalJobId) implements JobOrigin {}

    JobOrigin REQUESTED = new Requested();

    default Optional<String> policy() {
        return this instanceof Scheduled s ? Optional.of(s.policyId()) : Optional.empty();
    }

    default Optional<String> retryOf() {
        return this instanceof Retry r ? Optional.of(r.originalJobId()) : Optional.empty();
    }
}
