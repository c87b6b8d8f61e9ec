package io.github.wsicopy.api;

import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.finish.AfterCopyPreview;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.PlannedCopy;
import io.github.wsicopy.core.model.Rejection;
import io.github.wsicopy.core.model.Tag;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobListing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The JSON the API answers with, in one place (docs/api/openapi.yaml describes the same shapes). Pure. */
final class Views {
    private Views() {}

    static String jobPath(String jobId) {
        return "/jobs/" + jobId;
    }

    /** A job in a listing: state, counters, timestamps, links. */
    static Map<String, Object> jobSummary(Job job) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("jobId", job.jobId());
        json.put("state", job.state().name());
        job.origin().policy().ifPresent(p -> json.put("policyId", p));
        job.origin().retryOf().ifPresent(r -> json.put("retryOf", r));
        json.put("counts", job.counts().toJson());
        json.put("createdAt", job.createdAt().toString());
        json.put("updatedAt", job.updatedAt().toString());
        job.finishedAt().ifPresent(f -> json.put("finishedAt", f.toString()));
        json.put("links", Map.of("self", jobPath(job.jobId()), "tasks", jobPath(job.jobId()) + "/tasks"));
        return json;
    }

    /** One job with everything a user needs to follow it. */
    static Map<String, Object> job(Job job, Optional<String> request) {
        Map<String, Object> json = jobSummary(job);
        List<Object> targets = new ArrayList<>();
        for (io.github.wsicopy.core.model.Target target : job.targets()) {
            targets.add(Map.of("account", target.account(), "region", target.region()));
        }
        json.put("targets", targets);
        request.ifPresent(r -> json.put("request", Json.parse(r)));
        job.error().ifPresent(e -> json.put("error", e));
        job.note().ifPresent(n -> json.put("note", n));
        job.validationErrors().ifPresent(v -> json.put("validationErrors", Json.parse(v)));
        return json;
    }

    static Map<String, Object> task(CopyTask task) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("sourceImageId", task.sourceImageId());
        json.put("sourceRegion", task.sourceRegion());
        json.put("destinationAccount", task.destinationAccount());
        json.put("destinationRegion", task.destinationRegion());
        json.put("state", task.state().name());
        if (!task.destinationName().isEmpty()) {
            json.put("destinationName", task.destinationName());
        }
        task.destinationImageId().ifPresent(i -> json.put("destinationImageId", i));
        task.reasonCode().ifPresent(c -> json.put("reasonCode", c.name()));
        task.reasonText().ifPresent(r -> json.put("reason", r));
        task.why().ifPresent(w -> json.put("reasonParams", w.params()));
        json.put("attempts", task.attempts());
        json.put("updatedAt", task.updatedAt().toString());
        return json;
    }

    static <T> Map<String, Object> page(String field, JobListing.Page<T> page, Function<T, Map<String, Object>> view) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(field, page.items().stream().map(view).toList());
        page.nextToken().ifPresent(t -> json.put("nextToken", t));
        return json;
    }

    /** A dry run's answer: what would be copied, and what not with why. */
    static Map<String, Object> plan(Plan plan) {
        List<Object> copies = new ArrayList<>();
        for (PlannedCopy copy : plan.copies()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sourceImageId", copy.sourceImageId());
            json.put("sourceRegion", copy.sourceRegion());
            json.put("destinationAccount", copy.destinationAccount());
            json.put("destinationRegion", copy.destinationRegion());
            json.put("destinationName", copy.destinationName());
            json.put("destinationDescription", copy.destinationDescription());
            json.put("tags", tags(copy.tags()));
            copies.add(json);
        }
        List<Object> rejections = new ArrayList<>();
        long alreadyReplicated = 0;
        for (Rejection rejection : plan.rejections()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("sourceImageId", rejection.sourceImageId());
            json.put("destinationAccount", rejection.destinationAccount());
            json.put("destinationRegion", rejection.destinationRegion());
            json.put("reasonCode", rejection.code().name());
            json.put("reason", rejection.message());
            json.put("reasonParams", rejection.reason().params());
            json.put("failure", rejection.code().isFailure());
            rejections.add(json);
            alreadyReplicated += rejection.code().isFailure() ? 0 : 1;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("copies", copies.size());
        summary.put("alreadyReplicated", alreadyReplicated);
        summary.put("rejected", rejections.size() - alreadyReplicated);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("summary", summary);
        json.put("copies", copies);
        json.put("rejections", rejections);
        return json;
    }

    /** The plan, with the images quota it used per destination Region and where that came from. */
    static Map<String, Object> plan(Plan plan, List<io.github.wsicopy.core.workflow.Planner.ImageQuota> quotas) {
        Map<String, Object> json = plan(plan);
        List<Object> list = new ArrayList<>();
        for (io.github.wsicopy.core.workflow.Planner.ImageQuota quota : quotas) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("account", quota.account());
            q.put("region", quota.region());
            q.put("imageQuota", quota.imageQuota());
            q.put("quotaSource", quota.quotaSource());
            list.add(q);
        }
        json.put("imageQuotas", list);
        return json;
    }

    /** What the finishing steps would do in each target of a dry run (retention, bundles, parameters). */
    static List<Object> afterCopy(List<AfterCopyPreview.TargetPreview> previews) {
        List<Object> list = new ArrayList<>();
        for (AfterCopyPreview.TargetPreview p : previews) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("account", p.account());
            json.put("region", p.region());
            json.put("deletes", p.deletions().stream().map(d -> (Object) ordered("imageId", d.imageId(), "name",
                    d.name(), "lineage", d.lineage(), "why", d.why())).toList());
            json.put("bundles", p.bundles().stream().map(b -> {
                Map<String, Object> bundle = ordered("name", b.name(), "action", b.action());
                b.bundleId().ifPresent(id -> bundle.put("bundleId", id));
                b.note().ifPresent(n -> bundle.put("note", n));
                return (Object) bundle;
            }).toList());
            json.put("parameters", p.parameters().stream().map(w -> (Object) ordered("name", w.name(),
                    "sourceImageId", w.sourceImageId())).toList());
            p.problem().ifPresent(problem -> json.put("problem", problem));
            list.add(json);
        }
        return list;
    }

    private static Map<String, Object> ordered(String... keysAndValues) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            json.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return json;
    }

    private static List<Object> tags(List<Tag> tags) {
        List<Object> list = new ArrayList<>();
        tags.forEach(t -> list.add(Map.of("key", t.key(), "value", t.value())));
        return list;
    }
}
