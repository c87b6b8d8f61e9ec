package io.github.wsicopy.notify;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.finish.FinishResult;
import io.github.wsicopy.core.workflow.JobReport;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sns.SnsClient;

/** Publishes a finished job: a readable summary to the SNS topic and a structured event to EventBridge. */
final class Notifier {
    static final String DETAIL_TYPE = "Image Copy Job State Change";

    private final Optional<SnsClient> sns;
    private final EventBridgeClient events;
    private final Settings settings;
    private final Log log;

    Notifier(Optional<SnsClient> sns, EventBridgeClient events, Settings settings, LambdaLogger log) {
        this.sns = sns;
        this.events = events;
        this.settings = settings;
        this.log = Log.of(log);
    }

    /** @param finished what the job's finishing steps did (FinishResults), listed after the copies */
    void publish(Job job, List<CopyTask> tasks, List<FinishResult> finished) {
        try {
            sns.ifPresent(client -> client.publish(r -> r.topicArn(settings.topicArn().orElseThrow())
                    .subject(JobReport.subject(job))
                    .message(JobReport.text(job, tasks, finished))));
            PutEventsResponse response = events.putEvents(r -> r.entries(e -> e
                    .eventBusName(settings.eventBusName())
                    .source(settings.eventSource())
                    .detailType(DETAIL_TYPE)
                    .resources(List.of())
                    .detail(Json.write(JobReport.eventDetail(job, tasks, finished)))));
            if (response.failedEntryCount() != null && response.failedEntryCount() > 0) {
                throw new TransientFailure("EventBridge refused the job event: " + response.entries());
            }
            log.info("job " + job.jobId() + " " + job.state() + ": notification sent", Fields.job(job.jobId()));
        } catch (SdkException e) {
            throw new TransientFailure("could not publish the notification of job " + job.jobId() + ": " + e.getMessage(), e);
        }
    }
}
