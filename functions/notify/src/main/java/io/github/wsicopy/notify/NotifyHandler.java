package io.github.wsicopy.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.github.wsicopy.core.cloudformation.ResourceAnswers;
import io.github.wsicopy.core.accounts.ImageShares;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.finish.FinishResults;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.snapstart.DryRunService;
import io.github.wsicopy.core.snapstart.Primer;
import io.github.wsicopy.core.snapstart.SnapStartHooks;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workflow.JobCanceller;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workflow.contract.NotifyInput;
import io.github.wsicopy.core.workflow.contract.NotifyOutput;
import io.github.wsicopy.core.workspaces.CallDeadline;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.crac.Resource;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Last state of every execution, also on the failure path. Input: {@code {"jobId"?, "executionName",
 * "error"?: {"Error", "Cause"}}} from the state machine, or the "Step Functions Execution Status Change" event
 * of an execution that ended without reaching a Notify state (stopped through the API or in the console, timed
 * out, or failed in Notify itself). Ends the job, then tells people (SNS) and programs (EventBridge), once.
 */
public final class NotifyHandler implements RequestStreamHandler {
    /** The detail-type of the EventBridge event Step Functions sends when an execution changes status. */
    public static final String EXECUTION_STATUS_CHANGE = "Step Functions Execution Status Change";

    private final Components components;
    private final JobFinisher finisher;
    private final JobCanceller canceller;
    private final Notifier notifier;
    private final FinishResults finishResults;
    private final ResourceAnswers resources;
    private final Primer primer;

    /** Lambda's constructor; registers the SnapStart priming hook. */
    public NotifyHandler() {
        this(Components.fromEnvironment());
        SnapStartHooks.register(primer);
    }

    public NotifyHandler(Components components) {
        this(components,
                components.settings().topicArn().map(arn -> components.clients().configure(SnsClient.builder(),
                        components.settings().awsRegion(), components.settings().snsEndpoint()).build()),
                components.clients().configure(EventBridgeClient.builder(), components.settings().awsRegion(),
                        components.settings().eventsEndpoint()).build());
    }

    /** With SNS and EventBridge clients built elsewhere (no SNS client: no topic to publish to). */
    public NotifyHandler(Components components, Optional<SnsClient> sns, EventBridgeClient events) {
        Settings settings = components.settings();
        this.components = components;
        this.finisher = new JobFinisher(components.store(),
                components.settings().accountId().filter(id -> components.workspaces().reachesOtherAccounts())
                        .map(id -> ImageShares.of(components)), components.clock(),
                components.retention(), components.log());
        this.canceller = new JobCanceller(components.store(), components.clock(), components.retention(), components.log());
        this.notifier = new Notifier(sns, events, settings, components.log());
        this.finishResults = new FinishResults(components.store().dynamo(), settings.tableName(), components.clock(),
                components.retention());
        this.resources = ResourceAnswers.of(components);
        // Primes the end of a job whose copy succeeded: finish, SNS Publish, EventBridge PutEvents, mark notified.
        this.primer = new Primer("notify", components, JobState.RUNNING, TaskState.SUCCEEDED, NotifyHandler::new,
                world -> NotifyInput.success(DryRunService.JOB_ID, DryRunService.JOB_ID).toJson());
    }

    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        // The share sweep (JobFinisher) stops before the deadline and leaves the rest to the step's retry.
        try (CallDeadline deadline = CallDeadline.of(context)) {
            out.write(Json.writeBytes(handle(Json.parseObject(in), context)));
        }
    }

    /** The handler's work on an already parsed event. */
    public Map<String, Object> handle(Map<String, Object> input, Context context) {
        if (EXECUTION_STATUS_CHANGE.equals(input.get("detail-type"))) {
            return executionEnded(ExecutionEnded.of(input));
        }
        NotifyInput notify = NotifyInput.read(input);
        return announce(notify.job(), finisher.finish(notify.job(), notify.error()));
    }

    /**
     * An execution ended without reaching a Notify state. Stopped: the job ends CANCELLED (if the API stopped
     * it, the API's cancel and this one agree). Timed out or failed: the job ends as on the Catch path.
     */
    private Map<String, Object> executionEnded(ExecutionEnded event) {
        Optional<JobFinisher.Finished> ended = event.status().equals("ABORTED")
                ? canceller.cancel(event.jobId(), "the execution was stopped" + event.describe())
                : finisher.finish(event.jobId(), Optional.of(event.workflowError()));
        return announce(event.jobId(), ended);
    }

    /** Tells people and programs how the job ended, once (a job already notified is left alone). */
    private Map<String, Object> announce(String jobId, Optional<JobFinisher.Finished> finished) {
        if (finished.isEmpty()) {
            return NotifyOutput.unknown(jobId).toJson(); // no such job: an execution that ended before Validate stored it
        }
        Job job = finished.get().job();
        // A CloudFormation resource's job answers its request (once: a repeat only re-sends an answer never sent).
        resources.atEnd(job, finished.get().tasks());
        if (job.notifiedAt().isEmpty()) {
            notifier.publish(job, finished.get().tasks(), finishResults.results(jobId));
            components.store().markNotified(jobId);
        }
        return new NotifyOutput(jobId, job.state().name(), Optional.of(job.counts())).toJson();
    }

    /** The SnapStart hook (registered by the Lambda constructor only). */
    public Resource primer() {
        return primer;
    }
}
