package io.github.wsicopy.customresource;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import io.github.wsicopy.core.workflow.CopyPoller;
import io.github.wsicopy.core.workflow.CopyStarter;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.core.workflow.RegionProgress;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Makes the copy of a Create (or of an Update that replaces the resource) with the workflow's own machinery:
 * a one-task job validated by {@link JobValidator}, started by {@link CopyStarter}, polled by
 * {@link CopyPoller} and closed by {@link JobFinisher}, so the copy is in the jobs table like any other.
 *
 * <p>One invocation polls until its time is nearly up, then hands the request to the next invocation.
 * CloudFormation is answered when the copy is AVAILABLE or failed, or, with {@code WaitForAvailable: false},
 * as soon as the copy has its image id; the copy is then still followed to its end, for the job's record.
 */
final class CopyLifecycle {
    /** Answer this long before CloudFormation's own wait runs out, so the answer is ours, not a timeout. */
    static final Duration CLOUDFORMATION_MARGIN = Duration.ofSeconds(60);
    /** After answering early, follow the copy for at most this long; copies of many hours are not expected. */
    static final Duration TRACKING_LIMIT = Duration.ofHours(12);
    /** The next invocation must claim the lease within this, or a duplicate delivery may take the request over. */
    static final Duration HANDOVER_LEASE = Duration.ofMinutes(15);

    enum Outcome { ANSWERED, HANDED_OVER, FINISHED }

    private final JobStore store;
    private final WorkSpacesGateway workspaces;
    private final JobValidator validator;
    private final CopyStarter starter;
    private final CopyPoller poller;
    private final JobFinisher finisher;
    private final ResponseLedger ledger;
    private final Answers answers;
    private final Continuations continuations;
    private final Sleeper sleeper;
    private final Clock clock;
    private final LambdaLogger log;
    private final int startWaitSeconds;

    CopyLifecycle(Components c, Workflow workflow, ResponseLedger ledger, Answers answers, Continuations continuations,
            Sleeper sleeper) {
        this.store = c.store();
        this.workspaces = c.workspaces();
        this.validator = workflow.validator();
        this.starter = workflow.starter();
        this.poller = workflow.poller();
        this.finisher = workflow.finisher();
        this.ledger = ledger;
        this.answers = answers;
        this.continuations = continuations;
        this.sleeper = sleeper;
        this.clock = c.clock();
        this.log = c.log();
        this.startWaitSeconds = c.settings().startWaitSeconds();
    }

    Outcome copy(ResourceEvent event, ImageCopyProperties props, String callerAccount, Link link) {
        if (props.sameRegion() && props.allowCopyInSameRegion()) {
            return sourceItself(event, props, callerAccount);
        }
        String jobId = event.jobId();
        JobValidator.Result validated = validator.validate(jobId, Optional.of(props.copyRequest()), callerAccount);
        if (validated.state() == JobState.FAILED && store.tasks(jobId).isEmpty()) {
            String error = store.job(jobId).flatMap(Job::error).orElse("the copy could not be planned");
            answers.answer(event, failure(event, Optional.empty(), PropertyNames.SOURCE_REGION_ID
                    + " (rule SOURCE_UNREADABLE): " + PropertyNames.translate(error)));
            return Outcome.ANSWERED;
        }
        return follow(event, props, jobId, link, callerAccount);
    }

