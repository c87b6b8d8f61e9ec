package io.github.wsicopy.customresource;

import io.github.wsicopy.core.cloudformation.Answers;
import io.github.wsicopy.core.cloudformation.Decision;
import io.github.wsicopy.core.cloudformation.PropertyNames;
import io.github.wsicopy.core.cloudformation.ResourceAnswers;
import io.github.wsicopy.core.cloudformation.ResourceCopy;
import io.github.wsicopy.core.cloudformation.ResourceEvent;
import io.github.wsicopy.core.cloudformation.ResourceReasons;
import io.github.wsicopy.core.cloudformation.ResourceRecord;
import io.github.wsicopy.core.cloudformation.ResponseLedger;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Settings;
import io.github.wsicopy.core.log.Fields;
import io.github.wsicopy.core.log.Log;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReasonText;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.rules.RulesConfig;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobOrigin;
import io.github.wsicopy.core.store.JobState;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.workflow.Executions;
import io.github.wsicopy.core.workflow.FactGatherer;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workflow.JobValidator;
import io.github.wsicopy.core.workflow.Planner;
import io.github.wsicopy.core.workflow.PolicyResolver;
import io.github.wsicopy.core.workspaces.CopyStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Serves one delivery of a CloudFormation request, briefly. Delete is done here. Create and Update (one that
 * replaces the image) check the properties, record what the answer will need, validate the one-task job with the
 * workflow's own rules and start the state machine on it: the workflow follows the copy and answers (see
 * {@link ResourceAnswers}). A bad property or a refusal of the rules is answered here at once. A delivery of a
 * request that has an answer only sends that answer again if it never arrived.
 */
public final class ImageCopyProvider {
    public enum Outcome { ANSWERED, STARTED, DUPLICATE }

    private final Components components;
    private final ResponseLedger ledger;
    private final Answers answers;
    private final ResourceAnswers resourceAnswers;
    private final ImageDeletion deletion;
    private final JobValidator validator;
    private final JobFinisher finisher;
    /** Empty in the failure function, which only gives up. */
    private final Optional<Executions> executions;
    private final Clock clock;
    private final Log log;

    public ImageCopyProvider(Components c, Optional<Executions> executions) {
        this.components = c;
        this.clock = c.clock();
        this.log = Log.of(c.log());
        this.resourceAnswers = ResourceAnswers.of(c);
        this.ledger = resourceAnswers.ledger();
        this.answers = resourceAnswers.answers();
        this.validator = validator(c);
        this.finisher = new JobFinisher(c.store(), c.clock(), c.retention(), c.log());
        this.executions = executions;
        this.deletion = new ImageDeletion(c.workspaces(), ledger);
    }

    /**
     * The workflow's validation, configured for a resource's copy. No tag lookups and no replica ledger: a resource
     * always makes its own copy and owns it (its Delete removes it; a replacement stands beside the image it
     * replaces until CloudFormation deletes that one), so an earlier copy of the same source must not count as
     * "already replicated" (CloudFormation would adopt, and later delete, an image the stack never made). Names are
     * still checked against the destination. The job's origin keeps the copy step out of the ledger too.
     */
    private static JobValidator validator(Components c) {
        Settings settings = c.settings();
        FactGatherer facts = new FactGatherer(c.workspaces(), Optional.empty(), 0, c.clock());
        Planner planner = new Planner(facts,
                RulesConfig.defaults().withImageQuotaPerRegion(settings.imageQuotaPerRegion()), defaults(settings));
        return new JobValidator(c.store(), planner, new PolicyResolver(c.workspaces()), c.clock(), c.retention(), c.log());
    }

    static RequestParser.Defaults defaults(Settings settings) {
        return new RequestParser.Defaults(settings.trustedOwnerAccounts());
    }

    public Outcome handle(ResourceEvent event, String callerAccount) {
        ledger.open(event, clock.instant(), clock.instant().plus(components.retention()));
        if (answers.decided(event)) {
            log.info(event.logicalResourceId() + ": request " + event.requestId() + " is answered; this delivery is a"
                    + " duplicate", fields(event));
            answers.deliver(event); // an answer decided by a delivery that died before sending it goes out now
            return Outcome.DUPLICATE;
        }
        try {
            return serve(event, callerAccount);
        } catch (RuntimeException e) {
            if (answers.decided(event)) {
                throw e; // answered, but not sent: Lambda retries this invocation, which sends it
            }
            log.error(event.logicalResourceId() + ": the provider failed on request " + event.requestId() + ": " + trace(e),
                    fields(event).errorCode(e.getClass().getSimpleName()));
            giveUp(event, "the provider failed: " + describe(e));
            return Outcome.ANSWERED;
        }
    }

