package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import java.util.Collection;

/** How a job ended, from its tasks. Pure. */
public final class JobOutcome {
    private JobOutcome() {}

    /** A copy made, or one found already in place, is what the user asked for. */
    public static boolean success(CopyTask task) {
        return task.state() == TaskState.SUCCEEDED
                || (task.state() == TaskState.SKIPPED && task.reasonCode().map(c -> !c.isFailure()).orElse(false));
    }

    public static boolean failure(CopyTask task) {
        return task.state().terminal() && !success(task);
    }

    /** All good → SUCCEEDED; nothing good → FAILED; some of each → PARTIALLY_SUCCEEDED. */
    public static JobState decide(Collection<CopyTask> tasks) {
        long successes = tasks.stream().filter(JobOutcome::success).count();
        long failures = tasks.stream().filter(JobOutcome::failure).count();
        if (successes == 0) {
            return JobState.FAILED;
        }
        return failures == 0 ? JobState.SUCCEEDED : JobState.PARTIALLY_SUCCEEDED;
    }
}
