package io.github.wsicopy.core.workflow;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.accounts.ImageShares;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last step of every job, on the success path and on the failure path: no job stays RUNNING. Tasks still
 * open when the workflow failed end FAILED with the workflow's error as their reason; the job's final state
 * follows from its tasks, and its retention clock starts.
 */
public final class JobFinisher {
    private static final Set<JobState> OPEN = Set.of(JobState.SUBMITTED, JobState.VALIDATING, JobState.RUNNING);

    private final JobStore store;
    private final Optional<ImageShares> shares;
    private final Clock clock;
    private final Duration retention;
    private final Log log;

    public JobFinisher(JobStore store, Clock clock, Duration retention, LambdaLogger log) {
        this(store, Optional.empty(), clock, retention, log);
    }

    /** @param shares where the job's shares of source images with other accounts are released when it ends */
    public JobFinisher(JobStore store, Optional<ImageShares> shares, Clock clock, Duration retention, LambdaLogger log) {
        this.store = store;
        this.shares = shares;
        this.clock = clock;
        this.retention = retention;
        this.log = Log.of(log);
    }

    /**
     * The error the state machine caught, as Step Functions reports it: {@code Error} is a name (for a Java
     * function, the exception's class) and {@code Cause} is free text (for a Java function, the runtime's JSON
     * {@code {"errorMessage", "errorType", "stackTrace", "cause"?}}). What users read is {@link #describe()}: the
     * function's or the service's own words, never a class name or a stack trace.
     */
    public record WorkflowError(String error, String cause) {
        /** Longest message kept in a job's or task's error. */
        static final int MAX_MESSAGE = 500;
        private static final Pattern JAVA_CLASS = Pattern.compile("(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*");
        /** "java.lang.IllegalStateException: " at the start of a message: Java's toString of a wrapped cause. */
        private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:" + JAVA_CLASS.pattern() + ")(?::\\s*|$)");

        public WorkflowError {
            error = error == null || error.isBlank() ? "UnknownError" : error.strip();
            cause = cause == null ? "" : cause;
        }

        /** From a Catch's {@code {"Error", "Cause"}} object. */
        public static WorkflowError of(Map<String, Object> caught) {
            return new WorkflowError(caught.get("Error") instanceof String e ? e : null,
                    caught.get("Cause") instanceof String c ? c : null);
        }

        /** The Catch's form: {@code {"Error", "Cause"}}. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new java.util.LinkedHashMap<>();
            json.put("Error", error);
            json.put("Cause", cause);
            return json;
        }

        /** The function's or the service's message: the Java runtime's {@code errorMessage}, unwrapped, shortened. */
        public String message() {
            String text = cause.strip();
            if (text.startsWith("{")) {
                try {
                    if (Json.parse(text) instanceof Map<?, ?> json && json.get("errorMessage") instanceof String m) {
                        text = m.strip();
                    }
                } catch (RuntimeException notJson) {
                    // free text that happens to start with a brace: keep it as it is
                }
            }
            for (Matcher m = CLASS_PREFIX.matcher(text); m.find(); m = CLASS_PREFIX.matcher(text)) {
                text = text.substring(m.end()).strip();
            }
            return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
        }

        /** A Java exception's class name: an implementation detail, not something to show. */
        boolean javaClass() {
            return JAVA_CLASS.matcher(error).matches();
        }

        /** The step was tried again, with backoff, before the state machine gave up on it. */
        public boolean retried() {
            return error.equals(TransientFailure.class.getName()) || error.equals("States.Timeout")
                    || error.startsWith("Lambda.");
        }

