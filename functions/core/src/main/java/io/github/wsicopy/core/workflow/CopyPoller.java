package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.log.Metrics.Metric;
import io.github.wsicopy.core.log.Metrics;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReasonText;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.ReplicaLedger;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import io.github.wsicopy.core.workspaces.CopyStatus;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Checks the running copies of one (job, Region): one DescribeWorkspaceImages call per 25 copies in flight,
 * never one poll per image, spaced at the poll rate. AVAILABLE ends the task SUCCEEDED, ERROR ends it FAILED
 * with the service's reason.
 */
public final class CopyPoller {
    private final JobStore store;
    private final WorkSpacesGateway workspaces;
    private final Clock clock;
    private final Pacing pacing;
    private final Log log;

    /** @param workspaces WorkSpaces of the stack's own account ({@link #run(String, Target, int)}) */
    public CopyPoller(JobStore store, WorkSpacesGateway workspaces, Clock clock, Pacing pacing, LambdaLogger log) {
        this.store = store;
        this.workspaces = workspaces;
        this.clock = clock;
        this.pacing = pacing;
        this.log = Log.of(log);
    }

    /**
     * Polls one target's copies: what a poll learns of a copy is recorded in the replica ledger record of the
     * target's account, whichever job made the copy.
     */
    public RegionProgress run(String jobId, Target target, int pollRound) {
        return run(jobId, target, pollRound, () -> workspaces);
    }

