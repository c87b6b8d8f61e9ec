package io.github.wsicopy.api;

import io.github.wsicopy.core.workflow.Executions;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.JobCanceller;
import io.github.wsicopy.core.workflow.JobFinisher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Cancelling a job through the API: stop its execution (no more steps run), then end it and its open tasks
 * ({@link JobCanceller}, shared with the stop event notify handles). The answer lists the copies WorkSpaces
 * had already started, which go on.
 */
final class JobCancellation {
    private final JobStore store;
    private final Executions executions;
    private final JobCanceller canceller;
    private final Clock clock;

    JobCancellation(JobStore store, Executions executions, Clock clock, Duration retention, LambdaLogger log) {
        this.store = store;
        this.executions = executions;
        this.canceller = new JobCanceller(store, clock, retention, log);
        this.clock = clock;
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
        }
        JobFinisher.Finished ended = canceller.cancel(jobId, "cancelled through the API by " + caller + " at "
                + clock.instant()).orElseThrow(() -> JobQueries.notFound(jobId));
        if (ended.job().state() != JobState.CANCELLED) {
            throw new ApiException(ProblemType.JOB_NOT_CANCELLABLE, "job " + jobId + " ended " + ended.job().state()
                    + " while it was being cancelled; there is nothing left to cancel");
        }
        return answer(ended.job(), ended.tasks());
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
}
