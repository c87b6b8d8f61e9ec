package io.github.wsicopy.core.store;

import io.github.wsicopy.core.model.Target;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One bulk-copy job: its state and counters. The request is stored beside it as the JSON the caller sent
 * ({@link JobStore#request}), so a retry or a re-validation sees exactly what was asked, and the job item
 * that every task move rewrites stays small.
 *
 * @param targets          the (account, destination Region) targets that have copies to make (set when the job
 *                         starts running)
 * @param validationErrors the request's field errors as a JSON array, when the request was invalid
 * @param origin           a request, a policy's scheduled run, or a retry of another job
 * @param note             why a job ended without copying anything (a policy run that found nothing to do
 *                         or found its previous run still active), for people
 */
public record Job(
        String jobId,
        JobState state,
        List<Target> targets,
        Counts counts,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> finishedAt,
        Optional<String> error,
        Optional<String> validationErrors,
        Optional<Instant> notifiedAt,
        JobOrigin origin,
        Optional<String> note) {

    public Job {
        targets = List.copyOf(targets);
    }
}