    /** ROS's AllowCopyInSameRegion: a copy into the source's own Region answers with the source's id, copying nothing. */
    private Outcome sourceItself(ResourceEvent event, ImageCopyProperties props, String callerAccount) {
        String region = props.sourceRegionId();
        SourceImage source = workspaces.describeImages(region, List.of(props.imageId()), callerAccount).get(props.imageId());
        if (source == null || !source.available()) {
            String rule = source == null ? "IMAGE_NOT_FOUND" : "IMAGE_NOT_AVAILABLE";
            String problem = source == null ? "was not found in " + region + "; check the id and SourceRegionId"
                    : "is " + source.state() + " in " + region + "; only an AVAILABLE image can stand for its copy";
            answers.answer(event, failure(event, Optional.empty(), PropertyNames.IMAGE_ID + " (rule " + rule + "): "
                    + props.imageId() + " " + problem));
            return Outcome.ANSWERED;
        }
        ledger.putResource(new ResourceRecord(event.stackId(), event.logicalResourceId(), props.imageId(),
                ResourceRecord.Kind.SOURCE, props.fingerprint(), props.imageId(), region, region, Optional.empty()));
        answers.answer(event, Decision.success(props.imageId(), attributes(props.imageId(), props, source.state()),
                "AllowCopyInSameRegion is true and " + region + " is the source Region: nothing was copied, the"
                        + " resource is the source image " + props.imageId() + " itself (Delete leaves it alone)"));
        return Outcome.ANSWERED;
    }

    /** Starts, polls and answers until the copy ends or this invocation's time is up. */
    private Outcome follow(ResourceEvent event, ImageCopyProperties props, String jobId, Link link, String account) {
        String region = props.destinationRegionId();
        Instant firstSeen = ledger.request(event.requestKey()).orElseThrow().firstSeenAt();
        Instant cloudFormationGivesUp = firstSeen.plusSeconds(props.cloudFormationWaitSeconds());
        Instant answerBy = cloudFormationGivesUp.minus(margin(props));
        Instant stopFollowing = firstSeen.plus(TRACKING_LIMIT);
        int round = link.pollRound();
        if (!waitUntil(link.notBefore(), link)) {
            return handOver(event, link, round, link.notBefore());
        }
        while (true) {
            CopyTask task = onlyTask(jobId);
            int waitSeconds = startWaitSeconds;
            try {
                RegionProgress progress = switch (task.state()) {
                    case PENDING, STARTING -> starter.run(jobId, region, account);
                    case COPYING -> poller.run(jobId, region, round, account);
                    default -> null;
                };
                if (progress != null) {
                    round = task.state() == TaskState.COPYING ? progress.pollRound() : 0;
                    waitSeconds = Math.max(1, progress.nextWaitSeconds());
                }
            } catch (TransientFailure e) {
                // One poll or start that failed for a moment is no reason to fail the resource: try again later.
                log.log(event.logicalResourceId() + ": " + e.getMessage() + "; trying again in " + waitSeconds + " s");
            }
            task = onlyTask(jobId);
            if (task.state().terminal()) {
                conclude(event, props, task);
                return Outcome.FINISHED;
            }
            boolean decided = answers.decided(event);
            if (!decided && task.state() == TaskState.COPYING && !props.waitForAvailable()) {
                String imageId = task.destinationImageId().orElseThrow();
                answered(event, props, task, "PENDING", "the copy " + imageId + " of " + props.imageId() + " to "
                        + region + " has started (WaitForAvailable is false, so CloudFormation does not wait for it)");
                decided = true;
            }
            Instant now = clock.instant();
            if (!decided && !now.isBefore(answerBy)) {
                waitedTooLong(event, props, task, jobId);
                return Outcome.ANSWERED;
            }
            if (decided && !now.isBefore(stopFollowing)) {
                finisher.finish(jobId, Optional.of(new JobFinisher.WorkflowError("CustomResource.TrackingLimit",
                        "the provider stopped following the copy after " + TRACKING_LIMIT.toHours() + " hours")));
                return Outcome.FINISHED;
            }
            Instant wakeUp = now.plusSeconds(waitSeconds);
            if (!decided && wakeUp.isAfter(answerBy)) {
                wakeUp = answerBy; // look one last time just before CloudFormation would give up
            }
            if (!waitUntil(wakeUp, link)) {
                return handOver(event, link, round, wakeUp);
            }
        }
    }

