package io.github.wsicopy.api;

import io.github.wsicopy.core.finish.FinishResults;
import io.github.wsicopy.core.workflow.JobReport;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.store.InvalidPageToken;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobListing;
import io.github.wsicopy.core.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reading jobs: the newest first, one job, a job's tasks (filtered by state and Region). */
final class JobQueries {
    private final JobStore store;
    private final JobListing listing;

    private final FinishResults finished;

    JobQueries(JobStore store, FinishResults finished) {
        this.store = store;
        this.finished = finished;
        this.listing = store.listing();
    }

    static ApiException notFound(String jobId) {
        return new ApiException(ProblemType.JOB_NOT_FOUND, "there is no job " + jobId + "; list the jobs with"
                + " GET /jobs (finished jobs are kept for the configured retention, then deleted)");
    }

    Map<String, Object> list(HttpRequest request) {
        Params.onlyKnown(request, Set.of("limit", "nextToken"));
        List<FieldError> errors = new ArrayList<>();
        int limit = Params.limit(request, errors);
        Params.fail(errors);
        JobListing.Page<Job> page = paged(() -> listing.jobs(limit, Params.nextToken(request)));
        return Views.page("jobs", page, Views::jobSummary);
    }

    Map<String, Object> get(HttpRequest request, String jobId) {
        Params.onlyKnown(request, Set.of());
        Map<String, Object> json = Views.job(store.job(jobId).orElseThrow(() -> notFound(jobId)), store.request(jobId));
        json.put("afterCopy", JobReport.afterCopy(finished.results(jobId)));
        return json;
    }

    Map<String, Object> tasks(HttpRequest request, String jobId) {
        Params.onlyKnown(request, Set.of("limit", "nextToken", "state", "region", "account"));
        List<FieldError> errors = new ArrayList<>();
        int limit = Params.limit(request, errors);
        JobListing.TaskFilter filter = new JobListing.TaskFilter(Params.account(request, errors),
                Params.region(request, errors), Params.taskState(request, errors));
        Params.fail(errors);
        if (store.job(jobId).isEmpty()) {
            throw notFound(jobId);
        }
        return Views.page("tasks", paged(() -> listing.tasks(jobId, filter, limit, Params.nextToken(request))),
                Views::task);
    }

    private static <T> JobListing.Page<T> paged(java.util.function.Supplier<JobListing.Page<T>> read) {
        try {
            return read.get();
        } catch (InvalidPageToken e) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, "the nextToken is invalid",
                    List.of(new FieldError("nextToken", "invalid", e.getMessage())));
        }
    }
}
