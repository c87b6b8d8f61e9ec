package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.accounts.ImageShares;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.log.Metrics.Metric;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReasonText;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.ReplicaLedger;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import io.github.wsicopy.core.workspaces.CopyCommand;
import io.github.wsicopy.core.workspaces.CopyStatus;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

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
    /** After this many claims a task that never got a copy is failed rather than tried forever. */
    private static final int MAX_ATTEMPTS = 5;
    /** The longest a target waits, in one round, for a share another target of its account is making. */
    static final int MAX_SHARE_WAIT_SECONDS = 30;
    /** Rounds of read-decide-claim when another job changes the pair's ledger record in between. */
    private static final int LEDGER_TRIES = 3;

    private final JobStore store;
    private final WorkSpacesGateway workspaces;
    private final Optional<ImageShares> shares;
    private final Clock clock;
    private final Pacing pacing;
    private final int maxStarts;
    private final double startsPerSecond;
    private final Log log;

    /** @param workspaces WorkSpaces of the stack's own account ({@link #run(String, Target)}) */
    public CopyStarter(JobStore store, WorkSpacesGateway workspaces, Clock clock, Pacing pacing, int maxStarts,
            double startsPerSecond, LambdaLogger log) {
        this(store, workspaces, Optional.empty(), clock, pacing, maxStarts, startsPerSecond, log);
    }

    /**
     * @param shares the source images' shares with other accounts: a target in another account copies only images
     *               shared with it (empty: every target is in the images' own account)
     */
    public CopyStarter(JobStore store, WorkSpacesGateway workspaces, Optional<ImageShares> shares, Clock clock,
            Pacing pacing, int maxStarts, double startsPerSecond, LambdaLogger log) {
        this.store = store;
        this.shares = shares;
        this.workspaces = workspaces;
        this.clock = clock;
        this.pacing = pacing;
        this.maxStarts = maxStarts;
        this.startsPerSecond = startsPerSecond;
        this.log = Log.of(log);
    }

    /**
     * Starts copies of one target's tasks: the target's account is where the copies are made (and the replica
     * ledger's pairs are per account and Region).
     */
    public RegionProgress run(String jobId, Target target) {
        return run(jobId, target, () -> workspaces, 0);
    }

    /**
     * @param workspacesThere WorkSpaces as seen from the target's account ({@link TargetAccounts#workspaces}), asked
     *                        for only when there is something to start
     * @param round how many rounds in a row this target has waited for a share another target of its account is
     *              making (its {@code pollRound} while it waits to start): each such wait is twice as long, up to
     *              {@link #MAX_SHARE_WAIT_SECONDS}, since the share waits for the source account's API rate
     */
    public RegionProgress run(String jobId, Target target, Supplier<WorkSpacesGateway> workspacesThere, int round) {
        return run(store.job(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId)), target,
                workspacesThere, round);
    }

    /**
     * StartCopies for a batch: each target as {@link #run(Job, Target, Supplier, int)}, side by side; a target whose
     * step fails for good ends there ({@code failure}), and the batch goes where its most urgent target needs it.
     *
     * @param workspacesThere WorkSpaces as seen from a target's account, asked for only when it has something to start
     */
    public RegionProgress run(String jobId, List<Target> batch, Function<String, WorkSpacesGateway> workspacesThere,
            int round, RegionFailure failure) {
        Job job = store.job(jobId).orElseThrow(() -> new IllegalArgumentException("no job " + jobId));
        return failure.settle(jobId, batch, RegionFailure.Step.START_COPIES,
                BatchRunner.run(batch, target -> run(job, target, () -> workspacesThere.apply(target.account()), round)));
    }

    /** One target's starts, for its job as just read (a batch reads it once for all its targets). */
    RegionProgress run(Job job, Target target, Supplier<WorkSpacesGateway> workspacesThere, int round) {
        String jobId = job.jobId();
        String region = target.region();
        String account = target.account();
        List<CopyTask> tasks = new ArrayList<>(store.tasks(jobId, target));
        if (job.state() != JobState.RUNNING) {
            log.info("job " + jobId + " is " + job.state() + ": no copies start in " + target,
                    Fields.job(jobId, region).account(account));
            return RegionProgress.of(jobId, target, tasks, 0, 0, NextStep.DONE);
        }
        if (tasks.stream().noneMatch(t -> t.state() == TaskState.PENDING || t.state() == TaskState.STARTING)) {
            return progress(jobId, target, tasks, StopReason.NOTHING_LEFT);
        }
        // A CloudFormation resource's job owns the copy it reports (its Delete removes it; a replacement stands
        // beside the image it replaces until CloudFormation deletes that one): it neither claims nor follows pairs.
        Run run = new Run(region, account, workspacesThere.get(), new RateLimiter(startsPerSecond),
                store.replicas(), new Round(), job.origin().sharesPairs());
        reconcileStale(tasks, run);
        Set<String> waitingForShare = share(jobId, target, tasks);
        StopReason stop = startPending(tasks, run, waitingForShare);
        log.metrics().sample(jobId, region)
                .count(Metric.COPIES_STARTED, run.round().started)
                .count(Metric.PAIRS_JOINED, run.round().joined)
                .count(Metric.THROTTLED_CALLS, run.round().throttled)
                .emit();
        RegionProgress progress = progress(jobId, target, tasks, stop);
        if (!waitingForShare.isEmpty() && progress.next() == NextStep.WAIT_THEN_START && stop != StopReason.BATCH_FULL) {
            int wait = (int) Math.min(MAX_SHARE_WAIT_SECONDS, (long) pacing.startWaitSeconds() << Math.min(round, 10));
            return RegionProgress.of(jobId, target, tasks, round + 1, Math.max(progress.nextWaitSeconds(), wait),
                    NextStep.WAIT_THEN_START);
        }
        return progress;
    }

    /** What one invocation works with in its (account, Region). */
    private record Run(String region, String account, WorkSpacesGateway workspaces, RateLimiter limiter,
            ReplicaLedger ledger, Round round, boolean sharedPairs) {
        Fields fields(CopyTask task) {
            return Fields.job(task.jobId(), region).account(account).task(task.sortKey());
        }
    }

    /** What one invocation did, for its metrics. */
    private static final class Round {
        int started;
        int joined;
        int throttled;
    }

    private enum StopReason { NOTHING_LEFT, BATCH_FULL, THROTTLED, REGION_BLOCKED }

    /** STARTING tasks whose lease ran out: their claimer is gone. Find their copy, or let them start again. */
    private void reconcileStale(List<CopyTask> tasks, Run run) {
        String region = run.region();
        RateLimiter limiter = run.limiter();
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
            for (SourceImage image : run.workspaces().ownedImages(region)) {
                byName.put(image.name(), image);
            }
        } catch (WorkSpacesError e) {
            log.warn("could not list images in " + region + " to reconcile " + stale.size() + " task(s): " + e.describe(),
                    Fields.job(tasks.get(stale.get(0)).jobId(), region).account(run.account()).errorCode(e.errorCode()));
            return;
        }
        for (int i : stale) {
            CopyTask task = tasks.get(i);
            SourceImage found = byName.get(task.destinationName());
            Optional<CopyTask> moved;
            if (found != null) {
                moved = adoptIfOurs(task, found.imageId(), run);
            } else if (task.attempts() >= MAX_ATTEMPTS) {
                moved = giveBack(run, store.transition(task, Transition.failed(Reason.of(ReasonCode.COPY_FAILED)
                        .situation(ReasonText.GAVE_UP).with(Reason.REGION, region).with(Reason.ATTEMPTS, task.attempts())
                        .with(Reason.NAME, task.destinationName()))));
            } else {
                log.info("no copy named " + task.destinationName() + " in " + region
                        + " after a lost answer; it will be started again", run.fields(task));
                moved = giveBack(run, store.transition(task, Transition.retryLater(
                        "the previous attempt got no answer and made no copy; starting again")));
            }
            moved.ifPresent(m -> tasks.set(i, m));
        }
    }

    /**
     * A target in another account than the images' copies only what is shared with it: each image its pending tasks
     * copy is shared once (ImageShares: one item per image and account, this target a holder of it; the images' own
     * account needs no share and costs no write). Returns the images
     * whose share is being made or removed by someone else right now: their tasks wait for the next round. Tasks of
     * an image WorkSpaces will not share end FAILED.
     */
    private Set<String> share(String jobId, Target target, List<CopyTask> tasks) {
        Set<String> waiting = new java.util.HashSet<>();
        if (shares.isEmpty()) {
            return waiting;
        }
        Map<String, CopyTask> byImage = new java.util.LinkedHashMap<>();
        tasks.stream().filter(t -> t.state() == TaskState.PENDING).forEach(t -> byImage.putIfAbsent(t.sourceImageId(), t));
        boolean sourceBusy = false;
        for (CopyTask first : byImage.values()) {
            ImageShares.Share share = new ImageShares.Share(first.sourceRegion(), first.sourceImageId(),
                    target.account());
            if (sourceBusy) {
                // The source's calls are booked by other targets' shares: the rest waits for the next round rather
                // than this invocation (billed while it waits) waiting for each.
                waiting.add(share.imageId());
                continue;
            }
            switch (shares.get().acquire(share, ImageShares.holder(jobId, target.region()))) {
                case ImageShares.Shared shared -> { }
                case ImageShares.ComeBackLater later -> {
                    log.info("the share of " + share.imageId() + " with account " + share.account() + " is busy ("
                            + later.why() + "); its copies wait", Fields.job(jobId, target.region()).account(target.account()));
                    waiting.add(share.imageId());
                    sourceBusy = later.sourceBusy();
                }
                case ImageShares.Refused refused -> {
                    waiting.add(share.imageId());
                    Reason why = Reason.of(ReasonCode.COPY_REFUSED).situation(ReasonText.SHARE_REFUSED)
                            .with(Reason.IMAGE, share.imageId()).with(Reason.SOURCE_REGION, share.sourceRegion())
                            .with(Reason.ACCOUNT, share.account()).with(Reason.ERROR, refused.error().describe()).build();
                    for (int i = 0; i < tasks.size(); i++) {
                        CopyTask t = tasks.get(i);
                        if (t.state() == TaskState.PENDING && t.sourceImageId().equals(share.imageId())) {
                            int index = i;
                            store.transition(t, Transition.failed(why)).ifPresent(moved -> tasks.set(index, moved));
                        }
                    }
                }
            }
        }
        return waiting;
    }

    private StopReason startPending(List<CopyTask> tasks, Run run, Set<String> waitingForShare) {
        int started = 0;
        for (int i = 0; i < tasks.size(); i++) {
            CopyTask task = tasks.get(i);
            if (task.state() != TaskState.PENDING || waitingForShare.contains(task.sourceImageId())) {
                continue;
            }
            if (started >= maxStarts) {
                return StopReason.BATCH_FULL;
            }
            Optional<Claimed> claimed = claimPair(task, run, tasks, i);
            if (claimed.isEmpty()) {
                continue; // followed another job's copy, waits for it, or another invocation took the task
            }
            started++;
            CopyTask mine = claimed.get().task();
            tasks.set(i, mine);
            Outcome outcome = start(mine, run, claimed.get().replaced());
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

    /**
     * Claims the task and its pair in the replica ledger together, or lets it follow (or wait for) the copy
     * another job holds. Empty unless this invocation now holds the claim and must start the copy. A claim that
     * found an ERROR copy of ours deletes it first, so the pair is copied again.
     */
    /** A task this invocation holds, with the ERROR copy of ours its claim deleted, if any. */
    private record Claimed(CopyTask task, Optional<String> replaced) {}

    private Optional<Claimed> claimPair(CopyTask task, Run run, List<CopyTask> tasks, int index) {
        if (!run.sharedPairs()) {
            return store.transition(task, Transition.claim()).map(t -> new Claimed(t, Optional.empty()));
        }
        for (int attempt = 0; attempt < LEDGER_TRIES; attempt++) {
            Optional<Replica> seen = run.ledger().get(run.account(), run.region(), task.sourceImageId());
            PairDecision decision = PairDecision.decide(seen, task.jobId(), clock.instant(),
                    holder -> store.task(holder.jobId(), holder.taskKey()).map(CopyTask::state));
            switch (decision) {
                case PairDecision.Follow follow -> {
                    follow(task, follow.copy(), run).ifPresent(m -> tasks.set(index, m));
                    return Optional.empty();
                }
                case PairDecision.Wait wait -> {
                    log.info("job " + wait.holder().jobId() + " is starting the copy of " + task.sourceImageId() + " in "
                            + run.region() + "; following it once it has an id", run.fields(task));
                    return Optional.empty();
                }
                case PairDecision.Claim claim -> {
                    if (abandonedCopyFound(claim, task, run)) {
                        continue; // the abandoned claim had made its copy: read the record again and follow it
                    }
                    Instant leaseUntil = clock.instant().plusSeconds(pacing.claimLeaseSeconds());
                    switch (store.claim(task, run.account(), claim.seen(), leaseUntil)) {
                        case JobStore.Moved moved -> {
                            return replaceErrorCopy(moved.task(), claim, run);
                        }
                        case JobStore.TaskMoved taken -> {
                            return Optional.empty();
                        }
                        case JobStore.LedgerMoved raced -> {
                            // another job claimed or recorded the pair since we read it: read it again
                        }
                    }
                }
            }
        }
        log.warn("the replica ledger kept changing; trying again next round", run.fields(task));
        return Optional.empty();
    }

    /**
     * Before taking over another job's abandoned claim: its claimer may have made the copy and lost the answer,
     * then ended. Its planned name is in the record; a copy of this source under that name is recorded, not
     * copied again.
     */
    private boolean abandonedCopyFound(PairDecision.Claim claim, CopyTask task, Run run) {
        Optional<Replica> seen = claim.seen();
        if (seen.isEmpty() || seen.get().state() != ReplicaState.CLAIMED || seen.get().jobId().equals(task.jobId())
                || seen.get().imageName().isEmpty()) {
            return false;
        }
        try {
            run.limiter().acquire();
            Optional<SourceImage> found = run.workspaces().ownedImageNamed(run.region(), seen.get().imageName().get());
            if (found.isEmpty()) {
                return false;
            }
            run.limiter().acquire();
            if (!task.sourceImageId().equals(run.workspaces().tags(run.region(), found.get().imageId()).get(SystemTags.SOURCE_IMAGE_ID))) {
                return false;
            }
            log.warn("job " + seen.get().jobId() + " abandoned its claim after making " + found.get().imageId() + " in "
                    + run.region() + "; recording and following that copy", run.fields(task));
            run.ledger().settleAbandoned(seen.get(), found.get().imageId(), ReplicaState.ofImageState(found.get().state()));
            return true;
        } catch (WorkSpacesError e) {
            log.warn("could not look for the copy of an abandoned claim: " + e.describe(),
                    run.fields(task).errorCode(e.errorCode()));
            return true; // not known: do not copy now; the next round looks again
        }
    }

    /** A copy exists: follow it. */
    private Optional<CopyTask> follow(CopyTask task, Replica copy, Run run) {
        String image = copy.imageId().orElseThrow();
        String by = copy.jobId().isEmpty() ? "an earlier copy" : "job " + copy.jobId();
        run.round().joined++;
        if (copy.state() == ReplicaState.AVAILABLE) {
            return store.transition(task, Transition.follow(TaskState.SUCCEEDED, image, copy.jobId(),
                    by + " already copied " + task.sourceImageId() + " to " + run.region() + " as " + copy.describeCopy()
                            + "; no second copy was made"));
        }
        log.info("following " + by + "'s copy " + image + " in " + run.region(), run.fields(task));
        return store.transition(task, Transition.follow(TaskState.COPYING, image, copy.jobId(),
                "following the copy " + copy.describeCopy() + " that " + by + " started; no second copy is made"));
    }

    /**
     * The claim found our own copy of the pair in ERROR: delete it (our system tags must say it is a copy of this
     * source) and record what WorkSpaces said of it in the task, then copy again. An image that is not provably
     * ours is never deleted.
     */
    private Optional<Claimed> replaceErrorCopy(CopyTask task, PairDecision.Claim claim, Run run) {
        Optional<String> errorCopy = claim.errorCopy();
        if (errorCopy.isEmpty()) {
            return Optional.of(new Claimed(task, Optional.empty()));
        }
        String imageId = errorCopy.get();
        try {
            run.limiter().acquire();
            Map<String, String> tags = run.workspaces().tags(run.region(), imageId);
            if (!task.sourceImageId().equals(tags.get(SystemTags.SOURCE_IMAGE_ID))) {
                giveBackAsFound(run, claim, store.transition(task, Transition.failed(Reason.of(ReasonCode.FOREIGN_ERROR_IMAGE)
                        .situation(ReasonText.AT_COPY).with(Reason.IMAGE, task.sourceImageId())
                        .with(Reason.REGION, run.region()).with(Reason.COPY, imageId))));
                return Optional.empty();
            }
            run.limiter().acquire();
            String what = Optional.ofNullable(run.workspaces().copyStatus(run.region(), List.of(imageId)).get(imageId))
                    .map(CopyStatus::describeError)
                    .orElse(claim.seen().flatMap(Replica::errorCode).orElse("no error code") + ": "
                            + claim.seen().flatMap(Replica::errorMessage).orElse("no message"));
            run.limiter().acquire();
            run.workspaces().deleteImage(run.region(), imageId);
            log.warn("deleted our copy " + imageId + " in ERROR (" + what + ") to copy again", run.fields(task));
            return Optional.of(new Claimed(task,
                    Optional.of(imageId + " was in ERROR (" + what + ") and was deleted before copying again")));
        } catch (WorkSpacesError e) {
            if (e.kind() == WorkSpacesError.Kind.NOT_FOUND) {
                return Optional.of(new Claimed(task, Optional.empty())); // already gone: nothing in the way
            }
            if (e.kind() == WorkSpacesError.Kind.THROTTLED || e.kind() == WorkSpacesError.Kind.UNKNOWN_OUTCOME) {
                if (e.kind() == WorkSpacesError.Kind.THROTTLED) {
                    run.round().throttled++;
                }
                giveBackAsFound(run, claim, store.transition(task, Transition.retryLater("could not delete the ERROR copy " + imageId
                        + " in " + run.region() + " yet (" + e.describe() + "); trying again")));
                return Optional.empty();
            }
            giveBackAsFound(run, claim, store.transition(task, Transition.failed(Reason.of(ReasonCode.COPY_REFUSED)
                    .situation(ReasonText.ERROR_COPY_KEPT).with(Reason.COPY, imageId).with(Reason.REGION, run.region())
                    .with(Reason.ERROR, e.describe()))));
            return Optional.empty();
        }
    }

    /**
     * After a claim over an ERROR copy ends before that copy was deleted: the ledger gets the record back as the
     * claim found it, still naming the ERROR copy (released, the record would be gone and the next claimer would
     * copy beside the ERROR copy, or fail on its name).
     */
    private Optional<CopyTask> giveBackAsFound(Run run, PairDecision.Claim claim, Optional<CopyTask> moved) {
        moved.ifPresent(t -> run.ledger().restore(run.account(), t, claim.seen().orElseThrow()));
        return moved;
    }

    /** After a move that ends the claim without a copy, the pair is given back in the ledger. */
    private Optional<CopyTask> giveBack(Run run, Optional<CopyTask> moved) {
        if (!run.sharedPairs()) {
            return moved;
        }
        moved.ifPresent(t -> run.ledger().release(run.account(), t));
        return moved;
    }

    private record Outcome(CopyTask task, StopReason stop) {}

    private Outcome start(CopyTask task, Run run, Optional<String> replaced) {
        String region = run.region();
        RateLimiter limiter = run.limiter();
        CopyCommand command = new CopyCommand(task.sourceRegion(), task.sourceImageId(), region,
                task.destinationName(), task.destinationDescription(), task.tags());
        {
            limiter.acquire();
            try {
                String imageId = run.workspaces().copy(command);
                run.round().started++;
                return new Outcome(recordCopy(task, imageId, run, replaced).orElse(task), null);
            } catch (WorkSpacesError e) {
                switch (e.kind()) {
                    case THROTTLED -> {
                        // The gateway already retried within its patience: the task waits for the next round.
                        run.round().throttled++;
                        return new Outcome(releasing(run, task, Transition.retryLater("throttled by WorkSpaces; will retry: "
                                + e.describe())), StopReason.THROTTLED);
                    }
                    case UNKNOWN_OUTCOME, ALREADY_EXISTS -> {
                        return new Outcome(resolveUnknown(task, run, e), null);
                    }
                    case QUOTA_EXCEEDED -> {
                        return new Outcome(releasing(run, task, Transition.failed(Reason.of(ReasonCode.DESTINATION_QUOTA_EXCEEDED)
                                .situation(ReasonText.AT_COPY).with(Reason.REGION, region).with(Reason.ERROR, e.describe()))), StopReason.REGION_BLOCKED);
                    }
                    case ACCESS_DENIED -> {
                        return new Outcome(releasing(run, task, Transition.failed(Reason.of(ReasonCode.DESTINATION_UNREACHABLE)
                                .situation(ReasonText.COPY_DENIED).with(Reason.REGION, region).with(Reason.ERROR, e.describe()))), StopReason.REGION_BLOCKED);
                    }
                    case NOT_FOUND -> {
                        return new Outcome(releasing(run, task, Transition.failed(Reason.of(ReasonCode.IMAGE_NOT_FOUND)
                                .situation(ReasonText.GONE).with(Reason.IMAGE, task.sourceImageId())
                                .with(Reason.SOURCE_REGION, task.sourceRegion()).with(Reason.ERROR, e.describe()))), null);
                    }
                    default -> {
                        return new Outcome(releasing(run, task, Transition.failed(Reason.of(ReasonCode.COPY_REFUSED)
                                .situation(ReasonText.REFUSED).with(Reason.ERROR, e.describe()))), null);
                    }
                }
            }
        }
    }

    /**
     * The call may have made the copy (no answer) or a copy with this name exists. Look for it now; if it is
     * not there yet, leave the task STARTING: after its lease, reconciliation looks again.
     */
    private CopyTask resolveUnknown(CopyTask task, Run run, WorkSpacesError cause) {
        String region = run.region();
        RateLimiter limiter = run.limiter();
        log.warn(cause.describe() + "; looking for " + task.destinationName() + " in " + region,
                run.fields(task).errorCode(cause.errorCode()));
        try {
            limiter.acquire();
            Optional<SourceImage> found = run.workspaces().ownedImageNamed(region, task.destinationName());
            if (found.isPresent()) {
                return adoptIfOurs(task, found.get().imageId(), run).orElse(task);
            }
        } catch (WorkSpacesError e) {
            log.warn("the lookup failed too: " + e.describe(), run.fields(task).errorCode(e.errorCode()));
        }
        return task;
    }

    /** An image with the task's name: ours if our system tags say so, else someone else's image is in the way. */
    private Optional<CopyTask> adoptIfOurs(CopyTask task, String imageId, Run run) {
        String region = run.region();
        run.limiter().acquire();
        Map<String, String> tags;
        try {
            tags = run.workspaces().tags(region, imageId);
        } catch (WorkSpacesError e) {
            log.warn("could not read the tags of " + imageId + ": " + e.describe(), run.fields(task).errorCode(e.errorCode()));
            return Optional.empty();
        }
        boolean ours = task.jobId().equals(tags.get(SystemTags.JOB_ID))
                && task.sourceImageId().equals(tags.get(SystemTags.SOURCE_IMAGE_ID));
        if (ours) {
            log.info("found its copy " + imageId + " in " + region, run.fields(task));
            return recordCopy(task, imageId, run, Optional.empty());
        }
        return giveBack(run, store.transition(task, Transition.failed(Reason.of(ReasonCode.NAME_CONFLICT)
                .situation(ReasonText.APPEARED).with(Reason.NAME, task.destinationName()).with(Reason.COPY, imageId)
                .with(Reason.REGION, region))));
    }

    /**
     * STARTING → COPYING with the copy's id, and the ledger's claim → PENDING with it, in one transaction. Should
     * the ledger no longer name our claim (it cannot while our task is STARTING, but a hand-edited table can),
     * the task still records its copy: a copy is never lost from the job.
     */
    private Optional<CopyTask> recordCopy(CopyTask task, String imageId, Run run, Optional<String> replaced) {
        if (!run.sharedPairs()) {
            return store.transition(task, Transition.copying(imageId));
        }
        return switch (store.recordCopy(task, run.account(), imageId, replaced)) {
            case JobStore.Moved moved -> Optional.of(moved.task());
            case JobStore.TaskMoved taken -> Optional.empty();
            case JobStore.LedgerMoved lost -> {
                log.warn("the replica ledger no longer names this job's claim of " + task.sourceImageId() + " in "
                        + run.region() + "; recording the copy " + imageId + " anyway", run.fields(task));
                yield store.transition(task, Transition.copying(imageId).replacing(replaced));
            }
        };
    }

    private CopyTask releasing(Run run, CopyTask task, Transition change) {
        return giveBack(run, store.transition(task, change)).orElse(task);
    }

    /** A Region-wide refusal (quota, access) fails every task still waiting there, without more calls. */
    private void failRemaining(List<CopyTask> tasks, CopyTask blocked) {
        for (int i = 0; i < tasks.size(); i++) {
            CopyTask t = tasks.get(i);
            if (t.state() == TaskState.PENDING) {
                int index = i;
                Reason why = blocked.why().orElseGet(() -> Reason.of(ReasonCode.COPY_REFUSED)
                        .situation(ReasonText.REFUSED).with(Reason.ERROR, blocked.reason().orElse(null)).build());
                store.transition(t, Transition.failed(why)).ifPresent(m -> tasks.set(index, m));
            }
        }
    }

    private boolean leaseExpired(CopyTask task, Instant now) {
        return task.claimedAt().map(c -> !c.plus(Duration.ofSeconds(pacing.claimLeaseSeconds())).isAfter(now)).orElse(true);
    }

    private RegionProgress progress(String jobId, Target region, List<CopyTask> tasks, StopReason stop) {
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