    /**
     * @param workspacesThere WorkSpaces as seen from the target's account ({@link TargetAccounts#workspaces}), asked
     *                        for only when there is a copy to poll
     */
    public RegionProgress run(String jobId, Target target, int pollRound, Supplier<WorkSpacesGateway> workspacesThere) {
        return run(store.job(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId)), target,
                pollRound, workspacesThere);
    }

    /**
     * PollStatus for a batch: each target as {@link #run(Job, Target, int, Supplier)}, side by side; a target whose
     * step fails for good ends there ({@code failure}), and the batch goes where its most urgent target needs it.
     *
     * @param workspacesThere WorkSpaces as seen from a target's account, asked for only when it has a copy to poll
     */
    public RegionProgress run(String jobId, List<Target> batch, int pollRound,
            Function<String, WorkSpacesGateway> workspacesThere, RegionFailure failure) {
        Job job = store.job(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
        return failure.settle(jobId, batch, RegionFailure.Step.POLL_STATUS, BatchRunner.run(batch,
                target -> run(job, target, pollRound, () -> workspacesThere.apply(target.account()))));
    }

    /** One target's poll, for its job as just read (a batch reads it once for all its targets). */
    RegionProgress run(Job job, Target target, int pollRound, Supplier<WorkSpacesGateway> workspacesThere) {
        String jobId = job.jobId();
        String region = target.region();
        String account = target.account();
        List<CopyTask> tasks = new ArrayList<>(store.tasks(jobId, target));
        if (job.state() != JobState.RUNNING) {
            return RegionProgress.of(jobId, target, tasks, pollRound, 0, NextStep.DONE);
        }
        List<String> inFlight = tasks.stream()
                .filter(t -> t.state() == TaskState.COPYING && t.destinationImageId().isPresent())
                .map(t -> t.destinationImageId().get())
                .toList();
        ReplicaLedger replicas = store.replicas();
        if (inFlight.isEmpty()) {
            return next(jobId, target, tasks, pollRound);
        }
        Metrics.Sample sample = log.metrics().sample(jobId, region);
        int succeeded = 0;
        int failed = 0;
        Map<String, CopyStatus> statuses;
        try {
            RateLimiter limiter = new RateLimiter(pacing.pollCallsPerSecond());
            statuses = workspacesThere.get().copyStatus(region, inFlight, limiter::acquire);
        } catch (WorkSpacesError e) {
            if (e.kind() == WorkSpacesError.Kind.ACCESS_DENIED) {
                // Reading is denied now; the copies may still finish. Fail loudly rather than poll forever.
                int ended = failCopying(tasks, Reason.of(ReasonCode.DESTINATION_UNREACHABLE)
                        .situation(ReasonText.POLL_DENIED).with(Reason.REGION, region).with(Reason.ERROR, e.describe())
                        .build());
                log.error("cannot read the copies' state in " + region + ": " + e.describe(),
                        Fields.job(jobId, region).account(account).errorCode(e.errorCode()));
                sample.count(Metric.COPIES_SUCCEEDED, 0).count(Metric.COPIES_FAILED, ended).emit();
                return next(jobId, target, tasks, pollRound);
            }
            throw new TransientFailure("Checking the copies in " + region + " could not read WorkSpaces: " + e.describe(), e);
        }
        for (int i = 0; i < tasks.size(); i++) {
            CopyTask task = tasks.get(i);
            if (task.state() != TaskState.COPYING || task.destinationImageId().isEmpty()) {
                continue;
            }
            String imageId = task.destinationImageId().get();
            CopyStatus status = statuses.get(imageId);
            Transition change;
            ReplicaState outcome;
            if (status == null) {
                change = Transition.failed(Reason.of(ReasonCode.COPY_DISAPPEARED).with(Reason.COPY, imageId)
                        .with(Reason.JOB, task.copiedByJob().orElse(null)).with(Reason.REGION, region));
                outcome = ReplicaState.DELETED;
            } else if (status.available()) {
                change = task.copiedByJob().map(other -> Transition.succeededFollowing(other, imageId))
                        .orElseGet(Transition::succeeded);
                outcome = ReplicaState.AVAILABLE;
            } else if (status.failed()) {
                change = Transition.failed(Reason.of(ReasonCode.COPY_FAILED).situation(ReasonText.IN_ERROR)
                        .with(Reason.COPY, imageId).with(Reason.JOB, task.copiedByJob().orElse(null))
                        .with(Reason.REGION, region).with(Reason.ERROR, status.describeError()));
                outcome = ReplicaState.ERROR;
            } else {
                Optional<Transition> overdue = pastDeadline(task, region);
                if (overdue.isEmpty()) {
                    continue;
                }
                change = overdue.get();
                outcome = null; // still being made: the ledger keeps it, and a later job follows it
            }
            int index = i;
            Optional<CopyTask> moved = store.transition(task, change);
            moved.ifPresent(m -> tasks.set(index, m));
            if (moved.isPresent() && moved.get().state() == TaskState.SUCCEEDED) {
                succeeded++;
                task.claimedAt().ifPresent(c -> sample.add(Metric.COPY_DURATION, seconds(c, clock.instant())));
            } else if (moved.isPresent()) {
                failed++;
                log.warn(moved.get().reason().orElse("the copy failed"), Fields.job(jobId, region).account(account)
                        .task(task.sortKey()).errorCode(moved.get().reasonCode().map(Enum::name).orElse(null)));
            }
            if (outcome == null) {
                continue;
            }
            // Whoever sees the copy's end records it, so the ledger heals even if its maker is gone.
            replicas.recordOutcome(account, region, task.sourceImageId(), imageId, outcome,
                    status == null ? Optional.empty() : status.errorCode(),
                    status == null ? Optional.empty() : status.errorMessage());
        }
        sample.count(Metric.COPIES_SUCCEEDED, succeeded).count(Metric.COPIES_FAILED, failed);
        oldestInFlight(tasks).ifPresent(age -> sample.add(Metric.OLDEST_COPY_AGE, age));
        sample.emit();
        return next(jobId, target, tasks, pollRound);
    }

    /** Seconds since the claim of the oldest copy still being made, for the alarm on copies older than a threshold. */
    private Optional<Double> oldestInFlight(List<CopyTask> tasks) {
        Instant now = clock.instant();
        return tasks.stream()
                .filter(t -> t.state() == TaskState.COPYING)
                .map(t -> t.claimedAt().orElse(t.updatedAt()))
                .min(Instant::compareTo)
                .map(oldest -> seconds(oldest, now));
    }

    private static double seconds(Instant from, Instant to) {
        return Math.max(0, java.time.Duration.between(from, to).toMillis() / 1000.0);
    }

    /**
     * A copy still PENDING in WorkSpaces {@code MAX_COPY_HOURS} after it started (its claim) ends FAILED, so a stuck
     * copy cannot keep its Region polling forever. WorkSpaces may still finish it: the reason says what to check.
     */
    private Optional<Transition> pastDeadline(CopyTask task, String region) {
        Instant deadline = task.claimedAt().orElse(task.updatedAt()).plus(pacing.maxCopyTime());
        if (clock.instant().isBefore(deadline)) {
            return Optional.empty();
        }
        String image = task.destinationImageId().orElse("?");
        return Optional.of(Transition.failed(Reason.of(ReasonCode.COPY_DEADLINE_EXCEEDED).with(Reason.COPY, image)
                .with(Reason.REGION, region).with(Reason.HOURS, pacing.maxCopyHours()).with(Reason.JOB, task.jobId())));
    }

    /** The number of copies it failed. */
    private int failCopying(List<CopyTask> tasks, Reason why) {
        int failed = 0;
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).state() == TaskState.COPYING) {
                Optional<CopyTask> moved = store.transition(tasks.get(i), Transition.failed(why));
                if (moved.isPresent()) {
                    tasks.set(i, moved.get());
                    failed++;
                }
            }
        }
        return failed;
    }

    private RegionProgress next(String jobId, Target region, List<CopyTask> tasks, int pollRound) {
        RegionProgress counts = RegionProgress.of(jobId, region, tasks, pollRound, 0, NextStep.DONE);
        if (counts.pending() > 0 || staleStarting(tasks)) {
            return RegionProgress.of(jobId, region, tasks, 0, 0, NextStep.START);
        }
        if (counts.copying() > 0 || counts.starting() > 0) {
            int round = pollRound + 1;
            return RegionProgress.of(jobId, region, tasks, round, pacing.pollWait(round, HistoryBudget.TARGETS_PER_EXECUTION), NextStep.WAIT_THEN_POLL);
        }
        log.info("all copies of job " + jobId + " in " + region + " are finished",
                Fields.job(jobId, region.region()).account(region.account()));
        return counts;
    }

    private boolean staleStarting(List<CopyTask> tasks) {
        var now = clock.instant();
        return tasks.stream().anyMatch(t -> t.state() == TaskState.STARTING
                && t.claimedAt().map(c -> !c.plusSeconds(pacing.claimLeaseSeconds()).isAfter(now)).orElse(true));
    }
}
