package io.github.wsicopy.localrun.demo;

import io.github.wsicopy.core.store.CopyTask;
import java.util.Optional;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;

/** The end result, one row per (image, destination Region): state, the copy's id, and why when it is not one. */
final class TaskTable {
    private static final int REASON_WIDTH = 80;

    private TaskTable() {}

    /** With an ACCOUNT column when the tasks go to more than one account. */
    static void print(PrintStream out, List<CopyTask> tasks, DemoJob fleet) {
        boolean accounts = tasks.stream().map(CopyTask::destinationAccount).distinct().count() > 1;
        String format = (accounts ? "%-13s " : "%s") + "%-15s %-18s %-14s %-10s %-14s %s%n";
        out.printf(format, accounts ? "ACCOUNT" : "", "REGION", "IMAGE", "SOURCE ID", "STATE", "COPY ID", "REASON");
        tasks.stream()
                .sorted(Comparator.comparing(CopyTask::destinationAccount).thenComparing(CopyTask::destinationRegion)
                        .thenComparing(t -> fleet.nameOf(t.sourceImageId())))
                .forEach(t -> out.printf(format, accounts ? t.destinationAccount() : "", t.destinationRegion(),
                        fleet.nameOf(t.sourceImageId()), t.sourceImageId(), t.state(), t.destinationImageId().orElse("-"),
                        reason(t)));
    }

    /** The table's words: the reason code and its rendering from the task's data, or the job whose copy it followed. */
    private static String reason(CopyTask task) {
        Optional<String> words = task.reasonText();
        if (task.reasonCode().isEmpty() && words.isEmpty()) {
            return task.copiedByJob().map(job -> "followed job " + job + "'s copy").orElse("");
        }
        String text = task.reasonCode().map(Enum::name).orElse("") + words.map(r -> ": " + r).orElse("");
        return text.length() > REASON_WIDTH ? text.substring(0, REASON_WIDTH - 1) + "…" : text;
    }
}
