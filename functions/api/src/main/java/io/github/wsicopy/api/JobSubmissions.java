package io.github.wsicopy.api;

import io.github.wsicopy.core.workflow.Executions;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.IdempotencyKeys;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Creating jobs: a new request, or a retry of a finished job's FAILED tasks. Each is three idempotent steps, so
 * a repeat, a concurrent duplicate, or a retry after a crash between them ends with one job and one execution:
 * <ol>
 *   <li>decide the job id: a conditional put of the {@code IDEMPOTENCY#<key>} item names it; whoever comes
 *       second reads the first one's id (with the request's hash: another body under the same key is refused);</li>
 *   <li>store the job (creating an existing job returns it);</li>
 *   <li>start the execution named after the job id (Step Functions refuses a second one with that name).</li>
 * </ol>
 */
final class JobSubmissions {
    /** Unfinished jobs are kept longer than finished ones, so nothing expires mid-run (as in validate). */
    private static final Duration RUNNING_MARGIN = Duration.ofDays(30);
    /** A retry of job X is made once: a second retry of X returns the first (retry that one to go again). */
    static final String RETRY_KEY_PREFIX = "retry:";

    private final JobStore store;
    private final IdempotencyKeys keys;
    private final Executions executions;
    private final RequestParser.Defaults defaults;
    private final Clock clock;
    private final Duration retention;
    private final Supplier<String> newJobId;

    JobSubmissions(JobStore store, Executions executions, RequestParser.Defaults defaults, Clock clock,
            Duration retention, Supplier<String> newJobId) {
        this.store = store;
        this.keys = store.idempotencyKeys();
        this.executions = executions;
        this.defaults = defaults;
        this.clock = clock;
        this.retention = retention;
        this.newJobId = newJobId;
    }

    /** Checks the request's shape (every error at once, nothing written), then stores and starts the job. */
    Job submit(Map<String, Object> request, Optional<String> idempotencyKey) {
        if (RequestParser.parse(request, defaults) instanceof RequestParser.Invalid invalid) {
            throw new ApiException(ProblemType.INVALID_REQUEST, invalid.errors().size() + " field error(s) in the"
                    + " request; nothing was stored or started", invalid.errors());
        }
        String jobId = newJobId.get();
        if (idempotencyKey.isPresent()) {
            String hash = hash(request);
            IdempotencyKeys.Claim claim = keys.claim(idempotencyKey.get(), jobId, hash, expiry());
            if (!claim.requestHash().equals(hash)) {
                throw new ApiException(ProblemType.IDEMPOTENCY_KEY_REUSED, "the Idempotency-Key was first sent with"
                        + " another request (job " + claim.jobId() + "); use a new key for a new job, or resend exactly"
                        + " the first request to get its job");
            }
            jobId = claim.jobId();
        }
        return createAndStart(jobId, request, JobOrigin.REQUESTED);
    }

    /** A retry: what it made, and how many tasks it retries. */
    record Retry(Job job, int tasks) {}

    /**
     * A new job with only the FAILED (image, Region) pairs of a finished job: the original request with
     * {@code imageIds} and {@code destinationRegions} narrowed to those pairs and {@code pairs} listing them.
     * The rules run again, so a copy that completed after all is found ALREADY_REPLICATED, not made twice.
     */
    Retry retry(String originalJobId) {
        Job original = store.job(originalJobId).orElseThrow(() -> JobQueries.notFound(originalJobId));
        if (!original.state().terminal()) {
            throw new ApiException(ProblemType.JOB_NOT_FINISHED, "job " + originalJobId + " is " + original.state()
                    + "; retry it once it has ended (or cancel it first)");
        }
        List<CopyTask> failed = store.tasks(originalJobId).stream().filter(t -> t.state() == TaskState.FAILED).toList();
        if (failed.isEmpty()) {
            throw new ApiException(ProblemType.NOTHING_TO_RETRY, "job " + originalJobId + " ended "
                    + original.state() + " with no FAILED task; there is nothing to retry");
        }
        String originalRequest = store.request(originalJobId).orElseThrow(() -> new ApiException(
                ProblemType.NOTHING_TO_RETRY, "job " + originalJobId + " no longer has its request stored; submit a"
                + " new job for the failed copies instead"));
        Map<String, Object> request = retryRequest(Json.parseObject(originalRequest), failed);
        String jobId = keys.claim(RETRY_KEY_PREFIX + originalJobId, newJobId.get(), hash(request), expiry()).jobId();
        return new Retry(createAndStart(jobId, request, new JobOrigin.Retry(originalJobId)), failed.size());
    }

    /**
     * Images, Regions and pairs keep the original request's order (tasks come in key order, by account and Region). A
     * request that named accounts or OUs is narrowed to the accounts with failed tasks, listed by id (an OU's accounts
     * may have changed since), and its pairs name their account.
     */
    static Map<String, Object> retryRequest(Map<String, Object> original, List<CopyTask> failed) {
        List<String> imageOrder = strings(original.get("imageIds"));
        List<String> regionOrder = strings(original.get("destinationRegions"));
        boolean namesAccounts = original.get("destinationAccounts") != null
                || original.get("destinationOrganizationalUnits") != null;
        Set<String> failedImages = new LinkedHashSet<>();
        Set<String> failedRegions = new LinkedHashSet<>();
        Set<String> failedAccounts = new LinkedHashSet<>();
        failed.forEach(t -> {
            failedImages.add(t.sourceImageId());
            failedRegions.add(t.destinationRegion());
            failedAccounts.add(t.destinationAccount());
        });
        List<Object> pairs = new ArrayList<>();
        failed.stream()
                .sorted(Comparator.<CopyTask>comparingInt(t -> imageOrder.indexOf(t.sourceImageId()))
                        .thenComparing(CopyTask::destinationAccount)
                        .thenComparingInt(t -> regionOrder.indexOf(t.destinationRegion())))
                .forEach(t -> {
                    Map<String, Object> pair = new LinkedHashMap<>();
                    pair.put("imageId", t.sourceImageId());
                    pair.put("destinationRegion", t.destinationRegion());
                    if (namesAccounts) {
                        pair.put("destinationAccount", t.destinationAccount());
                    }
                    pairs.add(pair);
                });
        List<String> images = imageOrder.stream().filter(failedImages::contains).toList();
        List<String> regions = regionOrder.stream().filter(failedRegions::contains).toList();
        Map<String, Object> request = new LinkedHashMap<>(original);
        request.put("imageIds", new ArrayList<>(images));
        request.put("destinationRegions", new ArrayList<>(regions));
        int accounts = 1;
        if (namesAccounts) {
            request.put("destinationAccounts", new ArrayList<>(failedAccounts));
            request.remove("destinationOrganizationalUnits");
            accounts = failedAccounts.size();
        }
        if (pairs.size() < images.size() * regions.size() * accounts) {
            request.put("pairs", pairs);
        } else {
            request.remove("pairs");
        }
        return request;
    }

    private static List<String> strings(Object list) {
        return list instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private Job createAndStart(String jobId, Map<String, Object> request, JobOrigin origin) {
        Job job = store.createJob(jobId, Json.write(request), expiry(), origin);
        executions.start(jobId);
        return job;
    }

    private Instant expiry() {
        return clock.instant().plus(retention).plus(RUNNING_MARGIN);
    }

    /** SHA-256 of the request with its keys sorted, so the same request always hashes the same. */
    static String hash(Map<String, Object> request) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.write(sorted(request)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JobSubmissions::sorted).toList();
        }
        return value;
    }
}
