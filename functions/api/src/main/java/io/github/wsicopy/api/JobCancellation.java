package io.github.wsicopy.api;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Cancelling a job: stop its execution (no more steps run), end the job CANCELLED with a conditional write on
 * its state (from then on no task can be claimed for copying), then cancel its open tasks, each with a
 * conditional transition, so a concurrent step (a copy or poll still finishing, or notify) and the cancel never
 * count a task twice. WorkSpaces cannot stop a copy: tasks already COPYING become CANCELLED with a reason saying
 * the copy goes on, and the answer lists them.
 */
final class JobCancellation {
    private static final Set<JobState> OPEN = Set.of(JobState.SUBMITTED, JobState.VALIDATING, JobState.RUNNING);
    /** Tasks moved by someone else while cancelling are read again, a bounded number of times. */
    private static final int ROUNDS = 3;

    private final JobStore store;
    private final Executions executions;
    private final Clock clock;
    private final Duration retention;
    private final LambdaLogger log;

    JobCancellation(JobStore store, Executions executions, Clock clock, Duration retention, LambdaLogger log) {
        this.store = store;
        this.executions = executions;
        this.clock = clock;
        this.retention = retention;
        this.log = log;
    }

    /** A copy WorkSpaces had already started: it will complete in the destination. */
    record StillCopying(String sourceImageId, String destinationRegion, Optional<String> destinationImageId) {}

    /** @param cancelledTasks tasks cancelled before their copy started */
    record Cancelled(Job job, int cancelledTasks, List<StillCopying> stillCopying) {}

    Cancelled cancel(String jobId, String caller) {
        Job job = store.job(jobId).orElseThrow(() -> JobQueries.notFound(jobId));
        if (job.state().terminal() && job.state() != JobState.CANCELLED) {
            throw new ApiException(ProblemType.JOB_NOT_CANCELLABLE, "job " + jobId + " already ended "
                    + job.state() + "; there is nothing left to cancel");
        }
        if (job.state() != JobState.CANCELLED) {
            executions.stop(jobId, "cancelled through the API by " + caller);
            boolean ended = store.endJob(jobId, OPEN, JobState.CANCELLED, "cancelled through the API by " + caller
                    + " at " + clock.instant(), clock.instant().plus(retention));
            Job now = store.job(jobId).orElseThrow();
            if (!ended && now.state() != JobState.CANCELLED) {
                throw new ApiException(ProblemType.JOB_NOT_CANCELLABLE, "job " + jobId + " ended " + now.state()
                        + " while it was being cancelled; there is nothing left to cancel");
            }
            log.log("job " + jobId + " cancelled by " + caller);
        }
        for (int round = 0; round < ROUNDS; round++) {
            List<CopyTask> open = store.tasks(jobId).stream().filter(t -> !t.state().terminal()).toList();
            if (open.isEmpty()) {
                break;
            }
            // A task moved by a step still finishing fails its condition: it is read again next round.
            open.forEach(task -> store.transition(task, Transition.cancelled(ReasonCode.CANCELLED_BY_USER, reason(task))));
        }
        store.job(jobId).orElseThrow().origin().policy()
                .ifPresent(policyId -> store.policyLocks().release(policyId, jobId));
        return answer(store.job(jobId).orElseThrow(), store.tasks(jobId));
    }

    /** The same answer for every call on a cancelled job: from the tasks as stored. */
    private static Cancelled answer(Job job, List<CopyTask> tasks) {
        int cancelled = 0;
        List<StillCopying> stillCopying = new ArrayList<>();
        for (CopyTask task : tasks) {
            boolean byUser = task.state() == TaskState.CANCELLED
                    && task.reasonCode().filter(ReasonCode.CANCELLED_BY_USER::equals).isPresent();
            if (byUser && task.destinationImageId().isPresent()) {
                stillCopying.add(new StillCopying(task.sourceImageId(), task.destinationRegion(),
                        task.destinationImageId()));
            } else if (byUser) {
                cancelled++;
            }
        }
        return new Cancelled(job, cancelled, stillCopying);
    }

    private static String reason(CopyTask task) {
        return switch (task.state()) {
            case COPYING -> "the job was cancelled while WorkSpaces was copying to " + task.destinationRegion()
                    + " as " + task.destinationImageId().orElse("?") + "; WorkSpaces cannot stop a copy, so it goes on"
                    + " and the image will be there: delete it if you do not want it";
            case STARTING -> "the job was cancelled while this copy was being started; if WorkSpaces made it, it is"
                    + " in " + task.destinationRegion() + " named " + task.destinationName();
            default -> "the job was cancelled before this copy started";
        };
    }
}
