package io.github.wsicopy.api;

import io.github.wsicopy.core.workflow.Executions;
import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.workflow.Planner;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The HTTP API: its routes (docs/api/openapi.yaml describes exactly these) and the mapping of failures to
 * problem answers. 4xx answers say what to change; internal failures are logged with their stack trace and
 * answered with the request id only.
 */
final class JobsApi {
    /** A dry run renders {@code {jobId}} in names and descriptions as this. */
    static final String DRY_RUN_JOB_ID = "dry-run";
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Router router = new Router();
    private final ApiSettings settings;
    private final JobSubmissions submissions;
    private final JobQueries queries;
    private final JobCancellation cancellation;
    private final Planner planner;
    private final Clock clock;
    private final Log log;
    private volatile String account = "";

    private final PoliciesApi policies;

    JobsApi(Components c, ApiSettings settings, Executions executions, PolicySchedules schedules) {
        this.settings = settings;
        this.clock = c.clock();
        this.log = c.log();
        io.github.wsicopy.core.workspaces.ImageQuotas quotas = io.github.wsicopy.core.workspaces.ImageQuotas.of(c);
        this.planner = Planner.of(c.workspaces(), c.store(), c.clock(), c.settings(), quotas,
                java.util.Optional.of(c.plannerTargets(quotas)), false);
        this.submissions = new JobSubmissions(c.store(), executions, planner.defaults(), clock, c.retention(),
                () -> newJobId(clock));
        this.queries = new JobQueries(c.store(), new io.github.wsicopy.core.finish.FinishResults(c.store().dynamo(),
                c.settings().tableName(), c.clock(), c.retention()));
        this.cancellation = new JobCancellation(c.store(), executions, clock, c.retention(), log);
        this.policies = new PoliciesApi(c.store(), schedules, executions, planner,
                new io.github.wsicopy.core.workflow.PolicyResolver(c.workspaces()), clock, c.retention(),
                () -> newJobId(clock), settings.maxBodyBytes(), log);
        router.add("POST", "/jobs", statuses(200, 202, 400, 413, 415, 422), (r, p) -> createJob(r))
                .add("GET", "/jobs", statuses(200, 400), (r, p) -> HttpResponse.json(200, queries.list(r)))
                .add("POST", "/plans", statuses(200, 400, 413, 415, 422), (r, p) -> {
                    Params.onlyKnown(r, Set.of());
                    return dryRun(r);
                })
                .add("GET", "/jobs/{jobId}", statuses(200, 400, 404),
                        (r, p) -> HttpResponse.json(200, queries.get(r, Params.jobId(p))))
                .add("GET", "/jobs/{jobId}/tasks", statuses(200, 400, 404),
                        (r, p) -> HttpResponse.json(200, queries.tasks(r, Params.jobId(p))))
                .add("POST", "/jobs/{jobId}/cancel", statuses(200, 400, 404, 409), (r, p) -> cancel(r, Params.jobId(p)))
                .add("POST", "/jobs/{jobId}/retry", statuses(202, 400, 404, 409), (r, p) -> retry(r, Params.jobId(p)))
                .add("GET", "/policies", statuses(200, 400), (r, p) -> HttpResponse.json(200, policies.list(r)))
                .add("PUT", "/policies/{policyId}", statuses(200, 201, 400, 409, 413, 415), (r, p) -> putPolicy(r, p))
                .add("GET", "/policies/{policyId}", statuses(200, 400, 404), (r, p) -> getPolicy(r, p))
                .add("DELETE", "/policies/{policyId}", statuses(200, 400, 404, 409),
                        (r, p) -> HttpResponse.json(200, policies.delete(r, PoliciesApi.existingId(p))))
                .add("POST", "/policies/{policyId}/run", statuses(202, 400, 404, 409), (r, p) -> {
                    String policyId = PoliciesApi.existingId(p);
                    Map<String, Object> extra = new LinkedHashMap<>();
                    extra.put("policyId", policyId);
                    return accepted(r, policies.run(r, policyId), extra);
                })
                .add("POST", "/policies/{policyId}/plan", statuses(200, 400, 404, 422),
                        (r, p) -> HttpResponse.json(200, policies.plan(r, PoliciesApi.existingId(p), account)));
    }

    /** Every route may also fail internally (500) or meet throttling or an unavailable dependency (503). */
    private static Set<Integer> statuses(Integer... own) {
        Set<Integer> all = new TreeSet<>(List.of(own));
        all.add(500);
        all.add(503);
        return all;
    }

    List<Router.Route> routes() {
        return router.routes();
    }

