package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.Transition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Ends a job whose execution was stopped (through the API, or by anyone in the console): the job ends CANCELLED
 * with a conditional write on its state (from then on no task can be claimed for copying), then its open tasks
 * are cancelled, each with a conditional transition, so a step still finishing and the cancel never count a
 * task twice, and two cancels of the same job (the API's and the stop event's) agree. WorkSpaces cannot stop
 * a copy: tasks already COPYING become CANCELLED with a reason saying the copy goes on.
 */
public final class JobCanceller {
    private static final Set<JobState> OPEN = Set.of(JobState.SUBMITTED, JobState.VALIDATING, JobState.RUNNING);
    /** Tasks moved by someone else while cancelling are read again, a bounded number of times. */
    private static final int ROUNDS = 3;

    private final JobStore store;
    private final Clock clock;
    private final Duration retention;
    private final Log log;

    public JobCanceller(JobStore store, Clock clock, Duration retention, LambdaLogger log) {
        this.store = store;
        this.clock = clock;
        this.retention = retention;
        this.log = Log.of(log);
    }

    /**
     * Ends the job CANCELLED with {@code note} unless it has already ended, and cancels whatever is still open
     * if it is CANCELLED (by this call or an earlier one). A job that ended otherwise is returned unchanged;
     * empty when there is no such job.
     */
    public Optional<JobFinisher.Finished> cancel(String jobId, String note) {
        if (store.endJob(jobId, OPEN, JobState.CANCELLED, note, clock.instant().plus(retention))) {
            log.info("job " + jobId + " cancelled: " + note, Fields.job(jobId));
        }
        Optional<Job> found = store.job(jobId);
        if (found.isEmpty()) {
            log.warn("job " + jobId + " does not exist; nothing to cancel (" + note + ")", Fields.job(jobId));
            return Optional.empty();
        }
        Job job = found.get();
        if (job.state() == JobState.CANCELLED) {
            cancelOpenTasks(jobId);
            job.origin().policy().ifPresent(policyId -> store.policyLocks().release(policyId, jobId));
            job = store.job(jobId).orElseThrow();
        }
        return Optional.of(new JobFinisher.Finished(job, store.tasks(jobId)));
    }

    private void cancelOpenTasks(String jobId) {
        for (int round = 0; round < ROUNDS; round++) {
            List<CopyTask> open = store.tasks(jobId).stream().filter(t -> !t.state().terminal()).toList();
            if (open.isEmpty()) {
                return;
            }
            // A task moved by a step still finishing fails its condition: it is read again next round.
            open.forEach(task -> store.transition(task, Transition.cancelled(
                    JobFinisher.underWay(task, Reason.of(ReasonCode.CANCELLED_BY_USER)).build())));
        }
    }
}
