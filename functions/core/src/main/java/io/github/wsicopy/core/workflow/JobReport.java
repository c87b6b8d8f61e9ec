package io.github.wsicopy.core.workflow;

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