    /**
     * Answers one request.
     *
     * @param account the function's own account (the dry run's "own images"); the same for every invocation
     */
    HttpResponse handle(HttpRequest request, String account) {
        this.account = account;
        try {
            return router.route(request);
        } catch (ApiException e) {
            return e.response();
        } catch (TransientFailure e) {
            return unavailable(request, e);
        } catch (SdkClientException e) {
            return unavailable(request, e);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                return unavailable(request, e);
            }
            return internal(request, e);
        } catch (RuntimeException e) {
            return internal(request, e);
        }
    }

    // ---- routes -----------------------------------------------------------------------------------------

    private HttpResponse createJob(HttpRequest request) {
        Params.onlyKnown(request, Set.of("dryRun"));
        if (Params.dryRun(request)) {
            return dryRun(request);
        }
        Map<String, Object> body = Params.jsonBody(request, settings.maxBodyBytes());
        Job job = submissions.submit(body, Params.idempotencyKey(request));
        log.info("job " + job.jobId() + " submitted by " + request.caller(), Fields.job(job.jobId()).account(account));
        return accepted(request, job, new LinkedHashMap<>());
    }

    private HttpResponse dryRun(HttpRequest request) {
        Map<String, Object> body = Params.jsonBody(request, settings.maxBodyBytes());
        return switch (planner.plan(DRY_RUN_JOB_ID, body, account, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC))) {
            case Planner.Invalid invalid -> throw new ApiException(ProblemType.INVALID_REQUEST, invalid.errors().size()
                    + " field error(s) in the request", invalid.errors());
            case Planner.Unreadable unreadable -> throw new ApiException(ProblemType.SOURCE_UNREADABLE,
                    unreadable.message());
            case Planner.Planned planned -> HttpResponse.json(200, planView(planner, planned, clock.instant()));
        };
    }

    /**
     * A dry run's plan as every route shows it: the copies, the rejections, the images quota each Region used, and
     * what the finishing steps would do in each target.
     */
    static Map<String, Object> planView(Planner planner, Planner.Planned planned, java.time.Instant now) {
        Map<String, Object> json = Views.plan(planned.plan(), planner.imageQuotas(planned.facts()));
        json.put("afterCopy", Views.afterCopy(planner.afterCopy(planned, now)));
        return json;
    }

    private HttpResponse cancel(HttpRequest request, String jobId) {
        Params.onlyKnown(request, Set.of());
        JobCancellation.Cancelled cancelled = cancellation.cancel(jobId, request.caller());
        Map<String, Object> json = Views.jobSummary(cancelled.job());
        json.put("cancelledTasks", cancelled.cancelledTasks());
        json.put("stillCopying", cancelled.stillCopying().stream().map(s -> {
            Map<String, Object> copy = new LinkedHashMap<>();
            copy.put("sourceImageId", s.sourceImageId());
            copy.put("destinationRegion", s.destinationRegion());
            s.destinationImageId().ifPresent(i -> copy.put("destinationImageId", i));
            return copy;
        }).toList());
        cancelled.job().note().ifPresent(n -> json.put("note", n));
        return HttpResponse.json(200, json);
    }

    private HttpResponse retry(HttpRequest request, String jobId) {
        Params.onlyKnown(request, Set.of());
        JobSubmissions.Retry retry = submissions.retry(jobId);
        log.info("job " + retry.job().jobId() + " retries " + retry.tasks() + " failed task(s) of job " + jobId,
                Fields.job(retry.job().jobId()).account(account));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("retriedTasks", retry.tasks());
        return accepted(request, retry.job(), extra);
    }

    private HttpResponse putPolicy(HttpRequest request, Map<String, String> path) {
        PoliciesApi.Stored stored = policies.put(request, path.get("policyId"));
        String url = request.baseUrl() + PolicyViews.path(stored.definition().policyId());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("etag", PolicyViews.etag(stored.definition().version()));
        if (stored.created()) {
            headers.put("location", url);
        }
        return HttpResponse.json(stored.created() ? 201 : 200, PolicyViews.policy(stored.definition(), Optional.empty()))
                .withHeaders(headers);
    }

    private HttpResponse getPolicy(HttpRequest request, Map<String, String> path) {
        String policyId = PoliciesApi.existingId(path);
        io.github.wsicopy.core.store.PolicyDefinition definition = policies.get(request, policyId);
        return HttpResponse.json(200, PolicyViews.policy(definition, policies.activeRun(policyId)))
                .withHeaders(Map.of("etag", PolicyViews.etag(definition.version())));
    }

    /** 202 with the job's id, state and URL (also in Location). */
    private static HttpResponse accepted(HttpRequest request, Job job, Map<String, Object> extra) {
        String url = request.baseUrl() + Views.jobPath(job.jobId());
        Map<String, Object> json = Views.jobSummary(job);
        json.put("url", url);
        json.putAll(extra);
        return HttpResponse.json(202, json).withHeaders(Map.of("location", url));
    }

    // ---- failures ---------------------------------------------------------------------------------------

    private HttpResponse unavailable(HttpRequest request, RuntimeException e) {
        log.warn("request " + request.requestId() + " " + request.method() + " " + request.path()
                + ": a dependency is throttling or unavailable: " + e, Fields.NONE.errorCode(ProblemType.SERVICE_UNAVAILABLE.name()));
        return HttpResponse.problem(Problem.of(ProblemType.SERVICE_UNAVAILABLE, "a service the API depends on is"
                + " throttling or briefly unavailable; nothing was changed that a retry would repeat: try again in a"
                + " few seconds")).withHeaders(Map.of("retry-after", "5"));
    }

    private HttpResponse internal(HttpRequest request, RuntimeException e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        log.error("request " + request.requestId() + " " + request.method() + " " + request.path() + " failed: " + trace,
                Fields.NONE.errorCode(ProblemType.INTERNAL_ERROR.name()));
        return HttpResponse.problem(Problem.of(ProblemType.INTERNAL_ERROR, "the request failed inside the API;"
                + " quote request id " + request.requestId() + " when you report it"));
    }

    static String newJobId(Clock clock) {
        StringBuilder suffix = new StringBuilder();
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 8; i++) {
            suffix.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return "j-" + ID_TIME.format(clock.instant()) + "-" + suffix;
    }
}
