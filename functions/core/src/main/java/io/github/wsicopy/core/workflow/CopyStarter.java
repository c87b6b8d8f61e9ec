package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import io.github.wsicopy.core.workspaces.CopyCommand;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts the copies of one (job, Region), a bounded number per invocation, at a bounded rate.
 *
 * <p>No copy is ever made twice. A task is claimed (PENDING → STARTING, conditional) before
 * CopyWorkspaceImage is called, and that call is never retried blindly: CopyWorkspaceImage has no client
 * token, so a second call after a lost answer would make a second image. A task left in STARTING (the answer
 * was lost, or the function died) is reconciled by looking for its deterministic name in the destination,
 * once its claim's lease has run out, so a claimer that is still alive is never second-guessed.
 */
public final class CopyStarter {
    /** Throttled calls provably did nothing, so they may be repeated; a few times, then the task waits. */
    private static final int THROTTLE_TRIES = 3;
    /** After this many claims a task that never got a copy is failed rather than tried forever. */
    private static final int MAX_ATTEMPTS = 5;

    private final JobStore store;
    private final WorkSpacesGateway workspaces;
    private final Clock clock;
    private final Pacing pacing;
    private final int maxStarts;
    private final double startsPerSecond;
    private final LambdaLogger log;

    public CopyStarter(JobStore store, WorkSpacesGateway workspaces, Clock clock, Pacing pacing, int maxStarts,
            double startsPerSecond, LambdaLogger log) {
        this.store = store;
        this.workspaces = workspaces;
        this.clock = clock;
        this.pacing = pacing;
        this.maxStarts = maxStarts;
        this.startsPerSecond = startsPerSecond;
        this.log = log;
    }

    public RegionProgress run(String jobId, String region) {
        Job job = store.job(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
        List<CopyTask> tasks = new ArrayList<>(store.tasks(jobId, region));
        if (job.state() != JobState.RUNNING) {
            log.log("job " + jobId + " is " + job.state() + ": no copies start in " + region);
            return RegionProgress.of(jobId, region, tasks, 0, 0, NextStep.DONE);
        }
        RateLimiter limiter = new RateLimiter(startsPerSecond);
        reconcileStale(tasks, region, limiter);
        StopReason stop = startPending(tasks, region, limiter);
        return progress(jobId, region, tasks, stop);
    }

    private enum StopReason { NOTHING_LEFT, BATCH_FULL, THROTTLED, REGION_BLOCKED }

    /** STARTING tasks whose lease ran out: their claimer is gone. Find their copy, or let them start again. */
    private void reconcileStale(List<CopyTask> tasks, String region, RateLimiter limiter) {
        Instant now = clock.instant();
        List<Integer> stale = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            CopyTask t = tasks.get(i);
            if (t.state() == TaskState.STARTING && leaseExpired(t, now)) {
                stale.add(i);
            }
        }
        if (stale.isEmpty()) {
            return;
        }
        limiter.acquire();
        Map<String, SourceImage> byName;
        try {
            byName = new java.util.HashMap<>();
            for (SourceImage image : workspaces.ownedImages(region)) {
                byName.put(image.name(), image);
            }
        } catch (WorkSpacesError e) {
            log.log("could not list images in " + region + " to reconcile " + stale.size() + " task(s): " + e.describe());
            return;
        }
        for (int i : stale) {
            CopyTask task = tasks.get(i);
            SourceImage found = byName.get(task.destinationName());
            Optional<CopyTask> moved;
            if (found != null) {
                moved = adoptIfOurs(task, found.imageId(), region, limiter);
            } else if (task.attempts() >= MAX_ATTEMPTS) {
                moved = store.transition(task, Transition.failed(ReasonCode.COPY_FAILED,
                        "gave up after " + task.attempts() + " attempts to start the copy in " + region
                                + " without an answer from WorkSpaces; no copy named " + task.destinationName() + " exists there"));
            } else {
                log.log("task " + task.sortKey() + ": no copy named " + task.destinationName() + " in " + region
                        + " after a lost answer; it will be started again");
                moved = store.transition(task, Transition.retryLater(
                        "the previous attempt got no answer and made no copy; starting again"));
            }
            moved.ifPresent(m -> tasks.set(i, m));
        }
    }

