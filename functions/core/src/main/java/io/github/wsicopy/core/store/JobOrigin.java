package io.github.wsicopy.core.store;

import java.util.Optional;

/** Where a job came from: a request (API or a direct execution), a replication policy's run, or a retry. */
public sealed interface JobOrigin permits JobOrigin.Requested, JobOrigin.Scheduled, JobOrigin.Retry,
        JobOrigin.CloudFormation {

    /** A request submitted through the API or as an execution's input. */
    record Requested() implements JobOrigin {}

    /** A run of a replication policy (the schedule); the policy's lock names the job while it runs. */
    record Scheduled(String policyId) implements JobOrigin {}

    /** A new run of only the FAILED tasks of {@code originalJobId}. */
    record Retry(String originalJobId) implements JobOrigin {}

    /**
     * The one copy of a {@code Custom::WorkSpacesImageCopy} resource; {@code requestKey} names the CloudFormation
     * request (in {@code core.cloudformation.ResponseLedger}) that the job's end answers. Such a job owns its copy
     * (the stack's Delete removes it), so it stays outside the replica ledger.
     */
    record CloudFormation(String requestKey) implements JobOrigin {}

    JobOrigin REQUESTED = new Requested();

    /** False for a CloudFormation resource's job: it neither claims nor follows pairs in the replica ledger. */
    default boolean sharesPairs() {
        return !(this instanceof CloudFormation);
    }

    default Optional<String> cloudFormationRequest() {
        return this instanceof CloudFormation c ? Optional.of(c.requestKey()) : Optional.empty();
    }

    default Optional<String> policy() {
        return this instanceof Scheduled s ? Optional.of(s.policyId()) : Optional.empty();
    }

    default Optional<String> retryOf() {
        return this instanceof Retry r ? Optional.of(r.originalJobId()) : Optional.empty();
    }
}
