package io.github.wsicopy.api;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.PolicyParser;
import io.github.wsicopy.core.model.PolicySchedule;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.model.ReplicationPolicy;
import io.github.wsicopy.core.store.InvalidPageToken;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobListing;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.PolicyDefinition;
import io.github.wsicopy.core.store.PolicyDefinitions;
import io.github.wsicopy.core.workflow.Executions;
import io.github.wsicopy.core.workflow.Planner;
import io.github.wsicopy.core.workflow.PolicyResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replication policies as a resource: {@code PUT/GET/DELETE /policies/{policyId}}, {@code GET /policies},
 * {@code POST /policies/{policyId}/run} and {@code /plan}. The table is the truth (a versioned item per policy);
 * each policy's schedule in EventBridge Scheduler follows it: after every write the schedule is set to what the
 * table holds then, so of two concurrent writers the later one leaves the schedule matching the table.
 */
final class PoliciesApi {
    static final List<String> BODY_FIELDS = List.of("policy", "schedule");
    /** Unfinished jobs are kept longer than finished ones, so nothing expires mid-run (as in validate). */
    private static final Duration RUNNING_MARGIN = Duration.ofDays(30);
    private static final int WRITE_ATTEMPTS = 3;
    private static final Pattern ETAG = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");

    private final JobStore store;
    private final PolicyDefinitions definitions;
    private final PolicySchedules schedules;
    private final Executions executions;
    private final Planner planner;
    private final PolicyResolver resolver;
    private final Clock clock;
    private final Duration retention;
    private final Supplier<String> newJobId;
    private final int maxBodyBytes;
    private final Log log;

    PoliciesApi(JobStore store, PolicySchedules schedules, Executions executions, Planner planner,
            PolicyResolver resolver, Clock clock, Duration retention, Supplier<String> newJobId, int maxBodyBytes,
            Log log) {
        this.store = store;
        this.definitions = store.policyDefinitions();
        this.schedules = schedules;
        this.executions = executions;
        this.planner = planner;
        this.resolver = resolver;
        this.clock = clock;
        this.retention = retention;
        this.newJobId = newJobId;
        this.maxBodyBytes = maxBodyBytes;
        this.log = log;
    }

    static ApiException notFound(String policyId) {
        return new ApiException(ProblemType.POLICY_NOT_FOUND, "there is no policy " + policyId + "; list the policies"
                + " with GET /policies, or create it with PUT /policies/" + policyId);
    }

    /** The path's policy id for reading: one that cannot exist is simply not found. */
    static String existingId(Map<String, String> path) {
        String id = path.get("policyId");
        if (!PolicyParser.POLICY_ID.matcher(id).matches()) {
            throw new ApiException(ProblemType.POLICY_NOT_FOUND, "there is no policy \"" + abbreviate(id) + "\";"
                    + " policy ids are 1 to 64 letters, digits, '-' or '_'");
        }
        return id;
    }

    // ---- PUT ---------------------------------------------------------------------------------------------

    /** What a PUT did: created (201) or replaced (200), and the policy as stored. */
    record Stored(boolean created, PolicyDefinition definition) {}