    private Outcome serve(ResourceEvent event, String callerAccount) {
        if (event.requestType() == ResourceEvent.RequestType.Delete) {
            answers.answer(event, deletion.delete(event));
            return Outcome.ANSWERED;
        }
        String stackRegion = event.stackRegion().orElse(components.settings().awsRegion());
        PropertyParser.Parsed parsed = PropertyParser.parse(event.properties(), stackRegion, defaults(components.settings()));
        if (parsed instanceof PropertyParser.Invalid invalid) {
            answers.answer(event, failedBeforeACopy(event, invalid.reason()));
            return Outcome.ANSWERED;
        }
        ImageCopyProperties props = ((PropertyParser.Valid) parsed).properties();
        if (event.requestType() == ResourceEvent.RequestType.Update && sameImage(event, props, stackRegion)) {
            answers.answer(event, keep(event, props));
            return Outcome.ANSWERED;
        }
        if (props.sameRegion() && props.allowCopyInSameRegion()) {
            answers.answer(event, sourceItself(event, props, callerAccount));
            return Outcome.ANSWERED;
        }
        return copy(event, props, callerAccount);
    }

    /** Validates the one-task job; a refused copy is answered at once, a planned one goes to the state machine. */
    private Outcome copy(ResourceEvent event, ImageCopyProperties props, String callerAccount) {
        String jobId = event.jobId();
        ResourceCopy copy = props.copy(jobId);
        ledger.describeCopy(event.requestKey(), copy); // before the job exists: whoever ends it can answer
        JobValidator.Result validated = validator.validate(jobId, Optional.of(props.copyRequest()), callerAccount,
                new JobOrigin.CloudFormation(event.requestKey()));
        JobStore store = components.store();
        List<CopyTask> tasks = store.tasks(jobId);
        if (validated.state() == JobState.FAILED && tasks.isEmpty()) {
            // The job's error names the source Region and the call that failed; it mentions no request field.
            String error = store.job(jobId).flatMap(Job::error).orElse("the copy could not be planned");
            answers.answer(event, failedBeforeACopy(event, PropertyNames.SOURCE_REGION_ID + " (rule SOURCE_UNREADABLE): "
                    + error));
            return Outcome.ANSWERED;
        }
        if (!validated.hasWork()) { // the rules refused the copy
            tasks.forEach(t -> resourceAnswers.refuseAdoption(t, copy));
            finisher.finish(jobId, Optional.empty()).ifPresent(f -> resourceAnswers.atEnd(f.job(), f.tasks()));
            return Outcome.ANSWERED;
        }
        executions.orElseThrow(() -> new IllegalStateException("this function cannot start executions")).start(jobId);
        log.info(event.logicalResourceId() + ": job " + jobId + " copies " + props.imageId() + " to "
                + props.destinationRegionId() + "; the state machine answers request " + event.requestId(),
                fields(event).region(props.destinationRegionId()));
        return Outcome.STARTED;
    }

    /** ROS's AllowCopyInSameRegion: a copy into the source's own Region answers with the source's id, copying nothing. */
    private Decision sourceItself(ResourceEvent event, ImageCopyProperties props, String callerAccount) {
        String region = props.sourceRegionId();
        SourceImage source = components.workspaces().describeImages(region, List.of(props.imageId()), callerAccount)
                .get(props.imageId());
        if (source == null || !source.available()) {
            // The rules' own refusals, in the resource's words.
            Reason why = source == null
                    ? Reason.of(ReasonCode.IMAGE_NOT_FOUND).situation(ReasonText.AT_PLAN).with(Reason.IMAGE, props.imageId())
                            .with(Reason.SOURCE_REGION, region).build()
                    : Reason.of(ReasonCode.IMAGE_NOT_AVAILABLE).with(Reason.IMAGE, props.imageId())
                            .with(Reason.SOURCE_REGION, region).with(Reason.STATE, source.state()).build();
            return failedBeforeACopy(event, ResourceReasons.render(why));
        }
        ledger.putResource(new ResourceRecord(event.stackId(), event.logicalResourceId(), props.imageId(),
                ResourceRecord.Kind.SOURCE, props.fingerprint(), props.imageId(), region, region, Optional.empty()));
        return Decision.success(props.imageId(), props.copy(event.jobId()).attributes(props.imageId(), source.state()),
                "AllowCopyInSameRegion is true and " + region + " is the source Region: nothing was copied, the"
                        + " resource is the source image " + props.imageId() + " itself (Delete leaves it alone)");
    }

