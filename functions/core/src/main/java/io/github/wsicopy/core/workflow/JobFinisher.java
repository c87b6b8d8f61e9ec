package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The last step of every job, on the success path and on the failure path: no job stays RUNNING. Tasks still
 * open when the workflow failed end FAILED with the workflow's error as their reason; the job's final state
 * follows from its tasks, and its retention clock starts.
 */
public final class JobFinisher {
    private static final Set<JobState> OPEN = Set.of(JobState.SUBMITTED, JobState.VALIDATING, JobState.RUNNING);

    private final JobStore store;
    private final Clock clock;
    private final Duration retention;
    private final LambdaLogger log;

    public JobFinisher(JobStore store, Clock clock, Duration retention, LambdaLogger log) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.log = log;
    }

    /** The error the state machine caught, as Step Functions reports it. */
    public record WorkflowError(String error, String cause) {
        public String describe() {
            String shortCause = cause == null ? "" : cause.length() > 500 ? cause.substring(0, 500) + "…" : cause;
            return error + (shortCause.isEmpty() ? "" : ": " + shortCause);
        }
    }

    /** The finished job and its tasks, for the notification. */
    public record Finished(Job job, List<CopyTask> tasks) {}

    public Optional<Finished> finish(String jobId, Optional<WorkflowError> error) {
        Optional<Job> found = store.job(jobId);
        if (found.isEmpty()) {
            log.log("job " + jobId + " does not exist; nothing to finish" + error.map(e -> " (" + e.describe() + ")").orElse(""));
            return Optional.empty();
        }
        Job job = found.get();
        if (!job.state().terminal()) {
            String reason = error.map(e -> "the workflow failed (" + e.describe() + ")")
                    .orElse("the workflow ended");
            for (CopyTask task : store.tasks(jobId)) {
                closeOpenTask(task, reason);
            }
            List<CopyTask> tasks = store.tasks(jobId);
            JobState state = error.isPresent() && tasks.isEmpty() ? JobState.FAILED : JobOutcome.decide(tasks);
            store.finishJob(jobId, OPEN, state, error.map(WorkflowError::describe), clock.instant().plus(retention));
            log.log("job " + jobId + " finished " + state);
        } else {
            store.expireAt(jobId, job.finishedAt().orElse(clock.instant()).plus(retention));
        }
        job.origin().policy().ifPresent(policyId -> releasePolicy(policyId, jobId));
        return Optional.of(new Finished(store.job(jobId).orElseThrow(), store.tasks(jobId)));
    }

    /** The policy's next run may start: this one has ended (a lock naming another run is left alone). */
    private void releasePolicy(String policyId, String jobId) {
        if (store.policyLocks().release(policyId, jobId)) {
            log.log("job " + jobId + " released the lock of policy " + policyId);
        }
    }

    private void closeOpenTask(CopyTask task, String reason) {
        if (task.state().terminal()) {
            return;
        }
        String message = task.state() == TaskState.COPYING
                ? reason + " while the copy " + task.destinationImageId().orElse("?") + " was still running in "
                        + task.destinationRegion() + "; it may still complete there: check it, then retry the failed tasks"
                : reason + " before this copy started; retry the failed tasks";
        store.transition(task, Transition.failed(ReasonCode.WORKFLOW_FAILED, message));
    }
}