    Stored put(HttpRequest request, String policyId) {
        Params.onlyKnown(request, Set.of());
        List<FieldError> errors = new ArrayList<>();
        if (!PolicyParser.POLICY_ID.matcher(policyId).matches()) {
            errors.add(new FieldError("policyId", "pattern", "\"" + abbreviate(policyId) + "\" in the path is not a"
                    + " policy id; use 1 to 64 letters, digits, '-' or '_', e.g. /policies/nightly-golden"));
        }
        OptionalLong ifMatch = ifMatch(request);
        Map<String, Object> body = Params.jsonBody(request, maxBodyBytes);
        Body parsed = body(body, policyId, errors);
        if (!errors.isEmpty()) {
            throw new ApiException(ProblemType.INVALID_REQUEST, errors.size() + " field error(s) in the policy;"
                    + " nothing was stored or scheduled", errors);
        }
        for (int attempt = 1; ; attempt++) {
            Optional<PolicyDefinition> current = definitions.get(policyId);
            checkVersion(policyId, ifMatch, current);
            PolicyDefinition next = new PolicyDefinition(policyId, Json.write(parsed.document()), parsed.schedule(),
                    policyId, current.map(c -> c.version() + 1).orElse(1L),
                    current.map(PolicyDefinition::createdAt).orElse(clock.instant()), clock.instant());
            try {
                definitions.put(next, current.isEmpty() ? OptionalLong.empty() : OptionalLong.of(current.get().version()));
            } catch (PolicyDefinitions.Changed changed) {
                if (ifMatch.isPresent() || attempt >= WRITE_ATTEMPTS) {
                    throw changedMeanwhile(policyId);
                }
                continue;
            }
            try {
                followTable(policyId);
            } catch (PolicySchedules.Refused refused) {
                definitions.undo(policyId, next.version(), current);
                throw new ApiException(ProblemType.INVALID_REQUEST, "EventBridge Scheduler refused the schedule;"
                        + " nothing was stored or scheduled", List.of(new FieldError("schedule.expression", "scheduler",
                        refused.getMessage())));
            }
            log.info("policy " + policyId + " " + (current.isEmpty() ? "created" : "replaced") + " as version "
                    + next.version() + " by " + request.caller(), Fields.NONE);
            return new Stored(current.isEmpty(), next);
        }
    }

    private record Body(Map<String, Object> document, Optional<PolicySchedule> schedule) {}

    /**
     * {@code {"policy": <document>, "schedule": {...}}}: the document with the request's own checks (every error
     * at once, paths under {@code policy.}); its {@code policyId}, when given, must be the path's.
     */
    private Body body(Map<String, Object> body, String policyId, List<FieldError> errors) {
        for (String field : body.keySet()) {
            if (!BODY_FIELDS.contains(field)) {
                errors.add(new FieldError(field, "unknownField", "is not a field of a policy; the fields are policy"
                        + " (the replication policy) and schedule (when it runs)"));
            }
        }
        Map<String, Object> document = new LinkedHashMap<>();
        Object policy = body.get("policy");
        if (!(policy instanceof Map<?, ?> map)) {
            errors.add(new FieldError("policy", policy == null ? "required" : "type", "must be the replication policy,"
                    + " an object with sourceRegion, select and destinationRegions, e.g. {\"sourceRegion\":"
                    + " \"us-east-1\", \"select\": {\"tags\": {\"replicate\": \"true\"}}, \"destinationRegions\": \"ALL\"}"));
        } else {
            map.forEach((k, v) -> document.put(String.valueOf(k), v));
            Object given = document.get("policyId");
            if (given != null && !given.equals(policyId)) {
                errors.add(new FieldError("policy.policyId", "matchesPath", "is \"" + abbreviate(String.valueOf(given))
                        + "\" but the path names policy \"" + abbreviate(policyId) + "\"; leave it out or make them"
                        + " the same"));
            } else {
                document.put("policyId", policyId);
                if (PolicyParser.parse(document, planner.defaults()) instanceof PolicyParser.Invalid invalid) {
                    invalid.errors().stream()
                            .filter(e -> !e.field().equals("policyId")) // the path's id, reported above
                            .forEach(e -> errors.add(new FieldError(e.field().isEmpty() ? "policy" : "policy." + e.field(),
                                    e.rule(), e.text())));
                }
            }
        }
        Optional<PolicySchedule> schedule = Optional.ofNullable(body.get("schedule"))
                .flatMap(s -> PolicySchedule.parse(s, "schedule", errors));
        return new Body(document, schedule);
    }

    // ---- GET, DELETE -------------------------------------------------------------------------------------