    /**
     * True when the new properties describe the image the resource already is: only properties about the
     * provider's behaviour changed, or CloudFormation rolls an Update back to the properties the image was
     * made from. Any change to the image itself replaces the resource.
     */
    private boolean sameImage(ResourceEvent event, ImageCopyProperties props, String stackRegion) {
        String current = event.physicalResourceId().orElse("");
        return ledger.resource(event.stackId(), event.logicalResourceId(), current)
                .map(r -> r.fingerprint().equals(props.fingerprint()))
                .orElseGet(() -> !current.startsWith("wsicopy-no-image-")
                        && PropertyParser.parse(event.oldProperties(), stackRegion, defaults(components.settings()))
                                instanceof PropertyParser.Valid old
                        && old.properties().fingerprint().equals(props.fingerprint()));
    }

    private Decision keep(ResourceEvent event, ImageCopyProperties props) {
        String current = event.physicalResourceId().orElseThrow();
        String region = props.sameRegion() && props.allowCopyInSameRegion() ? props.sourceRegionId() : props.destinationRegionId();
        String state = Optional.ofNullable(components.workspaces().copyStatus(region, List.of(current)).get(current))
                .map(CopyStatus::state).orElse("NOT_FOUND");
        return Decision.success(current, props.copy(event.jobId()).attributes(current, state), "updated in place: only"
                + " properties about the provider's behaviour changed, so " + current + " stays the resource's image");
    }

    /** FAILED with nothing copied: a Create has no image, an Update keeps the one it has. */
    private static Decision failedBeforeACopy(ResourceEvent event, String why) {
        return Decision.failed(event.requestType() == ResourceEvent.RequestType.Create ? event.noImageId()
                : event.physicalResourceId().orElse(event.noImageId()), why);
    }

    /**
     * Answers FAILED when the provider cannot finish a request (an exception, or Lambda giving up on it), and
     * closes its job so the job does not stay RUNNING. A decision that stands already is what gets sent.
     */
    public void giveUp(ResourceEvent event, String why) {
        // The provider may have died before it recorded the request at all.
        ledger.open(event, clock.instant(), clock.instant().plus(components.retention()));
        if (event.requestType() == ResourceEvent.RequestType.Delete) {
            answers.answer(event, Decision.failed(event.physicalResourceId().orElse(event.noImageId()), why));
            return;
        }
        JobStore store = components.store();
        String jobId = event.jobId();
        Optional<Job> job = store.job(jobId);
        Optional<String> copyId = job.isEmpty() ? Optional.empty()
                : store.tasks(jobId).stream().map(CopyTask::destinationImageId).flatMap(Optional::stream).findFirst();
        Optional<ResourceCopy> copy = ledger.request(event.requestKey()).flatMap(ResponseLedger.RequestRecord::copy);
        answers.answer(event, copy.map(c -> resourceAnswers.failure(event, c, copyId, why))
                .orElseGet(() -> failedBeforeACopy(event, why)));
        if (job.isPresent() && !job.get().state().terminal()) {
            finisher.finish(jobId, Optional.of(new JobFinisher.WorkflowError("CustomResource.ProviderFailed", why)));
        }
    }

    private static Fields fields(ResourceEvent event) {
        return Fields.request(event.requestKey()).withJob(event.jobId());
    }

    private static String trace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /**
     * A sentence for CloudFormation's console: an AWS service's error code and message, or the message alone; never a
     * Java class name or stack trace (those are in the log).
     */
    static String describe(Throwable e) {
        String line;
        if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
            line = service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        } else if (e.getMessage() != null && !e.getMessage().isBlank()) {
            line = e.getMessage();
        } else {
            line = "an internal error; the provider's log has the details";
        }
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }
}