    /**
     * Sleeps until {@code wakeUp}, or until this invocation's work time is up; false in the second case, when the
     * rest of the wait is the next invocation's. Either way time passes, so a chain of invocations always moves on.
     */
    private boolean waitUntil(Instant wakeUp, Link link) {
        Instant now = clock.instant();
        boolean fits = !wakeUp.isAfter(link.deadline());
        Instant until = fits ? wakeUp : link.deadline();
        if (until.isAfter(now)) {
            sleeper.sleep(Duration.between(now, until));
        }
        return fits;
    }

    private Outcome handOver(ResourceEvent event, Link link, int round, Instant notBefore) {
        String next = UUID.randomUUID().toString();
        if (!ledger.handOver(event.requestKey(), link.owner(), next, clock.instant().plus(HANDOVER_LEASE))) {
            log.log(event.logicalResourceId() + ": lost the lease of request " + event.requestId() + "; another invocation has it");
            return Outcome.HANDED_OVER;
        }
        continuations.schedule(link.functionArn(),
                event.handedOver(new ResourceEvent.Continuation(next, link.number() + 1, round, notBefore)));
        log.log(event.logicalResourceId() + ": handed request " + event.requestId() + " to invocation " + (link.number() + 1));
        return Outcome.HANDED_OVER;
    }

    /** The copy ended: answer (unless answered already) and close the job. */
    private void conclude(ResourceEvent event, ImageCopyProperties props, CopyTask task) {
        if (task.state() == TaskState.SUCCEEDED && answers.decided(event)) {
            log.log(event.logicalResourceId() + ": the copy " + task.destinationImageId().orElse("?") + " is AVAILABLE");
        } else if (task.state() == TaskState.SUCCEEDED) {
            answered(event, props, task, "AVAILABLE", "copied " + props.imageId() + " from " + props.sourceRegionId()
                    + " to " + props.destinationRegionId() + " as " + task.destinationImageId().orElseThrow()
                    + " (" + task.destinationName() + "), AVAILABLE; job " + task.jobId());
        } else {
            CopyTask failed = task;
            if (task.reasonCode().filter(c -> c == ReasonCode.ALREADY_REPLICATED).isPresent()) {
                // For the bulk workflow an image of that name is the copy already made; for a resource it is
                // someone else's image, which the stack must never adopt (its Delete would remove it).
                failed = store.transition(task, Transition.failed(ReasonCode.NAME_CONFLICT, nameTaken(task, props)))
                        .orElse(task);
            }
            String why = explain(failed, props);
            if (answers.decided(event)) {
                log.log(event.logicalResourceId() + ": the copy failed after CloudFormation was answered: " + why);
            } else {
                answers.answer(event, failure(event, failed.destinationImageId(), why));
            }
        }
        finisher.finish(task.jobId(), Optional.empty());
    }

    private void waitedTooLong(ResourceEvent event, ImageCopyProperties props, CopyTask task, String jobId) {
        String copy = task.destinationImageId().map(id -> "the copy " + id).orElse("the copy");
        String why = PropertyNames.WAIT_FOR_AVAILABLE + " (rule CLOUDFORMATION_WAIT_EXCEEDED): " + copy + " of "
                + props.imageId() + " to " + props.destinationRegionId() + " was not AVAILABLE within the "
                + props.cloudFormationWaitSeconds() + " s CloudFormation waits for this resource (ServiceTimeout, at"
                + " most 3600). Copies can take longer than an hour: set WaitForAvailable: false to get the image id"
                + " as soon as the copy starts";
        answers.answer(event, failure(event, task.destinationImageId(), why));
        finisher.finish(jobId, Optional.of(new JobFinisher.WorkflowError("CustomResource.WaitExceeded",
                "CloudFormation stopped waiting for the copy")));
    }

