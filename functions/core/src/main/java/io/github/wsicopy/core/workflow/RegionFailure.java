package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReasonText;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import java.util.ArrayList;
import java.util.List;

/**
 * A step of one Region's loop failed for good (the state machine's Retry gave up): that Region's open tasks end
 * FAILED with {@link ReasonCode#REGION_FAILED} and a sentence naming the step, the Region and the error, while
 * the job's other Regions run to their end. The job's final state then follows from all its tasks (Notify).
 * Safe to repeat: every move is conditional on the task's current state.
 */
public final class RegionFailure {
    /** The Region loop's steps, by their state names in the definition. */
    public enum Step {
        START_COPIES(ReasonText.START_COPIES),
        POLL_STATUS(ReasonText.POLL_STATUS);

        private final String stateName;

        Step(String stateName) {
            this.stateName = stateName;
        }

        /** The name of the ASL state this step is. */
        public String stateName() {
            return stateName;
        }

        public static Step of(String stateName) {
            for (Step step : values()) {
                if (step.stateName.equals(stateName)) {
                    return step;
                }
            }
            throw new IllegalArgumentException("'step' must be StartCopies or PollStatus, got '" + stateName + "'");
        }
    }

    private final JobStore store;
    private final Log log;

    public RegionFailure(JobStore store, LambdaLogger log) {
        this.store = store;
        this.log = Log.of(log);
    }

    /**
     * RegionFailed: a step of a batch's loop failed for good. The targets its error names ({@link BatchRunner}: the
     * ones whose failure kept passing) end their open tasks FAILED; an error that names none (the step failed as a
     * whole: a timeout, the function stopping) ends the whole batch's. The batch's other targets go on: the loop
     * starts again with them (StartCopies answers each with what it needs), or is done.
     */
    public RegionProgress fail(String jobId, List<Target> batch, Step step, WorkflowError error) {
        BatchRunner.Named named = BatchRunner.failedTargets(error);
        List<Target> failing = named.within(batch);
        List<RegionProgress> parts = new ArrayList<>();
        for (Target target : batch) {
            if (failing.contains(target)) {
                parts.add(fail(jobId, target, step, named.error()));
            } else {
                List<CopyTask> tasks = store.tasks(jobId, target);
                boolean open = tasks.stream().anyMatch(t -> !t.state().terminal());
                parts.add(RegionProgress.of(jobId, target, tasks, 0, 0, open ? NextStep.START : NextStep.DONE));
            }
        }
        return RegionProgress.combine(jobId, batch, parts);
    }

    /**
     * A batch step's answer from its targets' outcomes ({@link BatchRunner#run}): a target that failed for good ends
     * here, within the step, so the others go on; failures that pass are thrown once, naming their targets, for the
     * step's Retry.
     */
    public RegionProgress settle(String jobId, List<Target> batch, Step step,
            List<BatchRunner.Outcome<RegionProgress>> outcomes) {
        return RegionProgress.combine(jobId, batch, BatchRunner.settle(outcomes,
                (target, e) -> fail(jobId, target, step, BatchRunner.asCaught(e))));
    }

    /** Ends the open tasks of one target (account and Region) FAILED; the other targets go on. */
    public RegionProgress fail(String jobId, Target target, Step step, WorkflowError error) {
        String region = target.region();
        log.error("job " + jobId + ": " + reason(region, step, error),
                Fields.job(jobId, region).account(target.account()).errorCode(error.error()));
        Reason.Builder why = Reason.of(ReasonCode.REGION_FAILED).with(Reason.REGION, region)
                .with(Reason.STEP, step.stateName).with(Reason.ERROR, error.describe());
        List<CopyTask> tasks = new ArrayList<>(store.tasks(jobId, target));
        for (int i = 0; i < tasks.size(); i++) {
            CopyTask task = tasks.get(i);
            if (!task.state().terminal()) {
                int index = i;
                store.transition(task, JobFinisher.closing(task, why))
                        .ifPresent(moved -> tasks.set(index, moved));
            }
        }
        return RegionProgress.of(jobId, target, tasks, 0, 0, NextStep.DONE);
    }

    /** "Copying to eu-west-1 stopped: starting the copies there failed because ...". */
    static String reason(String region, Step step, WorkflowError error) {
        return ReasonText.regionStopped(region, step.stateName, error.describe());
    }
}