    Map<String, Object> list(HttpRequest request) {
        Params.onlyKnown(request, Set.of("limit", "nextToken"));
        List<FieldError> errors = new ArrayList<>();
        int limit = Params.limit(request, errors);
        Params.fail(errors);
        JobListing.Page<PolicyDefinition> page;
        try {
            page = store.listing().policies(limit, Params.nextToken(request));
        } catch (InvalidPageToken e) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, "the nextToken is invalid",
                    List.of(new FieldError("nextToken", "invalid", e.getMessage())));
        }
        return Views.page("policies", page, d -> PolicyViews.policy(d, Optional.empty()));
    }

    PolicyDefinition get(HttpRequest request, String policyId) {
        Params.onlyKnown(request, Set.of());
        return definitions.get(policyId).orElseThrow(() -> notFound(policyId));
    }

    Optional<String> activeRun(String policyId) {
        return store.policyLocks().holder(policyId)
                .filter(jobId -> store.job(jobId).map(j -> !j.state().terminal()).orElse(false));
    }

    /** Deletes the policy and then its schedule; a run in progress finishes (and releases the lock itself). */
    Map<String, Object> delete(HttpRequest request, String policyId) {
        Params.onlyKnown(request, Set.of());
        OptionalLong ifMatch = ifMatch(request);
        for (int attempt = 1; ; attempt++) {
            PolicyDefinition current = definitions.get(policyId).orElseThrow(() -> notFound(policyId));
            checkVersion(policyId, ifMatch, Optional.of(current));
            try {
                definitions.delete(policyId, current.version());
            } catch (PolicyDefinitions.Changed changed) {
                if (ifMatch.isPresent() || attempt >= WRITE_ATTEMPTS) {
                    throw changedMeanwhile(policyId);
                }
                continue;
            }
            followTable(policyId);
            log.info("policy " + policyId + " (version " + current.version() + ") and its schedule deleted by "
                    + request.caller(), Fields.NONE);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("policyId", policyId);
            json.put("deleted", true);
            json.put("version", current.version());
            activeRun(policyId).ifPresent(jobId -> {
                json.put("activeJobId", jobId);
                json.put("note", "run " + jobId + " of the policy is still active and finishes; no new run starts");
            });
            return json;
        }
    }

    /**
     * Sets the policy's schedule to what the table holds now (none when the policy is gone or has no schedule),
     * and again if the table changed meanwhile, so the last writer's schedule is the one left.
     */
    private void followTable(String policyId) {
        Optional<PolicyDefinition> seen = definitions.get(policyId);
        for (int round = 0; round < WRITE_ATTEMPTS; round++) {
            if (seen.isPresent() && seen.get().schedule().isPresent()) {
                schedules.put(seen.get().scheduleName(), policyId, seen.get().schedule().get());
            } else {
                schedules.delete(seen.map(PolicyDefinition::scheduleName).orElse(policyId));
            }
            Optional<PolicyDefinition> now = definitions.get(policyId);
            if (now.map(PolicyDefinition::version).equals(seen.map(PolicyDefinition::version))) {
                return;
            }
            seen = now;
        }
    }

    // ---- run, plan ---------------------------------------------------------------------------------------

    /**
     * Starts a run now, the way the schedule does: a job of origin {@code Scheduled(policyId)}, started with
     * {@code {"policyId"}}. Validate takes the policy's lock; a run already active is refused here first (409).
     */
    Job run(HttpRequest request, String policyId) {
        Params.onlyKnown(request, Set.of());
        PolicyDefinition definition = definitions.get(policyId).orElseThrow(() -> notFound(policyId));
        Optional<String> active = activeRun(policyId);
        if (active.isPresent()) {
            throw new ApiException(ProblemType.POLICY_RUN_ACTIVE, "run " + active.get() + " of policy " + policyId
                    + " is still active, and runs of a policy never overlap; follow it with GET /jobs/"
                    + active.get() + " and start another once it has ended");
        }
        String jobId = newJobId.get();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("policy", Json.parseObject(definition.document()));
        Job job = store.createJob(jobId, Json.write(input), clock.instant().plus(retention).plus(RUNNING_MARGIN),
                new JobOrigin.Scheduled(policyId));
        executions.startPolicyRun(jobId, policyId);
        log.info("job " + jobId + " runs policy " + policyId + " for " + request.caller(), Fields.job(jobId));
        return job;
    }

    /** A dry run of the stored policy: resolves the selector and plans, writes nothing. */
    Map<String, Object> plan(HttpRequest request, String policyId, String account) {
        Params.onlyKnown(request, Set.of());
        PolicyDefinition definition = definitions.get(policyId).orElseThrow(() -> notFound(policyId));
        Map<String, Object> document = Json.parseObject(definition.document());
        ReplicationPolicy policy = switch (PolicyParser.parse(document, planner.defaults())) {
            case PolicyParser.Invalid invalid -> throw new ApiException(ProblemType.INVALID_REQUEST, "the stored policy"
                    + " no longer passes this deployment's checks (" + invalid.errors().size() + " field error(s));"
                    + " store a corrected one with PUT /policies/" + policyId, invalid.errors().stream()
                    .map(e -> new FieldError("policy." + e.field(), e.rule(), e.text())).toList());
            case PolicyParser.Valid valid -> valid.policy();
        };
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("policyId", policyId);
        json.put("version", definition.version());
        switch (resolver.resolve(policy, account)) {
            case PolicyResolver.Unreadable unreadable -> throw new ApiException(ProblemType.SOURCE_UNREADABLE,
                    unreadable.message());
            case PolicyResolver.NothingToCopy nothing -> {
                json.put("note", nothing.note());
                json.put("plan", Views.plan(new io.github.wsicopy.core.model.Plan(List.of(), List.of())));
            }
            case PolicyResolver.Resolved resolved -> {
                json.put("request", resolved.request());
                LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
                switch (planner.plan(JobsApi.DRY_RUN_JOB_ID, resolved.request(), account, today)) {
                    case Planner.Invalid invalid -> throw new ApiException(ProblemType.INVALID_REQUEST, "the request"
                            + " the policy resolved to is invalid; correct the policy with PUT /policies/" + policyId,
                            invalid.errors());
                    case Planner.Unreadable unreadable -> throw new ApiException(ProblemType.SOURCE_UNREADABLE,
                            unreadable.message());
                    case Planner.Planned planned -> json.put("plan", JobsApi.planView(planner, planned, clock.instant()));
                }
            }
        }
        return json;
    }

    // ---- versions ----------------------------------------------------------------------------------------

    /** {@code If-Match: "3"}: the version the caller read; a PUT or DELETE then applies to that version only. */
    static OptionalLong ifMatch(HttpRequest request) {
        Optional<String> header = request.header("if-match");
        if (header.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher m = ETAG.matcher(header.get().trim());
        if (!m.matches()) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, "the If-Match header is invalid",
                    List.of(new FieldError("If-Match", "pattern", "must be the ETag of the policy as read, e.g. \"3\""
                            + " (GET /policies/{policyId} answers it)")));
        }
        return OptionalLong.of(Long.parseLong(m.group(1)));
    }

    private static void checkVersion(String policyId, OptionalLong ifMatch, Optional<PolicyDefinition> current) {
        if (ifMatch.isEmpty()) {
            return;
        }
        if (current.isEmpty()) {
            throw new ApiException(ProblemType.POLICY_CHANGED, "If-Match names version " + ifMatch.getAsLong()
                    + " of policy " + policyId + ", which no longer exists; nothing was changed");
        }
        if (current.get().version() != ifMatch.getAsLong()) {
            throw new ApiException(ProblemType.POLICY_CHANGED, "If-Match names version " + ifMatch.getAsLong()
                    + " of policy " + policyId + ", but version " + current.get().version() + " is stored now;"
                    + " nothing was changed: read it again (GET /policies/" + policyId + ") and apply your change to it");
        }
    }

    private static ApiException changedMeanwhile(String policyId) {
        return new ApiException(ProblemType.POLICY_CHANGED, "policy " + policyId + " was changed by someone else while"
                + " this request ran; nothing was changed: read it again (GET /policies/" + policyId + ") and retry");
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
