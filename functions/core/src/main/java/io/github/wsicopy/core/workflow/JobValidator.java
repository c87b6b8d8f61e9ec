package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.log.Metrics.Metric;
import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.PlannedCopy;
import io.github.wsicopy.core.model.PolicyParser;
import io.github.wsicopy.core.model.Rejection;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicationPolicy;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Counts;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.PolicyDefinition;
import io.github.wsicopy.core.store.PolicyLocks;
import io.github.wsicopy.core.store.ReplicaLedger;
import io.github.wsicopy.core.store.TaskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first step of a job: store (or find) the job, let the {@link Planner} check the request and make the
 * plan, and write one task per (image, destination Region). A policy's scheduled run first takes the policy's
 * lock and resolves its selector into a request. Safe to run again for the same job: a job already past
 * validation is only read back.
 */
public final class JobValidator {
    /** Tasks and unfinished jobs are kept this much longer than a finished job, so nothing expires mid-run. */
    static final Duration RUNNING_MARGIN = Duration.ofDays(30);
    private static final Set<JobState> VALIDATING = Set.of(JobState.VALIDATING);

    private final JobStore store;
    private final Planner planner;
    private final PolicyResolver policies;
    private final Clock clock;
    private final Duration retention;
    private final Log log;

    public JobValidator(JobStore store, Planner planner, PolicyResolver policies, Clock clock, Duration retention,
            LambdaLogger log) {
        this.store = store;
        this.planner = planner;
        this.policies = policies;
        this.clock = clock;
        this.retention = retention;
        this.log = Log.of(log);
    }

    /** The deployment's validator, from a handler's components. */
    public static JobValidator of(Components c) {
        io.github.wsicopy.core.workspaces.ImageQuotas quotas = io.github.wsicopy.core.workspaces.ImageQuotas.of(c);
        return new JobValidator(c.store(), Planner.of(c.workspaces(), c.store(), c.clock(), c.settings(), quotas,
                        Optional.of(c.plannerTargets(quotas)), true),
                new PolicyResolver(c.workspaces()),
                c.clock(), c.retention(), c.log());
    }

    /**
     * What the state machine needs to go on: no task lists, only the targets in batches (the Map's items, each a list
     * of {@code {account, region}}: {@link Batches}), at most {@link PayloadBudget#maxTargets} targets in all.
     */
    public record Result(String jobId, JobState state, List<List<Target>> batches, boolean hasWork, Counts counts) {
        public Result {
            batches = batches.stream().map(List::copyOf).toList();
        }

