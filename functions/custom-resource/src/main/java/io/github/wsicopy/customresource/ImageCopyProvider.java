package io.github.wsicopy.customresource;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import io.github.wsicopy.core.config.Components;
import io.github.wsicopy.core.config.Inputs;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.Job;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.workflow.JobFinisher;
import io.github.wsicopy.core.workspaces.CopyStatus;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Serves one delivery of a CloudFormation request. Every delivery (CloudFormation's, a duplicate, Lambda's
 * retry, the next invocation of a long wait) first records the request and takes its lease; a delivery that
 * cannot take the lease is a duplicate of one that is working, and only re-sends an answer that was decided
 * but not sent. Any failure before the answer is answered FAILED.
 */
public final class ImageCopyProvider {
    public enum Outcome { ANSWERED, HANDED_OVER, FINISHED, DUPLICATE }

    private final Components components;
    private final ResponseLedger ledger;
    private final Answers answers;
    private final CopyLifecycle lifecycle;
    private final ImageDeletion deletion;
    private final JobFinisher finisher;
    private final Clock clock;
    private final LambdaLogger log;

    public ImageCopyProvider(Components c, ResponseSender sender, Continuations continuations, Sleeper sleeper) {
        this.components = c;
        this.clock = c.clock();
        this.log = c.log();
        this.ledger = new ResponseLedger(c.clients().dynamo(), c.settings().tableName());
        this.answers = new Answers(ledger, sender, clock, log);
        Workflow workflow = Workflow.of(c);
        this.finisher = workflow.finisher();
        this.lifecycle = new CopyLifecycle(c, workflow, ledger, answers, continuations, sleeper);
        this.deletion = new ImageDeletion(c.workspaces(), ledger);
    }

    public Outcome handle(ResourceEvent event, Context context) {
        Link link = Link.of(event, context, clock);
        ledger.open(event, clock.instant(), clock.instant().plus(components.retention()));
        if (!ledger.acquire(event.requestKey(), link.owner(), link.leaseUntil(), clock.instant())) {
            log.log(event.logicalResourceId() + ": request " + event.requestId() + " is being served by another"
                    + " invocation; this delivery is a duplicate");
            answers.deliver(event);
            return Outcome.DUPLICATE;
        }
        Outcome outcome = Outcome.FINISHED;
        try {
            answers.deliver(event); // an answer decided by a delivery that died before sending it goes out first
            outcome = serve(event, context, link);
            return outcome;
        } catch (RuntimeException e) {
            if (answers.decided(event)) {
                throw e; // already answered: Lambda retries this invocation, which resumes under the same lease
            }
            log.log(event.logicalResourceId() + ": the provider failed on request " + event.requestId() + ": " + trace(e));
            giveUp(event, "the provider failed: " + describe(e));
            return Outcome.ANSWERED;
        } finally {
            if (outcome != Outcome.HANDED_OVER) {
                ledger.release(event.requestKey(), link.owner());
            }
        }
    }

    private Outcome serve(ResourceEvent event, Context context, Link link) {
        if (event.requestType() == ResourceEvent.RequestType.Delete) {
            answers.answer(event, deletion.delete(event));
            return Outcome.ANSWERED;
        }
        String stackRegion = event.stackRegion().orElse(components.settings().awsRegion());
        PropertyParser.Parsed parsed = PropertyParser.parse(event.properties(), stackRegion,
                Workflow.defaults(components.settings()));
        if (parsed instanceof PropertyParser.Invalid invalid) {
            answers.answer(event, lifecycle.failure(event, Optional.empty(), invalid.reason()));
            return Outcome.ANSWERED;
        }
        ImageCopyProperties props = ((PropertyParser.Valid) parsed).properties();
        if (event.requestType() == ResourceEvent.RequestType.Update && sameImage(event, props, stackRegion)) {
            answers.answer(event, keep(event, props));
            return Outcome.ANSWERED;
        }
        return switch (lifecycle.copy(event, props, Inputs.callerAccount(context, components.settings()), link)) {
            case ANSWERED -> Outcome.ANSWERED;
            case HANDED_OVER -> Outcome.HANDED_OVER;
            case FINISHED -> Outcome.FINISHED;
        };
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
                        && PropertyParser.parse(event.oldProperties(), stackRegion, Workflow.defaults(components.settings()))
                                instanceof PropertyParser.Valid old
                        && old.properties().fingerprint().equals(props.fingerprint()));
    }

    private Decision keep(ResourceEvent event, ImageCopyProperties props) {
        String current = event.physicalResourceId().orElseThrow();
        String region = props.sameRegion() && props.allowCopyInSameRegion() ? props.sourceRegionId() : props.destinationRegionId();
        String state = Optional.ofNullable(components.workspaces().copyStatus(region, List.of(current)).get(current))
                .map(CopyStatus::state).orElse("NOT_FOUND");
        return Decision.success(current, CopyLifecycle.attributes(current, props, state), "updated in place: only"
                + " properties about the provider's behaviour changed, so " + current + " stays the resource's image");
    }

    /**
     * Answers FAILED when the provider cannot finish a request (an exception, or Lambda giving up on it), and
     * closes its job so the job does not stay RUNNING. A decision that stands already is what gets sent.
     */
    public void giveUp(ResourceEvent event, String why) {
        // The provider may have died before it recorded the request at all.
        ledger.open(event, clock.instant(), clock.instant().plus(components.retention()));
        JobStore store = components.store();
        String jobId = event.jobId();
        Optional<Job> job = event.requestType() == ResourceEvent.RequestType.Delete ? Optional.empty() : store.job(jobId);
        Optional<String> copy = job.isEmpty() ? Optional.empty()
                : store.tasks(jobId).stream().map(CopyTask::destinationImageId).flatMap(Optional::stream).findFirst();
        Decision failed = event.requestType() == ResourceEvent.RequestType.Delete
                ? Decision.failed(event.physicalResourceId().orElse(event.noImageId()), why)
                : lifecycle.failure(event, copy, why);
        answers.answer(event, failed);
        if (job.isPresent() && !job.get().state().terminal()) {
            finisher.finish(jobId, Optional.of(new JobFinisher.WorkflowError("CustomResource.ProviderFailed", why)));
        }
    }

    private static String trace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }

    /** Class and message only: a stack trace belongs in the log, not in CloudFormation's console. */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        String line = e.getClass().getSimpleName() + message;
        return line.length() > 500 ? line.substring(0, 500) + "…" : line;
    }
}
