package io.github.wsicopy.notify;

import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The EventBridge event Step Functions sends when an execution changes status, for the statuses that end an
 * execution without its Notify state: ABORTED (stopped), TIMED_OUT, FAILED. The execution is named after its job.
 */
record ExecutionEnded(String jobId, String status, Optional<String> error, Optional<String> cause) {
    private static final Set<String> ENDED = Set.of("ABORTED", "TIMED_OUT", "FAILED");

    static ExecutionEnded of(Map<String, Object> event) {
        Map<String, Object> detail = Inputs.optionalObject(event, "detail")
                .orElseThrow(() -> new IllegalArgumentException("'detail' is required in a " + NotifyHandler.EXECUTION_STATUS_CHANGE + " event"));
        String name = Inputs.optionalString(detail, "name")
                .orElseThrow(() -> new IllegalArgumentException("'detail.name' (the execution's name) is required"));
        String status = Inputs.optionalString(detail, "status")
                .orElseThrow(() -> new IllegalArgumentException("'detail.status' is required"));
        if (!ENDED.contains(status)) {
            throw new IllegalArgumentException("'detail.status' must be one of " + ENDED + " (the rule's pattern), got '"
                    + status + "'");
        }
        return new ExecutionEnded(Inputs.jobId(name, "detail.name"), status,
                Inputs.optionalString(detail, "error"), Inputs.optionalString(detail, "cause"));
    }

    /** As the Catch path reports a failure; a timed-out execution says so in words. */
    WorkflowError workflowError() {
        if (status.equals("TIMED_OUT")) {
            return new WorkflowError("ExecutionTimedOut", cause.orElse(
                    "the execution ran past the state machine's time limit and Step Functions ended it"));
        }
        return new WorkflowError(error.orElse("ExecutionFailed"),
                cause.orElse("the execution failed outside the state machine's Catch"));
    }

    /** " (CancelledByUser: cancelled through the API by ...)", or nothing when Step Functions gave no reason. */
    String describe() {
        if (error.isEmpty() && cause.isEmpty()) {
            return "";
        }
        return " (" + new WorkflowError(error.orElse("stopped"), cause.orElse("")).describe() + ")";
    }
}