        /**
         * What went wrong, as a clause that can follow "because" or a colon: the message, with what Step Functions'
         * own error names mean in words; a retried error says it was retried.
         */
        public String describe() {
            String message = message();
            String said = switch (error) {
                case "States.Timeout" -> "the step did not finish within its time limit"
                        + (message.isEmpty() ? "" : " (" + message + ")");
                case "Lambda.Unknown" -> "the function stopped without an answer (it timed out or ran out of memory)"
                        + (message.isEmpty() ? "" : ": " + message);
                default -> {
                    if (javaClass() || (!error.startsWith("States.") && !error.startsWith("Lambda."))) {
                        yield message.isEmpty() ? (javaClass() ? "the function failed without a message" : error) : message;
                    }
                    yield error + (message.isEmpty() ? "" : ": " + message);
                }
            };
            if (error.equals(TransientFailure.class.getName())) {
                return said + " (still so after retrying for up to " + TransientFailure.RETRY_MINUTES + " minutes)";
            }
            return retried() ? said + " (also when tried again)" : said;
        }
    }

    /** The finished job and its tasks, for the notification. */
    public record Finished(Job job, List<CopyTask> tasks) {}

    public Optional<Finished> finish(String jobId, Optional<WorkflowError> error) {
        Optional<Job> found = store.job(jobId);
        if (found.isEmpty()) {
            log.warn("job " + jobId + " does not exist; nothing to finish" + error.map(e -> " (" + e.describe() + ")").orElse(""),
                    Fields.job(jobId));
            return Optional.empty();
        }
        Job job = found.get();
        if (!job.state().terminal()) {
            for (CopyTask task : store.tasks(jobId)) {
                if (!task.state().terminal()) {
                    store.transition(task, closing(task, Reason.of(ReasonCode.WORKFLOW_FAILED)
                            .with(Reason.ERROR, error.map(WorkflowError::describe).orElse(null))));
                }
            }
            List<CopyTask> tasks = store.tasks(jobId);
            JobState state = error.isPresent() && tasks.isEmpty() ? JobState.FAILED : JobOutcome.decide(tasks);
            store.finishJob(jobId, OPEN, state, error.map(e -> jobError(jobId, e)), clock.instant().plus(retention));
            Fields fields = Fields.job(jobId).errorCode(error.map(WorkflowError::error).orElse(null));
            if (state == JobState.SUCCEEDED) {
                log.info("job " + jobId + " finished " + state, fields);
            } else {
                log.warn("job " + jobId + " finished " + state + error.map(e -> ": " + e.describe()).orElse(""), fields);
            }
        } else {
            store.expireAt(jobId, job.finishedAt().orElse(clock.instant()).plus(retention));
        }
        job.origin().policy().ifPresent(policyId -> releasePolicy(policyId, jobId));
        List<CopyTask> tasks = store.tasks(jobId);
        shares.ifPresent(s -> releaseShares(s, jobId, tasks));
        return Optional.of(new Finished(store.job(jobId).orElseThrow(), tasks));
    }

    /**
     * No share outlives its job: whatever holders of the job's shares remain (a target whose loop never reached its
     * end) are released, and the last one out unshares unless the request said {@code unshareAfterCopy: false}.
     */
    private void releaseShares(ImageShares shares, String jobId, List<CopyTask> tasks) {
        if (tasks.isEmpty()) {
            return;
        }
        boolean unshare = unshareAfterCopy(store, jobId);
        Set<String> images = new java.util.LinkedHashSet<>();
        tasks.forEach(t -> images.add(t.sourceImageId()));
        int released = shares.releaseJob(jobId, tasks.get(0).sourceRegion(), images, unshare);
        if (released > 0) {
            log.info("job " + jobId + " released " + released + " share holder(s) its targets had left", Fields.job(jobId));
        }
    }

    /**
     * The job's {@code unshareAfterCopy}, read from its stored request (checked when the job was made); only an
     * explicit false keeps shares.
     */
    static boolean unshareAfterCopy(JobStore store, String jobId) {
        return store.request(jobId).map(json -> !Boolean.FALSE.equals(Json.parseObject(json).get("unshareAfterCopy")))
                .orElse(true);
    }

    /** The policy's next run may start: this one has ended (a lock naming another run is left alone). */
    private void releasePolicy(String policyId, String jobId) {
        if (store.policyLocks().release(policyId, jobId)) {
            log.info("job " + jobId + " released the lock of policy " + policyId, Fields.job(jobId));
        }
    }

    /** The job's error: what stopped it, and what to do. */
    static String jobError(String jobId, WorkflowError error) {
        return "The workflow stopped because " + withoutStop(error.describe()) + ". Its open copies are marked FAILED;"
                + " retry them with POST /jobs/" + jobId + "/retry.";
    }

    /**
     * An open task's end when its workflow (or its Region's loop) stopped for {@code why}: what was under way
     * (the reason's stage), because a copy that was started may still complete in WorkSpaces.
     */
    static Transition closing(CopyTask task, Reason.Builder why) {
        return Transition.failed(underWay(task, why));
    }

    /** The task's stage, Region, copy and name, for a reason that says what was under way when its work stopped. */
    static Reason.Builder underWay(CopyTask task, Reason.Builder why) {
        return why.with(Reason.STAGE, task.state().name()).with(Reason.REGION, task.destinationRegion())
                .with(Reason.COPY, task.destinationImageId().orElse(null))
                .with(Reason.NAME, task.destinationName().isEmpty() ? null : task.destinationName());
    }

    private static String withoutStop(String text) {
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }
}
