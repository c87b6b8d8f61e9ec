package io.github.wsicopy.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.workflow.JobFinisher.WorkflowError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a user reads of an error the state machine caught: words, never a Java class or a stack trace. */
class WorkflowErrorTest {
    private static final String TRANSIENT = TransientFailure.class.getName();

    /** The Java runtime's cause JSON for an unhandled exception. */
    private static String runtimeCause(String type, String message) {
        return "{\"errorMessage\":\"" + message + "\",\"errorType\":\"" + type + "\",\"stackTrace\":"
                + "[\"io.github.wsicopy.core.workflow.FactGatherer.destination(FactGatherer.java:87)\"],"
                + "\"cause\":{\"errorMessage\":\"Rate exceeded\",\"errorType\":\"software.amazon.awssdk.services."
                + "workspaces.model.WorkSpacesException\"}}";
    }

    @Test
    void aRetriedTransientFailureRendersItsMessageAndHowLongItWasRetried() {
        WorkflowError error = WorkflowError.of(Map.of("Error", TRANSIENT, "Cause", runtimeCause(TRANSIENT,
                "Validation could not read WorkSpaces in eu-west-1: ThrottlingException: Rate exceeded")));

        assertEquals("Validation could not read WorkSpaces in eu-west-1: ThrottlingException: Rate exceeded"
                + " (still so after retrying for up to " + TransientFailure.RETRY_MINUTES + " minutes)", error.describe());
        assertEquals("The workflow stopped because Validation could not read WorkSpaces in eu-west-1: ThrottlingException:"
                + " Rate exceeded (still so after retrying for up to " + TransientFailure.RETRY_MINUTES + " minutes)."
                + " Its open copies are marked FAILED; retry them with POST /jobs/job-1/retry.",
                JobFinisher.jobError("job-1", error));
    }

    @Test
    void aJavaClassNeverShowsNorAWrappedCausesClassPrefix() {
        WorkflowError error = new WorkflowError("java.lang.IllegalStateException", runtimeCause(
                "java.lang.IllegalStateException", "java.util.concurrent.ExecutionException: "
                        + "java.lang.NullPointerException: the image list was empty"));

        assertEquals("the image list was empty", error.describe());
        assertFalse(error.retried());
    }

    @Test
    void aJavaErrorWithoutAMessageSaysSoWithoutItsClass() {
        String described = new WorkflowError("java.lang.NullPointerException",
                runtimeCause("java.lang.NullPointerException", "")).describe();
        assertEquals("the function failed without a message", described);
    }

    @Test
    void stepFunctionsOwnErrorsAreSaidInWords() {
        assertEquals("the step did not finish within its time limit (also when tried again)",
                new WorkflowError("States.Timeout", "").describe());
        String unknown = new WorkflowError("Lambda.Unknown",
                "The cause could not be determined because Lambda did not return an error type.").describe();
        assertTrue(unknown.startsWith("the function stopped without an answer (it timed out or ran out of memory)"), unknown);
        assertTrue(unknown.endsWith("(also when tried again)"), unknown);
        assertEquals("Lambda.ServiceException: Rate exceeded (also when tried again)",
                new WorkflowError("Lambda.ServiceException", "Rate exceeded").describe());
    }

    @Test
    void freeTextCausesAndCustomNamesKeepTheirWords() {
        assertEquals("cancelled through the API by alice",
                new WorkflowError("CancelledByUser", "cancelled through the API by alice").describe());
        assertEquals("CustomResource.WaitExceeded", new WorkflowError("CustomResource.WaitExceeded", null).describe());
        assertEquals("{not json", new WorkflowError("X", "{not json").describe());
    }

    @Test
    void aLongMessageIsShortened() {
        String described = new WorkflowError("Some.Error", "x".repeat(2_000)).describe();
        assertTrue(described.length() < 600, described.length() + " characters");
    }
}