        public static Result read(Map<String, Object> json) {
            List<List<Target>> batches = new ArrayList<>();
            if (json.get("batches") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof List<?> batch) {
                        batches.add(Inputs.requiredTargets(Map.of("targets", batch)));
                    }
                }
            }
            return new Result(Inputs.requiredJobId(json), JobState.valueOf(Inputs.optionalString(json, "state")
                    .orElseThrow(() -> new IllegalArgumentException("'state' is required"))),
                    batches, Boolean.TRUE.equals(json.get("hasWork")),
                    Inputs.optionalObject(json, "counts").map(Counts::read).orElse(new Counts(Map.of())));
        }

        /** Every target of every batch, in batch order. */
        public List<Target> targets() {
            return batches.stream().flatMap(List::stream).toList();
        }

        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("jobId", jobId);
            json.put("state", state);
            List<Object> items = new ArrayList<>();
            batches.forEach(batch -> items.add(Target.toJson(batch)));
            json.put("batches", items);
            json.put("hasWork", hasWork);
            json.put("counts", counts.toJson());
            return json;
        }
    }

    /** A job stored by the API ({@code request} empty) or a request given as the execution's input. */
    public Result validate(String jobId, Optional<Map<String, Object>> request, String callerAccount) {
        return validate(jobId, request, callerAccount, JobOrigin.REQUESTED);
    }

    /** {@link #validate(String, Optional, String)} creating the job, if it is not stored yet, with {@code origin}. */
    public Result validate(String jobId, Optional<Map<String, Object>> request, String callerAccount, JobOrigin origin) {
        Job job = store.job(jobId).orElseGet(() -> store.createJob(jobId,
                Json.write(request.orElseThrow(() -> new IllegalArgumentException(
                        "no job " + jobId + " is stored and the input has no request to create it from"))),
                runningExpiry(), origin));
        if (!beginValidation(job)) {
            return summary(job);
        }
        String stored = store.request(jobId).orElseThrow(() -> new IllegalStateException("job " + jobId
                + " has no stored request"));
        return planAndStart(job, Json.parseObject(stored), callerAccount);
    }

    /**
     * A scheduled run of a replication policy: the job is created from the policy, the policy's lock is taken
     * (a run that finds the previous one still active ends CANCELLED with a note and copies nothing), the
     * selector is resolved against WorkSpaces, and the resulting request is planned like any other.
     */
    public Result validatePolicy(String jobId, Map<String, Object> policyJson, String callerAccount) {
        JobOrigin origin = PolicyParser.policyIdOf(policyJson).<JobOrigin>map(JobOrigin.Scheduled::new)
                .orElse(JobOrigin.REQUESTED);
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("policy", policyJson);
        Job job = store.job(jobId).orElseGet(() -> store.createJob(jobId, Json.write(input), runningExpiry(), origin));
        if (!beginValidation(job)) {
            return summary(job);
        }
        PolicyParser.Parsed parsed = PolicyParser.parse(policyJson, planner.defaults());
        if (parsed instanceof PolicyParser.Invalid invalid) {
            return reject(jobId, "the replication policy", invalid.errors());
        }
        ReplicationPolicy policy = ((PolicyParser.Valid) parsed).policy();
        if (store.policyLocks().acquire(policy.policyId(), jobId, this::stillActive) instanceof PolicyLocks.HeldBy held) {
            return end(jobId, JobState.CANCELLED, "not started: the previous run " + held.jobId() + " of policy "
                    + policy.policyId() + " is still active, and runs of a policy never overlap; this run copied"
                    + " nothing, and the next scheduled run copies whatever is still missing");
        }
        return switch (policies.resolve(policy, callerAccount)) {
            case PolicyResolver.NothingToCopy nothing -> end(jobId, JobState.SUCCEEDED, nothing.note());
            case PolicyResolver.Unreadable unreadable -> fail(jobId, unreadable.message());
            case PolicyResolver.Resolved resolved -> {
                store.replaceRequest(jobId, Json.write(resolved.request()));
                yield planAndStart(job, resolved.request(), callerAccount);
            }
        };
    }

    /**
     * A run of a policy stored through the API ({@code {"policyId"}}: its own schedule, or
     * {@code POST /policies/{id}/run}): the policy is read from the table now, so the run follows the latest edit,
     * then runs as {@link #validatePolicy}. A policy that is no longer stored (deleted while its schedule fired)
     * ends the run CANCELLED with a note, copying nothing.
     */
    public Result validateStoredPolicy(String jobId, String policyId, String callerAccount) {
        Optional<PolicyDefinition> stored = store.policyDefinitions().get(policyId);
        if (stored.isPresent()) {
            return validatePolicy(jobId, Json.parseObject(stored.get().document()), callerAccount);
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("policyId", policyId);
        Job job = store.job(jobId).orElseGet(() -> store.createJob(jobId, Json.write(input), runningExpiry(),
                new JobOrigin.Scheduled(policyId)));
        if (!beginValidation(job)) {
            return summary(job);
        }
        return end(jobId, JobState.CANCELLED, "not started: there is no policy " + policyId + " (it was deleted, or"
                + " never stored with PUT /policies/" + policyId + "); this run copied nothing. A schedule that still"
                + " starts it is left over: delete it, or store the policy again");
    }

    /** SUBMITTED → VALIDATING; false when the job is already past validation (a redelivered step). */
    private boolean beginValidation(Job job) {
        if (job.state() != JobState.SUBMITTED && job.state() != JobState.VALIDATING) {
            return false;
        }
        store.moveJob(job.jobId(), Set.of(JobState.SUBMITTED), JobState.VALIDATING);
        return true;
    }

    private Result planAndStart(Job job, Map<String, Object> request, String callerAccount) {
        String jobId = job.jobId();
        LocalDate day = LocalDate.ofInstant(job.createdAt(), ZoneOffset.UTC);
        return switch (planner.plan(jobId, request, callerAccount, day)) {
            case Planner.Invalid invalid -> reject(jobId, "the request", invalid.errors());
            case Planner.Unreadable unreadable -> fail(jobId, unreadable.message());
            case Planner.Planned planned -> {
                repairLedger(planned);
                Instant expiresAt = job.createdAt().plus(retention).plus(RUNNING_MARGIN);
                store.putTasks(jobId, tasks(jobId, planned), expiresAt);
                Set<Target> targets = new LinkedHashSet<>();
                planned.plan().copies().forEach(c -> targets.add(c.target()));
                Set<String> regions = new LinkedHashSet<>();
                targets.forEach(t -> regions.add(t.region()));
                log.info("job " + jobId + ": " + planned.plan().copies().size() + " copies planned in " + targets.size()
                        + " target(s) (" + regions.size() + " Region(s) of " + planned.facts().accounts().size()
                        + " account(s)), " + planned.plan().rejections().size() + " skipped", Fields.job(jobId));
                skippedMetrics(jobId, planned.plan(), regions);
                yield summary(store.startJob(jobId, List.copyOf(targets)));
            }
        };
    }

    /** The pairs the rules skipped, per destination Region (0 where none were), as metrics. */
    private void skippedMetrics(String jobId, Plan plan, Set<String> plannedRegions) {
        Map<String, Integer> skipped = new java.util.TreeMap<>();
        plannedRegions.forEach(r -> skipped.put(r, 0));
        plan.rejections().forEach(r -> skipped.merge(r.destinationRegion(), 1, Integer::sum));
        skipped.forEach((region, n) -> log.metrics().sample(jobId, region).count(Metric.PAIRS_SKIPPED, n).emit());
    }

    /**
     * Writes to the replica ledger what planning found it lacked: copies rebuilt from WorkSpaces' system tags (so
     * the copy step can follow them, or delete ours in ERROR) and records whose copy is gone. Conditional writes:
     * a record another job wrote meanwhile stands. The API's dry run plans too, and writes nothing.
     */
    private void repairLedger(Planner.Planned planned) {
        ReplicaLedger ledger = store.replicas();
        for (DestinationFacts there : planned.facts().destinations().values()) {
            for (Replica stale : there.staleRecords()) {
                ledger.markGone(stale);
            }
            for (Replica replica : there.replicas().values()) {
                if (replica.version() == 0) {
                    ledger.adopt(replica);
                }
            }
        }
    }

    private Result reject(String jobId, String what, List<FieldError> fieldErrors) {
        List<Object> errors = new ArrayList<>();
        for (FieldError e : fieldErrors) {
            errors.add(Map.of("field", e.field(), "rule", e.rule(), "message", e.message()));
        }
        log.warn("job " + jobId + ": " + what + " was rejected with " + errors.size() + " field error(s)",
                Fields.job(jobId).errorCode("INVALID_REQUEST"));
        store.failJob(jobId, VALIDATING, what + " is invalid: " + fieldErrors.size()
                + " field error(s); nothing was copied", Optional.of(Json.write(errors)));
        return summary(store.job(jobId).orElseThrow());
    }

    private Result fail(String jobId, String message) {
        store.failJob(jobId, VALIDATING, message, Optional.empty());
        return summary(store.job(jobId).orElseThrow());
    }

    private Result end(String jobId, JobState state, String note) {
        log.info("job " + jobId + " ends " + state + ": " + note, Fields.job(jobId));
        store.endJob(jobId, VALIDATING, state, note, clock.instant().plus(retention));
        return summary(store.job(jobId).orElseThrow());
    }

    private boolean stillActive(String jobId) {
        return store.job(jobId).map(j -> !j.state().terminal()).orElse(false);
    }

    private Instant runningExpiry() {
        return clock.instant().plus(retention).plus(RUNNING_MARGIN);
    }

    private List<CopyTask> tasks(String jobId, Planner.Planned planned) {
        Instant now = clock.instant();
        List<CopyTask> tasks = new ArrayList<>();
        for (PlannedCopy copy : planned.plan().copies()) {
            tasks.add(new CopyTask(jobId, copy.sourceImageId(), copy.sourceRegion(), copy.destinationAccount(),
                    copy.destinationRegion(),
                    copy.destinationName(), copy.destinationDescription(), copy.tags(), TaskState.PENDING,
                    Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), now));
        }
        for (Rejection r : planned.plan().rejections()) {
            tasks.add(CopyTask.skipped(jobId, r.sourceImageId(), planned.request().sourceRegion(),
                    r.destinationAccount(), r.destinationRegion(), r.reason(), now));
        }
        return tasks;
    }

    private static Result summary(Job job) {
        boolean hasWork = job.state() == JobState.RUNNING && job.counts().open() > 0;
        long planned = job.counts().total() - job.counts().get(TaskState.SKIPPED);
        return new Result(job.jobId(), job.state(), hasWork ? Batches.of(job.targets(), planned) : List.of(), hasWork,
                job.counts());
    }
}
