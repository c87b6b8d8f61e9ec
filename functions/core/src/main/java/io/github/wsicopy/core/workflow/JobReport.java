package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.finish.FinishResult;
import io.github.wsicopy.core.store.Counts;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.TaskState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a finished job tells people (a plain-text summary) and programs (an event detail). Pure. */
public final class JobReport {
    /** EventBridge entries are limited to 256 KB; a few hundred task lines stay well below. */
    public static final int MAX_EVENT_TASKS = 500;
    private static final int MAX_TEXT_PROBLEMS = 50;

    private JobReport() {}

    public static String subject(Job job) {
        String subject = "WorkSpaces image copy " + job.jobId() + ": " + job.state();
        return subject.length() > 100 ? subject.substring(0, 100) : subject;
    }

    public static String text(Job job, List<CopyTask> tasks) {
        return text(job, tasks, List.of());
    }

    /** The summary, then what the finishing steps did in each target ({@code finished}: the job's FinishResults). */
    public static String text(Job job, List<CopyTask> tasks, List<FinishResult> finished) {
        return copies(job, tasks) + afterCopyText(finished);
    }

    private static String copies(Job job, List<CopyTask> tasks) {
        StringBuilder out = new StringBuilder();
        long made = tasks.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count();
        long present = tasks.stream().filter(t -> JobOutcome.success(t) && t.state() == TaskState.SKIPPED).count();
        long failed = tasks.stream().filter(JobOutcome::failure).count();
        out.append("WorkSpaces image copy job ").append(job.jobId()).append(" ended ").append(job.state()).append(".\n");
        out.append(tasks.size()).append(" copies requested: ").append(made).append(" made, ")
                .append(present).append(" already in place, ").append(failed).append(" not made.\n");
        job.error().ifPresent(e -> out.append("Error: ").append(e).append('\n'));
        job.note().ifPresent(n -> out.append("Note: ").append(n).append('\n'));
        job.validationErrors().ifPresent(v -> out.append("Request errors: ").append(v).append('\n'));
        // One account: by Region, as before; several: by account and Region ("222222222222 eu-west-1").
        boolean accounts = tasks.stream().map(CopyTask::destinationAccount).distinct().count() > 1;
        Map<String, List<CopyTask>> byRegion = new TreeMap<>();
        tasks.forEach(t -> byRegion.computeIfAbsent(where(t, accounts), r -> new ArrayList<>()).add(t));
        if (!byRegion.isEmpty()) {
            out.append(accounts ? "\nBy destination account and Region:\n" : "\nBy destination Region:\n");
            byRegion.forEach((region, list) -> out.append("  ").append(region).append(": ")
                    .append(list.stream().filter(t -> t.state() == TaskState.SUCCEEDED).count()).append(" made, ")
                    .append(list.stream().filter(t -> JobOutcome.success(t) && t.state() == TaskState.SKIPPED).count())
                    .append(" already in place, ")
                    .append(list.stream().filter(JobOutcome::failure).count()).append(" not made\n"));
        }
        List<CopyTask> problems = tasks.stream().filter(JobOutcome::failure).toList();
        if (!problems.isEmpty()) {
            out.append("\nNot made (").append(problems.size()).append("):\n");
            problems.stream().limit(MAX_TEXT_PROBLEMS).forEach(t -> out.append("  ").append(t.sourceImageId())
                    .append(" -> ").append(where(t, accounts)).append(": ")
                    .append(t.reasonCode().map(Enum::name).orElse(t.state().name())).append(" - ")
                    .append(t.reasonText().orElse("")).append('\n'));
            if (problems.size() > MAX_TEXT_PROBLEMS) {
                out.append("  ... and ").append(problems.size() - MAX_TEXT_PROBLEMS).append(" more: list the job's tasks for all.\n");
            }
        }
        return out.toString();
    }

    private static String where(CopyTask task, boolean withAccount) {
        return withAccount ? task.destinationAccount() + " " + task.destinationRegion() : task.destinationRegion();
    }

