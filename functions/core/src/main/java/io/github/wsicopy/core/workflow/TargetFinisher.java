package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.accounts.ImageShares;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.finish.FinishResult;
import io.github.wsicopy.core.finish.FinishResults;
import io.github.wsicopy.core.finish.RegionFinisher;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import io.github.wsicopy.core.workflow.contract.FinishOutput;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * A target's finishing step (the FinishTarget state), once its copies are final: the one place the copy function's
 * {@code finish} input lands. It runs the after-copy work ({@link RegionFinisher}: bundles, the SSM parameter,
 * retention) and records a failure of the step itself (FinishTargetFailed) as a result item, so the target ends
 * normally: a finishing failure never fails the copies.
 */
public final class TargetFinisher {
    /** The result item that says the step itself failed (its key's subject). */
    public static final FinishResult.Subject STEP = new FinishResult.Subject("STEP", "FinishTarget");

    private final RegionFinisher finisher;
    private final FinishResults results;
    private final JobStore store;
    private final Optional<ImageShares> shares;
    private final Log log;

    public TargetFinisher(RegionFinisher finisher, FinishResults results, Log log) {
        this(finisher, results, null, Optional.empty(), log);
    }

    /** @param shares where a target in another account gives back the shares of its source images */
    public TargetFinisher(RegionFinisher finisher, FinishResults results, JobStore store, Optional<ImageShares> shares,
            Log log) {
        this.finisher = finisher;
        this.results = results;
        this.store = store;
        this.shares = shares;
        this.log = log;
    }

    /**
     * The copy function's finisher: WorkSpaces and SSM of each target account through {@code targets} (the stack's
     * own account through its own role), the source images read in {@code ownAccount}, results kept as long as tasks.
     */
    public static TargetFinisher of(Components c, String ownAccount, Function<String, TargetAccounts> targets) {
        FinishResults results = new FinishResults(c.store().dynamo(), c.settings().tableName(), c.clock(),
                c.retention().plus(JobValidator.RUNNING_MARGIN));
        TargetAccounts accounts = targets.apply(ownAccount);
        BiFunction<String, String, SsmClient> ssm = (account, region) -> ssmIn(c, ownAccount, account, region);
        // Shares are made from the stack's account, which only ACCOUNT_ID (set by the template) tells apart.
        Optional<ImageShares> shares = c.settings().accountId().filter(id -> c.workspaces().reachesOtherAccounts())
                .map(id -> ImageShares.of(c));
        return new TargetFinisher(new RegionFinisher(c.store(), results, accounts::workspaces, ssm, ownAccount),
                results, c.store(), shares, c.log());
    }

    /**
     * Parameter Store of a target: the stack's own through the function's role, another account's through the
     * target-account role ({@code AccountAccess}, as its WorkSpaces gateway); AccountUnreachable when that role cannot
     * be assumed (the parameter is then recorded as a failed item naming the account).
     */
    static SsmClient ssmIn(Components c, String ownAccount, String account, String region) {
        if (account.equals(ownAccount)) {
            return c.clients().ssm(region);
        }
        return c.workspaces().accounts().clients(account).ssm(region);
    }

    /**
     * FinishTarget for a batch: each target's after-copy work, side by side ({@link BatchRunner}); a target whose work
     * fails for good is recorded as a failed item and the others' stand; failures that pass are thrown once, naming
     * their targets, for the step's Retry (a target already finished finds nothing left to do).
     */
    public FinishOutput finish(String jobId, List<Target> batch) {
        List<BatchRunner.Outcome<FinishOutput>> outcomes = BatchRunner.run(batch, target -> finish(jobId, target));
        return FinishOutput.sum(jobId, batch, BatchRunner.settle(outcomes,
                (target, e) -> failed(jobId, target, BatchRunner.asCaught(e))));
    }

    /**
     * FinishTargetFailed for a batch: the targets the error names (all of the batch when it names none) get their
     * failed item; the others finished in an earlier attempt of the step.
     */
    public FinishOutput failed(String jobId, List<Target> batch, WorkflowError error) {
        BatchRunner.Named named = BatchRunner.failedTargets(error);
        return FinishOutput.sum(jobId, batch, named.within(batch).stream()
                .map(target -> failed(jobId, target, named.error())).toList());
    }

    /** FinishTarget: the after-copy work of one target, then what is owed to its account. */
    public FinishOutput finish(String jobId, Target target) {
        RegionFinisher.Outcome outcome = finisher.finish(jobId, target.account(), target.region());
        if (!outcome.notFinal()) {
            releaseShares(jobId, target);
        }
        log.info("job " + jobId + ": finished " + target.region() + " of " + target.account() + ": " + outcome,
                Fields.job(jobId, target.region()).account(target.account()));
        return FinishOutput.of(jobId, target, outcome);
    }

    /**
     * The target's copies are final: it no longer needs the source images shared with its account. Its holders are
     * given back, and the last holder of a share unshares the image (unless the request said
     * {@code unshareAfterCopy: false}). A target in the images' own account holds none (no write).
     */
    void releaseShares(String jobId, Target target) {
        if (shares.isEmpty()) {
            return;
        }
        List<CopyTask> tasks = store.tasks(jobId, target);
        if (tasks.isEmpty()) {
            return;
        }
        boolean unshare = JobFinisher.unshareAfterCopy(store, jobId);
        String holder = ImageShares.holder(jobId, target.region());
        Set<String> images = new LinkedHashSet<>();
        tasks.forEach(t -> images.add(t.sourceImageId()));
        List<String> busy = new java.util.ArrayList<>();
        boolean sourceBusy = false;
        for (String image : images) {
            if (sourceBusy) {
                // The source's calls are booked (shares other targets wait for come first): the retry gives it back.
                busy.add(image);
                continue;
            }
            ImageShares.Share share = new ImageShares.Share(tasks.get(0).sourceRegion(), image, target.account());
            switch (shares.get().release(share, holder, unshare)) {
                case ImageShares.UnshareFailed failed -> log.warn("could not unshare " + image + " from account "
                        + target.account() + ": " + failed.error().describe(),
                        Fields.job(jobId, target.region()).account(target.account()));
                case ImageShares.ComeBackLater later -> {
                    busy.add(image + " (" + later.why() + ")");
                    sourceBusy = later.sourceBusy();
                }
                default -> { }
            }
        }
        if (!busy.isEmpty()) {
            // The step is retried (its Retry on TransientFailure); what was released stays released.
            throw new io.github.wsicopy.core.TransientFailure("the shares of " + String.join(", ", busy) + " with account "
                    + target.account() + " could not be given back yet");
        }
    }

    /** FinishTargetFailed: the step failed for good (after its Retry); recorded as an item, the target ends normally. */
    public FinishOutput failed(String jobId, Target target, WorkflowError error) {
        String sentence = "The after-copy step in " + target.region() + " of account " + target.account()
                + " stopped: " + error.describe() + ". The copies are not affected and the items recorded before it"
                + " stand; what it did not reach (bundles, parameters, retention) is done by the next run, or invoke"
                + " the copy function with {\"jobId\", \"account\", \"region\", \"finish\": true} to run it again";
        log.error("job " + jobId + ": " + sentence, Fields.job(jobId, target.region()).account(target.account())
                .errorCode(error.error()));
        results.record(jobId, new FinishResult.Failed(target.account(), target.region(), STEP, Optional.empty(),
                sentence));
        return new FinishOutput(jobId, List.of(target), 0, 0, 0, 0, 1, false);
    }
}