    /** Records the resource, then answers SUCCESS with its attributes (a decision already standing wins). */
    private void answered(ResourceEvent event, ImageCopyProperties props, CopyTask task, String state, String reason) {
        String imageId = task.destinationImageId().orElseThrow();
        ledger.putResource(new ResourceRecord(event.stackId(), event.logicalResourceId(), imageId,
                ResourceRecord.Kind.COPY, props.fingerprint(), props.imageId(), props.sourceRegionId(),
                props.destinationRegionId(), Optional.of(task.jobId())));
        answers.answer(event, Decision.success(imageId, attributes(imageId, props, state), reason));
    }

    /**
     * A FAILED answer. A failed Create names the copy it made, if any, so CloudFormation's rollback deletes it.
     * A failed Update must keep the resource's current id (the resource did not change), so the replacement
     * copy it made is deleted here, or the reason says it is left behind.
     */
    Decision failure(ResourceEvent event, Optional<String> copyImageId, String why) {
        if (event.requestType() == ResourceEvent.RequestType.Create) {
            return Decision.failed(copyImageId.orElse(event.noImageId()), why);
        }
        String current = event.physicalResourceId().orElse(event.noImageId());
        if (copyImageId.isEmpty()) {
            return Decision.failed(current, why);
        }
        String region = String.valueOf(event.properties().get(PropertyNames.DESTINATION_REGION_ID));
        try {
            workspaces.deleteImage(region, copyImageId.get());
            return Decision.failed(current, why + " (the replacement copy " + copyImageId.get() + " was deleted)");
        } catch (WorkSpacesError e) {
            return Decision.failed(current, why + " (the replacement copy " + copyImageId.get() + " in " + region
                    + " could not be deleted: " + e.describe() + "; delete it yourself)");
        }
    }

    /** A failed or refused task in the template's words: the property, the rule, what to do. */
    static String explain(CopyTask task, ImageCopyProperties props) {
        ReasonCode code = task.reasonCode().orElse(ReasonCode.COPY_FAILED);
        String reason = PropertyNames.translate(task.reason().orElse("no reason recorded"));
        if (task.state() == TaskState.SKIPPED || code == ReasonCode.NAME_CONFLICT) {
            if (code == ReasonCode.SAME_REGION_NOT_ALLOWED) {
                return PropertyNames.ALLOW_COPY_IN_SAME_REGION + " (rule SAME_REGION_NOT_ALLOWED): "
                        + props.destinationRegionId() + " is the source Region; set AllowCopyInSameRegion: true to get"
                        + " the source image's id without a copy, or choose another DestinationRegionId";
            }
            return PropertyNames.judgedBy(code, reason) + " (rule " + code + "): " + reason;
        }
        return "the copy failed (rule " + code + "): " + reason;
    }

    private static String nameTaken(CopyTask task, ImageCopyProperties props) {
        // A refused task keeps no name; the property is what the author wrote.
        String name = props.destinationImageName().orElse(task.destinationName());
        return "an image named " + name + " already exists in " + props.destinationRegionId()
                + ". Image names are unique in a Region, and CloudFormation creates a replacement before it deletes"
                + " the image it replaces: give a DestinationImageName that is not in use, or leave it out for a"
                + " generated unique name";
    }

    static Map<String, String> attributes(String imageId, ImageCopyProperties props, String state) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("ImageId", imageId);
        data.put("SourceRegionId", props.sourceRegionId());
        data.put("DestinationRegionId", props.destinationRegionId());
        data.put("State", state);
        return data;
    }

    private CopyTask onlyTask(String jobId) {
        List<CopyTask> tasks = store.tasks(jobId);
        if (tasks.size() != 1) {
            throw new IllegalStateException("job " + jobId + " has " + tasks.size() + " tasks, expected one");
        }
        return tasks.get(0);
    }

    /** A minute before CloudFormation gives up, or a quarter of a short ServiceTimeout. */
    private static Duration margin(ImageCopyProperties props) {
        Duration quarter = Duration.ofSeconds(props.cloudFormationWaitSeconds() / 4);
        return quarter.compareTo(CLOUDFORMATION_MARGIN) < 0 ? quarter : CLOUDFORMATION_MARGIN;
    }
}