    /**
     * What the finishing steps did, for people: deletions (image, lineage, why), bundles, parameters, then failures,
     * each with its account and Region. Images retention meant to delete but WorkSpaces kept are listed with why.
     */
    public static String afterCopyText(List<FinishResult> finished) {
        if (finished.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nAfter the copies:\n");
        for (FinishResult r : finished.stream().limit(MAX_TEXT_PROBLEMS).toList()) {
            out.append("  ").append(r.account()).append(" ").append(r.region()).append(": ").append(switch (r) {
                case FinishResult.ImageDeleted d -> d.imageId() + " " + d.why();
                case FinishResult.ImageKept k -> k.imageId() + " (lineage " + k.lineage() + ") " + k.why();
                case FinishResult.BundleRolledOut b -> (b.created() ? "created" : "updated") + " bundle " + b.name()
                        + " (" + b.bundleId() + ") to use " + b.imageId()
                        + (b.created() ? "" : "; existing WorkSpaces keep their image until they are rebuilt");
                case FinishResult.ParameterWritten p -> "wrote parameter " + p.name() + " = " + p.imageId()
                        + " (version " + p.version() + ")";
                case FinishResult.Failed f -> "FAILED " + f.subject().kind().toLowerCase(java.util.Locale.ROOT) + " "
                        + f.subject().id() + ": " + f.error();
            }).append('\n');
        }
        if (finished.size() > MAX_TEXT_PROBLEMS) {
            out.append("  ... and ").append(finished.size() - MAX_TEXT_PROBLEMS)
                    .append(" more: GET /jobs/{jobId} lists them all.\n");
        }
        return out.toString();
    }

    /**
     * What the finishing steps did, for programs (the event and {@code GET /jobs/{jobId}}): one list per kind, each
     * item with its account and Region; at most {@link #MAX_EVENT_TASKS} items in all.
     */
    public static Map<String, Object> afterCopy(List<FinishResult> finished) {
        List<Object> deleted = new ArrayList<>();
        List<Object> kept = new ArrayList<>();
        List<Object> bundles = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        List<Object> failures = new ArrayList<>();
        for (FinishResult r : finished.subList(0, Math.min(finished.size(), MAX_EVENT_TASKS))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("account", r.account());
            item.put("region", r.region());
            switch (r) {
                case FinishResult.ImageDeleted d -> {
                    item.put("imageId", d.imageId());
                    item.put("lineage", d.lineage());
                    item.put("why", d.why());
                    deleted.add(item);
                }
                case FinishResult.ImageKept k -> {
                    item.put("imageId", k.imageId());
                    item.put("lineage", k.lineage());
                    item.put("why", k.why());
                    kept.add(item);
                }
                case FinishResult.BundleRolledOut b -> {
                    item.put("name", b.name());
                    item.put("bundleId", b.bundleId());
                    item.put("imageId", b.imageId());
                    item.put("action", b.created() ? "created" : "updated");
                    bundles.add(item);
                }
                case FinishResult.ParameterWritten p -> {
                    item.put("name", p.name());
                    item.put("version", p.version());
                    item.put("imageId", p.imageId());
                    parameters.add(item);
                }
                case FinishResult.Failed f -> {
                    item.put("kind", f.subject().kind());
                    item.put("subject", f.subject().id());
                    f.imageId().ifPresent(id -> item.put("imageId", id));
                    item.put("error", f.error());
                    failures.add(item);
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("imagesDeleted", deleted);
        json.put("imagesKept", kept);
        json.put("bundles", bundles);
        json.put("parameters", parameters);
        json.put("failures", failures);
        json.put("truncated", finished.size() > MAX_EVENT_TASKS);
        return json;
    }

    public static Map<String, Object> eventDetail(Job job, List<CopyTask> tasks, List<FinishResult> finished) {
        Map<String, Object> detail = eventDetail(job, tasks);
        detail.put("afterCopy", afterCopy(finished));
        return detail;
    }

    public static Map<String, Object> eventDetail(Job job, List<CopyTask> tasks) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("jobId", job.jobId());
        detail.put("state", job.state());
        detail.put("counts", Counts.of(tasks).toJson());
        job.error().ifPresent(e -> detail.put("error", e));
        job.note().ifPresent(n -> detail.put("note", n));
        job.origin().policy().ifPresent(p -> detail.put("policyId", p));
        job.origin().retryOf().ifPresent(r -> detail.put("retryOf", r));
        List<Object> lines = new ArrayList<>();
        for (CopyTask t : tasks.subList(0, Math.min(tasks.size(), MAX_EVENT_TASKS))) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("sourceImageId", t.sourceImageId());
            line.put("sourceRegion", t.sourceRegion());
            line.put("destinationAccount", t.destinationAccount());
            line.put("destinationRegion", t.destinationRegion());
            line.put("state", t.state());
            t.destinationImageId().ifPresent(i -> line.put("destinationImageId", i));
            t.reasonCode().ifPresent(c -> line.put("reasonCode", c));
            t.reasonText().ifPresent(r -> line.put("reason", r));
            t.why().ifPresent(w -> line.put("reasonParams", w.params()));
            lines.add(line);
        }
        detail.put("tasks", lines);
        detail.put("tasksTruncated", tasks.size() > MAX_EVENT_TASKS);
        return detail;
    }
}
