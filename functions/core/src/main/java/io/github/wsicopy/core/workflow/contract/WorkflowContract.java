package io.github.wsicopy.core.workflow.contract;

import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.core.workflow.RegionProgress;
import java.util.List;
import java.util.Optional;

/**
 * Which record each task state of {@code statemachine/bulk-copy.asl.json} reads and writes. The ASL refers to
 * record fields by name (Choice variables, Parameters, ItemSelector, paths); WorkflowContractTest checks every such
 * reference against these records, so renaming a field or adding a {@link io.github.wsicopy.core.workflow.NextStep}
 * fails a test instead of a deployed execution.
 */
public final class WorkflowContract {
    /** A task state, the function behind it, and its input and output records. */
    public record State(String name, String function, Class<? extends Record> input, Class<? extends Record> output) {}

    public static final State VALIDATE =
            new State("Validate", "validate", ValidateInput.class, JobValidator.Result.class);
    public static final State START_COPIES =
            new State("StartCopies", "copy", RegionInput.class, RegionProgress.class);
    public static final State POLL_STATUS =
            new State("PollStatus", "poll-status", RegionInput.class, RegionProgress.class);
    public static final State REGION_FAILED =
            new State("RegionFailed", "copy", RegionFailedInput.class, RegionProgress.class);
    /** A target's finishing step, where the Route state's DONE (the copy loop's end) leads. */
    public static final State FINISH_TARGET =
            new State("FinishTarget", "copy", FinishInput.class, FinishOutput.class);
    /** FinishTarget's Catch: records the step's own failure as a result item. */
    public static final State FINISH_TARGET_FAILED =
            new State("FinishTargetFailed", "copy", FinishInput.class, FinishOutput.class);
    public static final State NOTIFY = new State("Notify", "notify", NotifyInput.class, NotifyOutput.class);
    public static final State NOTIFY_FAILURE =
            new State("NotifyFailure", "notify", NotifyInput.class, NotifyOutput.class);

    public static final List<State> TASK_STATES =
            List.of(VALIDATE, START_COPIES, POLL_STATUS, REGION_FAILED, FINISH_TARGET,
            FINISH_TARGET_FAILED, NOTIFY, NOTIFY_FAILURE);

    /** The Map state's item, one per destination Region: the Region loop's first input. */
    public static final Class<? extends Record> REGION_ITEM = RegionInput.class;

    private WorkflowContract() {}

    /** The task state named {@code name} in the ASL. */
    public static Optional<State> taskState(String name) {
        return TASK_STATES.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
