package io.github.wsicopy.core.workflow;

import java.util.Optional;

/**
 * What the state machine does next for a Region; the Route choice state switches on it. Each value names the
 * task state it leads to and whether a Wait state comes first: the one statement of the Region loop's routing,
 * which the ASL's Route state must agree with (WorkflowContractTest) and a local run follows.
 */
public enum NextStep {
    /** More copies can start now. */
    START("StartCopies", false),
    /** Copies wait to start (throttled, or an earlier claim's lease has not run out): wait, then start. */
    WAIT_THEN_START("StartCopies", true),
    /** Copies are running: wait, then poll. */
    WAIT_THEN_POLL("PollStatus", true),
    /**
     * Nothing left to do in this Region: the Route state's default, the copy loop's end, which leads to the target's
     * finishing step (FinishTarget, {@code WorkflowContract.FINISH_TARGET}) and no further round of the loop.
     */
    DONE(null, false);

    private final String taskState;
    private final boolean waits;

    NextStep(String taskState, boolean waits) {
        this.taskState = taskState;
        this.waits = waits;
    }

    /** The ASL task state the Region loop runs next; empty when the loop ends (and FinishTarget follows). */
    public Optional<String> taskState() {
        return Optional.ofNullable(taskState);
    }

    /** Whether the loop waits {@code nextWaitSeconds} before that state. */
    public boolean waits() {
        return waits;
    }
}
