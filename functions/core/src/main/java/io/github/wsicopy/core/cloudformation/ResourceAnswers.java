package io.github.wsicopy.core.cloudformation;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReasonText;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.store.Transition;
import io.github.wsicopy.core.workflow.NextStep;
import io.github.wsicopy.core.workflow.RegionProgress;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Answers a {@code Custom::WorkSpacesImageCopy} request from its one-task job, wherever the job gets to a point
 * CloudFormation waits for: the provider (a request the rules refused), the copy function (the copy has its id, for
 * {@code WaitForAvailable: false}), the poll-status function (CloudFormation's wait is about to run out) and notify
 * (the job ended, however it ended). Every answer goes through {@link Answers}: recorded before it is sent, the
 * first one recorded is the only one ever sent.
 */
public final class ResourceAnswers {
    private final JobStore store;
    private final WorkSpacesGateway workspaces;
    private final ResponseLedger ledger;
    private final Answers answers;
    private final Clock clock;
    private final Log log;

    public ResourceAnswers(JobStore store, WorkSpacesGateway workspaces, ResponseLedger ledger, Answers answers,
            Clock clock, LambdaLogger log) {
        this.store = store;
        this.workspaces = workspaces;
        this.ledger = ledger;
        this.answers = answers;
        this.clock = clock;
        this.log = Log.of(log);
    }

    /** The deployment's answers, from a handler's components. */
    public static ResourceAnswers of(Components c) {
        ResponseLedger ledger = new ResponseLedger(c.store().dynamo(), c.settings().tableName());
        return new ResourceAnswers(c.store(), c.workspaces(), ledger,
                new Answers(ledger, new ResponseSender(), c.clock(), c.log()), c.clock(), c.log());
    }

    public ResponseLedger ledger() {
        return ledger;
    }

    public Answers answers() {
        return answers;
    }

    /** A resource's job, its request as the provider recorded it, and the copy it makes. */
    private record ResourceJob(Job job, ResponseLedger.RequestRecord request, ResourceCopy copy) {}

    /**
     * After a step of a Region's loop (a start or a poll). For a resource's job whose request is not answered yet
     * and whose copy is running: with {@code WaitForAvailable: false} answers SUCCESS with the copy's id; otherwise,
     * once CloudFormation's wait is about to run out, answers FAILED and ends the task, and before that shortens
     * the loop's wait so the last look at the copy comes in time. Any other job's progress passes unchanged.
     */
    public RegionProgress afterStep(RegionProgress progress) {
        Optional<ResourceJob> found = resourceJob(progress.jobId());
        if (found.isEmpty()) {
            return progress;
        }
        try {
            return answerDuring(found.get(), progress);
        } catch (ResponseSender.NotDelivered e) {
            // The decision is recorded: the next step (or the job's end) sends it again. A response URL that does not
            // take it is no reason to fail the copy.
            log.warn("job " + progress.jobId() + ": " + e.getMessage() + "; the answer is sent again at the next step",
                    Fields.job(progress.jobId(), progress.targets().get(0).region()).requestKey(found.get().request().event().requestKey()));
            return progress;
        }
    }

    /** A resource's job has one target (its one copy), so its loop's batch is that target. */
    private RegionProgress answerDuring(ResourceJob found, RegionProgress progress) {
        if (found.request().decision().isPresent()) {
            answers.deliver(found.request().event()); // sends it only if it never arrived
            return progress;
        }
        ResourceJob r = found;
        Optional<CopyTask> copying = store.tasks(progress.jobId(), progress.target()).stream()
                .filter(t -> t.state() == TaskState.COPYING).findFirst();
        if (copying.isEmpty()) {
            return progress;
        }
        CopyTask task = copying.get();
        ResourceEvent event = r.request().event();
        if (!r.copy().waitForAvailable()) {
            String imageId = task.destinationImageId().orElseThrow();
            succeeded(event, r.copy(), imageId, "PENDING", "the copy " + imageId + " of " + r.copy().imageId() + " to "
                    + r.copy().destinationRegionId() + " has started (WaitForAvailable is false, so CloudFormation"
                    + " does not wait for it)");
            return progress;
        }
        Instant answerBy = r.copy().answerBy(r.request().firstSeenAt());
        Instant now = clock.instant();
        if (now.isBefore(answerBy)) {
            long left = Math.max(1, Duration.between(now, answerBy).toSeconds());
            return left >= progress.nextWaitSeconds() ? progress : progress.waiting((int) left);
        }
        Reason why = Reason.of(ReasonCode.CLOUDFORMATION_WAIT_EXCEEDED).with(Reason.COPY, task.destinationImageId().orElse(null))
                .with(Reason.IMAGE, r.copy().imageId()).with(Reason.REGION, r.copy().destinationRegionId())
                .with(Reason.SECONDS, r.copy().waitSeconds()).build();
        answers.answer(event, failure(event, r.copy(), task.destinationImageId(), ResourceReasons.render(why)));
        store.transition(task, Transition.failed(why));
        return RegionProgress.of(progress.jobId(), progress.target(), store.tasks(progress.jobId(), progress.target()),
                progress.pollRound(), 0, NextStep.DONE);
    }

    /**
     * The job ended (Notify, also for a stopped or failed execution): answers from its task, unless an answer
     * stands already, which is then only sent again if it never was. An answer the response URL did not take is a
     * {@link TransientFailure}: the state machine retries the step, which sends the recorded answer again.
     */
    public void atEnd(Job job, List<CopyTask> tasks) {
        try {
            answerAtEnd(job, tasks);
        } catch (ResponseSender.NotDelivered e) {
            throw new TransientFailure("job " + job.jobId() + " could not answer CloudFormation: " + e.getMessage(), e);
        }
    }

    private void answerAtEnd(Job job, List<CopyTask> tasks) {
        Optional<String> key = job.origin().cloudFormationRequest();
        if (key.isEmpty()) {
            return;
        }
        Optional<ResponseLedger.RequestRecord> request = ledger.request(key.get());
        if (request.isEmpty() || request.get().copy().isEmpty()) {
            log.warn("job " + job.jobId() + ": no CloudFormation request " + key.get() + " is recorded; nobody to answer",
                    Fields.job(job.jobId()).requestKey(key.get()));
            return;
        }
        ResourceEvent event = request.get().event();
        if (request.get().decision().isPresent()) {
            answers.deliver(event);
            return;
        }
        ResourceCopy copy = request.get().copy().get();
        Optional<CopyTask> task = tasks.stream().findFirst();
        if (task.isPresent() && task.get().state() == TaskState.SUCCEEDED) {
            String imageId = task.get().destinationImageId().orElseThrow();
            succeeded(event, copy, imageId, "AVAILABLE", "copied " + copy.imageId() + " from " + copy.sourceRegionId()
                    + " to " + copy.destinationRegionId() + " as " + imageId + " (" + task.get().destinationName()
                    + "), AVAILABLE; job " + job.jobId());
            return;
        }
        String why = task.filter(t -> t.state().terminal()).map(ResourceAnswers::explain)
                .orElseGet(() -> "the copy failed (rule " + ReasonCode.WORKFLOW_FAILED + "): "
                        + job.error().orElse("the job ended " + job.state() + " before its copy did"));
        answers.answer(event, failure(event, copy, task.flatMap(CopyTask::destinationImageId), why));
    }

    /**
     * For the bulk workflow an image of the copy's name in the destination is the copy already made; for a resource
     * it is someone else's image, which the stack must never adopt (its Delete would remove it): the task fails.
     */
    public CopyTask refuseAdoption(CopyTask task, ResourceCopy copy) {
        if (task.reasonCode().filter(c -> c == ReasonCode.ALREADY_REPLICATED).isEmpty()) {
            return task;
        }
        // A refused task keeps no name; the property is what the author wrote.
        String name = copy.destinationImageName().orElse(task.destinationName());
        return store.transition(task, Transition.failed(Reason.of(ReasonCode.NAME_CONFLICT)
                .situation(ReasonText.RESOURCE).with(Reason.NAME, name).with(Reason.REGION, copy.destinationRegionId())))
                .orElse(task);
    }

    /** Records the resource, then answers SUCCESS with its attributes (a decision already standing wins). */
    private void succeeded(ResourceEvent event, ResourceCopy copy, String imageId, String state, String reason) {
        ledger.putResource(new ResourceRecord(event.stackId(), event.logicalResourceId(), imageId,
                ResourceRecord.Kind.COPY, copy.fingerprint(), copy.imageId(), copy.sourceRegionId(),
                copy.destinationRegionId(), Optional.of(copy.jobId())));
        answers.answer(event, Decision.success(imageId, copy.attributes(imageId, state), reason));
    }

    /**
     * A FAILED answer. A failed Create names the copy it made, if any, so CloudFormation's rollback deletes it.
     * A failed Update must keep the resource's current id (the resource did not change), so the replacement
     * copy it made is deleted here, or the reason says it is left behind.
     */
    public Decision failure(ResourceEvent event, ResourceCopy copy, Optional<String> copyImageId, String why) {
        if (event.requestType() == ResourceEvent.RequestType.Create) {
            return Decision.failed(copyImageId.orElse(event.noImageId()), why);
        }
        String current = event.physicalResourceId().orElse(event.noImageId());
        if (copyImageId.isEmpty()) {
            return Decision.failed(current, why);
        }
        String region = copy.destinationRegionId();
        try {
            workspaces.deleteImage(region, copyImageId.get());
            return Decision.failed(current, why + " (the replacement copy " + copyImageId.get() + " was deleted)");
        } catch (WorkSpacesError e) {
            return Decision.failed(current, why + " (the replacement copy " + copyImageId.get() + " in " + region
                    + " could not be deleted: " + e.describe() + "; delete it yourself)");
        }
    }

    /**
     * A failed or refused task in the template's words: the property, the rule, what to do. A task recorded before
     * reasons were data has only its text, which is given as it is.
     */
    static String explain(CopyTask task) {
        return task.why().map(ResourceReasons::render).orElseGet(() -> "the copy failed (rule "
                + task.reasonCode().orElse(ReasonCode.COPY_FAILED) + "): " + task.reason().orElse("no reason recorded"));
    }

    private Optional<ResourceJob> resourceJob(String jobId) {
        if (!jobId.startsWith(ResourceEvent.JOB_ID_PREFIX)) {
            return Optional.empty(); // not a resource's job: no read
        }
        Optional<Job> job = store.job(jobId);
        Optional<String> key = job.flatMap(j -> j.origin().cloudFormationRequest());
        Optional<ResponseLedger.RequestRecord> request = key.flatMap(ledger::request);
        if (request.isEmpty() || request.get().copy().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ResourceJob(job.get(), request.get(), request.get().copy().get()));
    }
}
