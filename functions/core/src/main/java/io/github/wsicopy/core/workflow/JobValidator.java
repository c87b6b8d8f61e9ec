package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.PlannedCopy;
import io.github.wsicopy.core.model.Rejection;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.rules.RulesConfig;
import io.github.wsicopy.core.rules.RulesEngine;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
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
 * The first step of a job: store (or find) the job, check the request, ask WorkSpaces for the facts, let the
 * rules make the plan, and write one task per (image, destination Region). Safe to run again for the same
 * job: a job already past validation is only read back.
 */
public final class JobValidator {
    /** Tasks and unfinished jobs are kept this much longer than a finished job, so nothing expires mid-run. */
    static final Duration RUNNING_MARGIN = Duration.ofDays(30);

    private final JobStore store;
    private final FactGatherer facts;
    private final RulesConfig rules;
    private final RequestParser.Defaults defaults;
    private final Clock clock;
    private final Duration retention;
    private final LambdaLogger log;

    public JobValidator(JobStore store, FactGatherer facts, RulesConfig rules, RequestParser.Defaults defaults,
            Clock clock, Duration retention, LambdaLogger log) {
        this.store = store;
        this.facts = facts;
        this.rules = rules;
        this.defaults = defaults;
        this.clock = clock;
        this.retention = retention;
        this.log = log;
    }

    /** What the state machine needs to go on: constant-size, no task lists. */
    public record Result(String jobId, JobState state, List<String> regions, boolean hasWork,
            io.github.wsicopy.core.store.Counts counts) {
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("jobId", jobId);
            json.put("state", state);
            json.put("regions", regions);
            json.put("hasWork", hasWork);
            json.put("counts", counts.toJson());
            return json;
        }
    }

    public Result validate(String jobId, Optional<Map<String, Object>> request, String callerAccount) {
        Job job = store.job(jobId).orElseGet(() -> store.createJob(jobId,
                Json.write(request.orElseThrow(() -> new IllegalArgumentException(
                        "no job " + jobId + " is stored and the input has no request to create it from"))),
                clock.instant().plus(retention).plus(RUNNING_MARGIN)));
        if (job.state() != JobState.SUBMITTED && job.state() != JobState.VALIDATING) {
            return summary(job);
        }
        store.moveJob(jobId, Set.of(JobState.SUBMITTED), JobState.VALIDATING);

        RequestParser.Parsed parsed = RequestParser.parse(Json.parseObject(job.requestJson()), defaults);
        if (parsed instanceof RequestParser.Invalid invalid) {
            List<Object> errors = new ArrayList<>();
            for (FieldError e : invalid.errors()) {
                errors.add(Map.of("field", e.field(), "rule", e.rule(), "message", e.message()));
            }
            log.log("job " + jobId + ": request rejected with " + errors.size() + " field error(s)");
            store.failJob(jobId, Set.of(JobState.VALIDATING), "the request is invalid: " + invalid.errors().size()
                    + " field error(s); nothing was copied", Optional.of(Json.write(errors)));
            return summary(store.job(jobId).orElseThrow());
        }
        CopyRequest copyRequest = ((RequestParser.Valid) parsed).request();
        Plan plan;
        try {
            LocalDate day = LocalDate.ofInstant(job.createdAt(), ZoneOffset.UTC);
            plan = RulesEngine.plan(copyRequest, facts.gather(jobId, copyRequest, callerAccount, day), rules);
        } catch (FactGatherer.SourceUnreadable e) {
            store.failJob(jobId, Set.of(JobState.VALIDATING), e.getMessage(), Optional.empty());
            return summary(store.job(jobId).orElseThrow());
        }
        Instant expiresAt = job.createdAt().plus(retention).plus(RUNNING_MARGIN);
        store.putTasks(jobId, tasks(jobId, copyRequest.sourceRegion(), plan), expiresAt);
        Set<String> regions = new LinkedHashSet<>();
        plan.copies().forEach(c -> regions.add(c.destinationRegion()));
        log.log("job " + jobId + ": " + plan.copies().size() + " copies planned in " + regions.size()
                + " Region(s), " + plan.rejections().size() + " skipped");
        return summary(store.startJob(jobId, List.copyOf(regions)));
    }

    private List<CopyTask> tasks(String jobId, String sourceRegion, Plan plan) {
        Instant now = clock.instant();
        List<CopyTask> tasks = new ArrayList<>();
        for (PlannedCopy copy : plan.copies()) {
            tasks.add(new CopyTask(jobId, copy.sourceImageId(), copy.sourceRegion(), copy.destinationRegion(),
                    copy.destinationName(), copy.destinationDescription(), copy.tags(), TaskState.PENDING,
                    Optional.empty(), Optional.empty(), Optional.empty(), 0, Optional.empty(), now));
        }
        for (Rejection r : plan.rejections()) {
            tasks.add(new CopyTask(jobId, r.sourceImageId(), sourceRegion, r.destinationRegion(), "", "", List.of(),
                    TaskState.SKIPPED, Optional.of(r.code()), Optional.of(r.message()), Optional.empty(), 0,
                    Optional.empty(), now));
        }
        return tasks;
    }

    private static Result summary(Job job) {
        boolean hasWork = job.state() == JobState.RUNNING && job.counts().open() > 0;
        return new Result(job.jobId(), job.state(), hasWork ? job.regions() : List.of(), hasWork, job.counts());
    }
}