    private StopReason startPending(List<CopyTask> tasks, String region, RateLimiter limiter) {
        int started = 0;
        for (int i = 0; i < tasks.size(); i++) {
            CopyTask task = tasks.get(i);
            if (task.state() != TaskState.PENDING) {
                continue;
            }
            if (started >= maxStarts) {
                return StopReason.BATCH_FULL;
            }
            Optional<CopyTask> claimed = store.transition(task, Transition.claim());
            if (claimed.isEmpty()) {
                continue; // another invocation took it; it is theirs now
            }
            started++;
            CopyTask mine = claimed.get();
            tasks.set(i, mine);
            Outcome outcome = start(mine, region, limiter);
            tasks.set(i, outcome.task());
            if (outcome.stop() != null) {
                if (outcome.stop() == StopReason.REGION_BLOCKED) {
                    failRemaining(tasks, outcome.task());
                }
                return outcome.stop();
            }
        }
        return StopReason.NOTHING_LEFT;
    }

    private record Outcome(CopyTask task, StopReason stop) {}

    private Outcome start(CopyTask task, String region, RateLimiter limiter) {
        CopyCommand command = new CopyCommand(task.sourceRegion(), task.sourceImageId(), region,
                task.destinationName(), task.destinationDescription(), task.tags());
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            try {
                String imageId = workspaces.copy(command);
                return new Outcome(moveOrKeep(task, Transition.copying(imageId)), null);
            } catch (WorkSpacesError e) {
                switch (e.kind()) {
                    case THROTTLED -> {
                        if (attempt < THROTTLE_TRIES) {
                            limiter.penalize(500L << attempt);
                            continue;
                        }
                        return new Outcome(moveOrKeep(task, Transition.retryLater("throttled by WorkSpaces; will retry: "
                                + e.describe())), StopReason.THROTTLED);
                    }
                    case UNKNOWN_OUTCOME, ALREADY_EXISTS -> {
                        return new Outcome(resolveUnknown(task, region, limiter, e), null);
                    }
                    case QUOTA_EXCEEDED -> {
                        return new Outcome(moveOrKeep(task, Transition.failed(ReasonCode.DESTINATION_QUOTA_EXCEEDED,
                                "the image quota of " + region + " is reached; raise it (Service Quotas) or delete images, then retry the failed tasks. "
                                        + e.describe())), StopReason.REGION_BLOCKED);
                    }
                    case ACCESS_DENIED -> {
                        return new Outcome(moveOrKeep(task, Transition.failed(ReasonCode.DESTINATION_UNREACHABLE,
                                "access denied in " + region + "; grant workspaces:CopyWorkspaceImage there, then retry the failed tasks. "
                                        + e.describe())), StopReason.REGION_BLOCKED);
                    }
                    case NOT_FOUND -> {
                        return new Outcome(moveOrKeep(task, Transition.failed(ReasonCode.IMAGE_NOT_FOUND,
                                "the source image " + task.sourceImageId() + " is no longer visible in " + task.sourceRegion()
                                        + " (deleted or unshared). " + e.describe())), null);
                    }
                    default -> {
                        return new Outcome(moveOrKeep(task, Transition.failed(ReasonCode.COPY_REFUSED,
                                "WorkSpaces refused the copy. " + e.describe())), null);
                    }
                }
            }
        }
    }

    /**
     * The call may have made the copy (no answer) or a copy with this name exists. Look for it now; if it is
     * not there yet, leave the task STARTING: after its lease, reconciliation looks again.
     */
    private CopyTask resolveUnknown(CopyTask task, String region, RateLimiter limiter, WorkSpacesError cause) {
        log.log("task " + task.sortKey() + ": " + cause.describe() + "; looking for " + task.destinationName() + " in " + region);
        try {
            limiter.acquire();
            Optional<SourceImage> found = workspaces.ownedImageNamed(region, task.destinationName());
            if (found.isPresent()) {
                return adoptIfOurs(task, found.get().imageId(), region, limiter).orElse(task);
            }
        } catch (WorkSpacesError e) {
            log.log("task " + task.sortKey() + ": lookup failed too: " + e.describe());
        }
        return task;
    }

    /** An image with the task's name: ours if our system tags say so, else someone else's image is in the way. */
    private Optional<CopyTask> adoptIfOurs(CopyTask task, String imageId, String region, RateLimiter limiter) {
        limiter.acquire();
        Map<String, String> tags;
        try {
            tags = workspaces.tags(region, imageId);
        } catch (WorkSpacesError e) {
            log.log("task " + task.sortKey() + ": could not read tags of " + imageId + ": " + e.describe());
            return Optional.empty();
        }
        boolean ours = task.jobId().equals(tags.get(SystemTags.JOB_ID))
                && task.sourceImageId().equals(tags.get(SystemTags.SOURCE_IMAGE_ID));
        if (ours) {
            log.log("task " + task.sortKey() + ": found its copy " + imageId + " in " + region);
            return store.transition(task, Transition.copying(imageId));
        }
        return store.transition(task, Transition.failed(ReasonCode.NAME_CONFLICT,
                "an image named " + task.destinationName() + " (" + imageId + ") appeared in " + region
                        + " after the job was planned and was not made by this job; rename or delete it, then retry"));
    }

    /** A Region-wide refusal (quota, access) fails every task still waiting there, without more calls. */
    private void failRemaining(List<CopyTask> tasks, CopyTask blocked) {
        for (int i = 0; i < tasks.size(); i++) {
            CopyTask t = tasks.get(i);
            if (t.state() == TaskState.PENDING) {
                int index = i;
                store.transition(t, Transition.failed(blocked.reasonCode().orElse(ReasonCode.COPY_REFUSED),
                        blocked.reason().orElse("copy refused"))).ifPresent(m -> tasks.set(index, m));
            }
        }
    }

    private CopyTask moveOrKeep(CopyTask task, Transition change) {
        return store.transition(task, change).orElse(task);
    }

    private boolean leaseExpired(CopyTask task, Instant now) {
        return task.claimedAt().map(c -> !c.plus(Duration.ofSeconds(pacing.claimLeaseSeconds())).isAfter(now)).orElse(true);
    }

    private RegionProgress progress(String jobId, String region, List<CopyTask> tasks, StopReason stop) {
        RegionProgress counts = RegionProgress.of(jobId, region, tasks, 0, 0, NextStep.DONE);
        if (counts.pending() > 0) {
            return stop == StopReason.BATCH_FULL
                    ? RegionProgress.of(jobId, region, tasks, 0, 0, NextStep.START)
                    : RegionProgress.of(jobId, region, tasks, 0, pacing.startWaitSeconds(), NextStep.WAIT_THEN_START);
        }
        if (counts.starting() > 0) {
            return RegionProgress.of(jobId, region, tasks, 0, untilLeasesEnd(tasks), NextStep.WAIT_THEN_START);
        }
        if (counts.copying() > 0) {
            return RegionProgress.of(jobId, region, tasks, 0, pacing.pollWait(0), NextStep.WAIT_THEN_POLL);
        }
        return counts;
    }

    private int untilLeasesEnd(List<CopyTask> tasks) {
        Instant now = clock.instant();
        long longest = tasks.stream().filter(t -> t.state() == TaskState.STARTING)
                .map(t -> t.claimedAt().orElse(now).plusSeconds(pacing.claimLeaseSeconds()))
                .mapToLong(end -> Duration.between(now, end).toSeconds() + 1)
                .max().orElse(0);
        return (int) Math.max(pacing.startWaitSeconds(), longest);
    }
}
