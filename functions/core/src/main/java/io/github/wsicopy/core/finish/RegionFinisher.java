package io.github.wsicopy.core.finish;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.json.Json;
import io.github.wsicopy.core.model.AfterCopy;
import io.github.wsicopy.core.model.AfterCopyParser;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Tag;
import io.github.wsicopy.core.store.CopyTask;
import io.github.wsicopy.core.store.JobStore;
import io.github.wsicopy.core.store.TaskState;
import io.github.wsicopy.core.workspaces.Bundle;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;

/**
 * The after-copy work of one (account, Region) of a job, once that Region's copies are final: bundles pointed at the
 * new image (or created), the new ids published to SSM, then retention (after the bundles, so a bundle moved off an
 * old copy no longer holds it). Each item's result is recorded on its own ({@link FinishResults}); a failing item
 * never fails the copies or the other items. Throttling and calls without an answer come out as
 * {@link TransientFailure}, which the state machine retries: every step is safe to repeat, since items already done
 * are skipped and WorkSpaces and SSM are read afresh.
 */
public final class RegionFinisher {
    private final JobStore store;
    private final FinishResults results;
    private final Function<String, WorkSpacesGateway> workspaces;
    private final BiFunction<String, String, SsmClient> ssm;
    private final String sourceAccount;

    /**
     * @param workspaces    the gateway acting in an account (the stack's own, or one reached by AssumeRole)
     * @param ssm           Parameter Store of (account, Region)
     * @param sourceAccount the account the job's source images are read in (the stack's)
     */
    public RegionFinisher(JobStore store, FinishResults results, Function<String, WorkSpacesGateway> workspaces,
            BiFunction<String, String, SsmClient> ssm, String sourceAccount) {
        this.store = store;
        this.results = results;
        this.workspaces = workspaces;
        this.ssm = ssm;
        this.sourceAccount = sourceAccount;
    }

    /**
     * What one run did, in counts (the step's output stays constant-size; the items are in the table).
     *
     * @param notFinal true when the Region still had copies in flight, so nothing was done
     */
    public record Outcome(int imagesDeleted, int imagesKept, int bundles, int parameters, int failed,
            boolean notFinal) {
        static final Outcome NOTHING = new Outcome(0, 0, 0, 0, 0, false);
    }

    /** Runs the job's after-copy work in one (account, Region). */
    public Outcome finish(String jobId, String account, String region) {
        AfterCopy afterCopy = afterCopy(jobId);
        if (!afterCopy.any()) {
            return Outcome.NOTHING;
        }
        List<CopyTask> tasks = store.tasks(jobId, new io.github.wsicopy.core.model.Target(account, region));
        if (tasks.stream().anyMatch(t -> !t.state().terminal())) {
            return new Outcome(0, 0, 0, 0, 0, true);
        }
        List<CopyTask> copies = tasks.stream()
                .filter(t -> t.state() == TaskState.SUCCEEDED && t.destinationImageId().isPresent()).toList();
        Set<FinishResult.Subject> done = results.results(jobId, account, region).stream()
                .filter(FinishResult::done).map(FinishResult::subject).collect(Collectors.toSet());
        Run run = new Run(jobId, account, region, workspaces.apply(account), done);
        if (!copies.isEmpty()) {
            bundles(run, afterCopy.bundles(), copies);
            afterCopy.publish().ifPresent(publish -> publish(run, publish, copies));
        }
        afterCopy.retain().ifPresent(retain -> retention(run, retain, tasks, copies));
        return run.outcome();
    }

    /** Every result of the job, for the report, the API and the notification. */
    public List<FinishResult> results(String jobId) {
        return results.results(jobId);
    }

    // ---- bundles ----------------------------------------------------------------------------------------

    private void bundles(Run run, List<AfterCopy.BundleSpec> specs, List<CopyTask> copies) {
        if (specs.isEmpty()) {
            return;
        }
        Map<String, Bundle> sourceBundles = fromBundles(run, specs, copies.get(0).sourceRegion());
        for (AfterCopy.BundleSpec spec : specs) {
            Optional<AfterCopy.BundleSettings> settings = switch (spec) {
                case AfterCopy.BundleSettings s -> Optional.of(s);
                case AfterCopy.FromBundle f -> Optional.ofNullable(sourceBundles.get(f.bundleId())).map(b ->
                        new AfterCopy.BundleSettings(b.name(), b.computeType(), b.rootVolumeGb(), b.userVolumeGb(),
                                Optional.ofNullable(b.description())));
            };
            if (settings.isEmpty()) {
                String id = ((AfterCopy.FromBundle) spec).bundleId();
                run.failed(FinishResult.Subject.bundle(id), Optional.empty(), "Bundle " + id + " (bundles, fromBundle)"
                        + " was not found in the source Region " + copies.get(0).sourceRegion() + ", so no bundle was"
                        + " made from it in " + run.region + (run.sourceProblem.isEmpty() ? "" : " (" + run.sourceProblem
                        + ")") + "; check the id, or describe the bundle in full");
                continue;
            }
            FinishResult.Subject subject = FinishResult.Subject.bundle(settings.get().name());
            if (run.done.contains(subject)) {
                continue;
            }
            if (copies.size() != 1) {
                run.failed(subject, Optional.empty(), "Bundle " + settings.get().name() + " was not changed in "
                        + run.region + ": this job made " + copies.size() + " new images there ("
                        + copies.stream().map(t -> t.destinationImageId().orElseThrow()).collect(Collectors.joining(", "))
                        + ") and a bundle can use one; copy the image for the bundle in a job of its own");
                continue;
            }
            rollOut(run, settings.get(), copies.get(0));
        }
    }

    /** The fromBundle bundles, read once in the source Region; none when no spec names one. */
    private Map<String, Bundle> fromBundles(Run run, List<AfterCopy.BundleSpec> specs, String sourceRegion) {
        List<String> ids = specs.stream().filter(AfterCopy.FromBundle.class::isInstance)
                .map(s -> ((AfterCopy.FromBundle) s).bundleId()).toList();
        if (ids.isEmpty()) {
            return Map.of();
        }
        try {
            return workspaces.apply(sourceAccount).bundlesById(sourceRegion, ids);
        } catch (WorkSpacesError e) {
            run.sourceProblem = "the source Region could not be read: " + transientOr(e).describe();
            return Map.of();
        }
    }

    private void rollOut(Run run, AfterCopy.BundleSettings bundle, CopyTask copy) {
        String imageId = copy.destinationImageId().orElseThrow();
        FinishResult.Subject subject = FinishResult.Subject.bundle(bundle.name());
        try {
            Optional<Bundle> existing = run.bundles().stream().filter(b -> bundle.name().equals(b.name())).findFirst();
            if (existing.isPresent()) {
                if (!imageId.equals(existing.get().imageId())) {
                    run.workspaces.updateBundle(run.region, existing.get().bundleId(), imageId);
                }
                run.record(new FinishResult.BundleRolledOut(run.account, run.region, bundle.name(),
                        existing.get().bundleId(), imageId, false));
            } else {
                String id = run.workspaces.createBundle(run.region, bundle.name(),
                        bundle.description().orElse(AfterCopy.BundleSettings.defaultDescription(bundle.name())),
                        imageId, bundle.computeType(), bundle.rootVolumeGb(), bundle.userVolumeGb(),
                        copySystemTags(copy));
                run.record(new FinishResult.BundleRolledOut(run.account, run.region, bundle.name(), id, imageId, true));
            }
            run.bundlesChanged();
        } catch (WorkSpacesError e) {
            WorkSpacesError error = transientOr(e);
            String what = error.kind() == WorkSpacesError.Kind.QUOTA_EXCEEDED
                    ? "the account has the most custom bundles WorkSpaces allows there ("
                    + io.github.wsicopy.core.rules.RulesConfig.BUNDLES_PER_REGION + "); delete bundles nobody uses"
                    : "WorkSpaces refused (" + error.describe() + ")";
            run.failed(subject, Optional.of(imageId), "Bundle " + bundle.name() + " was not pointed at the new image "
                    + imageId + " in " + run.region + " of account " + run.account + ": " + what + "; then run the job's"
                    + " after-copy step again or change the bundle by hand");
        }
    }

    /** The bundle says which copy it was made for, like the copy itself. */
    private static List<Tag> copySystemTags(CopyTask copy) {
        return copy.tags().stream().filter(t -> SystemTags.isReserved(t.key())).toList();
    }

    // ---- publish ----------------------------------------------------------------------------------------

    /** One parameter per lineage, the newest version's copy ({@link Publication}). */
    private void publish(Run run, AfterCopy.Publish publish, List<CopyTask> copies) {
        Map<String, SourceImage> sources = sourceImages(run, copies);
        List<CopyTask> named = new ArrayList<>();
        for (CopyTask copy : copies) {
            SourceImage source = sources.get(copy.sourceImageId());
            if (source != null && source.name() != null) {
                named.add(copy);
                continue;
            }
            String imageId = copy.destinationImageId().orElseThrow();
            run.failed(FinishResult.Subject.parameter(publish.parameterPrefix() + copy.sourceImageId()),
                    Optional.of(imageId), "No parameter was written for the copy " + imageId + " in " + run.region
                            + ": which version of its lineage it is comes from the name of the source image "
                            + copy.sourceImageId() + ", which could not be read in " + copy.sourceRegion() + " ("
                            + (run.sourceProblem.isEmpty() ? "it is gone" : run.sourceProblem)
                            + "); run the after-copy step again once the source can be read");
        }
        Map<String, CopyTask> newestByName = Publication.newestPerParameter(publish, named, CopyTask::tags,
                c -> sources.get(c.sourceImageId()).name());
        newestByName.forEach((name, copy) -> {
            String imageId = copy.destinationImageId().orElseThrow();
            FinishResult.Subject subject = FinishResult.Subject.parameter(name);
            if (run.done.contains(subject)) {
                return;
            }
            Optional<String> problem = ParameterNames.nameProblem(name, ParameterNames.arnPrefix(run.account, run.region));
            if (problem.isPresent()) {
                run.failed(subject, Optional.of(imageId), "The parameter " + name + " (publish.parameterPrefix and the"
                        + " lineage of " + copy.sourceImageId() + ") " + problem.get() + ", so the id of " + imageId
                        + " was not published in " + run.region + " of account " + run.account + "; choose another"
                        + " prefix, or name the lineage by a tag (retain.lineageTag) whose value SSM accepts");
                return;
            }
            write(run, name, copy, imageId);
        });
    }

    private Map<String, SourceImage> sourceImages(Run run, List<CopyTask> copies) {
        try {
            return workspaces.apply(sourceAccount).describeImages(copies.get(0).sourceRegion(),
                    copies.stream().map(CopyTask::sourceImageId).toList(), sourceAccount);
        } catch (WorkSpacesError e) {
            run.sourceProblem = "the source Region could not be read: " + transientOr(e).describe();
            return Map.of();
        }
    }

    /** PutParameter (a new version each run), then the tags: SSM takes no tags together with Overwrite. */
    private void write(Run run, String name, CopyTask copy, String imageId) {
        SsmClient client = ssm.apply(run.account, run.region);
        try {
            long version = client.putParameter(r -> r.name(name).value(imageId).type(ParameterType.STRING)
                    .overwrite(true).description("The newest copy of " + copy.sourceImageId() + " from "
                            + copy.sourceRegion() + ", written by wsicopy")).version();
            client.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)
                    .tags(copySystemTags(copy).stream().map(t -> software.amazon.awssdk.services.ssm.model.Tag.builder()
                            .key(t.key()).value(t.value()).build()).toList()));
            run.record(new FinishResult.ParameterWritten(run.account, run.region, name, version, imageId));
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new TransientFailure("SSM Parameter Store in " + run.region + " is throttling or unavailable ("
                        + errorOf(e) + "); the after-copy step tries again", e);
            }
            run.failed(FinishResult.Subject.parameter(name), Optional.of(imageId), "The parameter " + name + " was not"
                    + " written in " + run.region + " of account " + run.account + ": SSM refused (" + errorOf(e)
                    + "); check the function's ssm:PutParameter and ssm:AddTagsToResource permissions on the prefix,"
                    + " then run the after-copy step again");
        } catch (SdkException e) {
            throw new TransientFailure("SSM Parameter Store in " + run.region + " did not answer ("
                    + e.getMessage() + "); the after-copy step tries again", e);
        }
    }

    private static String errorOf(AwsServiceException e) {
        return e.awsErrorDetails() == null ? String.valueOf(e.getMessage())
                : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }

    // ---- retention --------------------------------------------------------------------------------------

    private void retention(Run run, AfterCopy.Retention retain, List<CopyTask> tasks, List<CopyTask> copies) {
        Set<String> newCopies = new LinkedHashSet<>();
        Set<String> lineages = new LinkedHashSet<>();
        for (CopyTask copy : copies) {
            newCopies.add(copy.destinationImageId().orElseThrow());
            copy.tags().stream().filter(t -> SystemTags.LINEAGE.equals(t.key())).findFirst()
                    .ifPresent(t -> lineages.add(t.value()));
        }
        if (lineages.isEmpty()) {
            return;
        }
        Set<String> sources = tasks.stream().map(CopyTask::sourceImageId).collect(Collectors.toSet());
        List<RetentionPlan.Decision> decisions;
        Map<String, RetentionPlan.Image> byId = new LinkedHashMap<>();
        try {
            List<RetentionPlan.Image> images = RetentionReader.images(run.workspaces, run.region);
            images.forEach(i -> byId.put(i.imageId(), i));
            decisions = RetentionReader.plan(run.workspaces, run.region, images,
                    new RetentionPlan.Scope(retain.keepLatest(), newCopies, lineages, Map.of(), Set.of(), sources),
                    run::bundles);
        } catch (WorkSpacesError e) {
            WorkSpacesError error = transientOr(e);
            run.failed(FinishResult.Subject.image("*"), Optional.empty(), "Retention did not run in " + run.region
                    + " of account " + run.account + ": the Region's images could not be read (" + error.describe()
                    + "); nothing was deleted. Check the function's DescribeWorkspaceImages, DescribeTags,"
                    + " DescribeWorkspaceBundles, DescribeImageAssociations and DescribeWorkspaceImagePermissions"
                    + " permissions");
            return;
        }
        for (RetentionPlan.Delete delete : RetentionPlan.deletions(decisions)) {
            if (!run.done.contains(FinishResult.Subject.image(delete.imageId()))) {
                delete(run, delete, byId.get(delete.imageId()).sourceImageId().orElseThrow(),
                        tasks.get(0).sourceRegion());
            }
        }
    }

    /**
     * Deletes one copy, then retires its pair in the replica ledger, so the next run of a selector that still matches
     * the old source skips it instead of copying it back. Retired after the delete, never before: a delete WorkSpaces
     * refuses (in use) must leave the pair as it is. Known gap: a crash between the delete and the ledger write leaves
     * the record naming a gone copy, which validation then marks DELETED, so that old version is copied once more and
     * retention deletes it again on the following run.
     */
    private void delete(Run run, RetentionPlan.Delete delete, String sourceImageId, String sourceRegion) {
        String lineage = delete.lineage().orElse("");
        try {
            run.workspaces.deleteImage(run.region, delete.imageId());
            store.replicas().retire(run.account, run.region, sourceImageId, sourceRegion, delete.imageId(), run.jobId);
            run.record(new FinishResult.ImageDeleted(run.account, run.region, delete.imageId(), lineage, delete.why()));
        } catch (WorkSpacesError e) {
            switch (transientOr(e).kind()) {
                case IN_USE -> run.record(new FinishResult.ImageKept(run.account, run.region, delete.imageId(), lineage,
                        "kept: WorkSpaces refused to delete it because it is in use, shared or not in a state to be"
                                + " deleted (" + e.describe() + ")"));
                case NOT_FOUND -> {
                    store.replicas().retire(run.account, run.region, sourceImageId, sourceRegion, delete.imageId(),
                            run.jobId);
                    run.record(new FinishResult.ImageDeleted(run.account, run.region, delete.imageId(), lineage,
                            delete.why() + " (it was already gone)"));
                }
                default -> run.failed(FinishResult.Subject.image(delete.imageId()), Optional.of(delete.imageId()),
                        "Retention could not delete " + delete.imageId() + " (lineage " + lineage + ") in " + run.region
                                + " of account " + run.account + ": " + e.describe() + "; the image stays. Check the"
                                + " function's workspaces:DeleteWorkspaceImage permission, which holds only for images"
                                + " tagged " + SystemTags.SOURCE_IMAGE_ID);
            }
        }
    }

    // ---- shared -----------------------------------------------------------------------------------------

    /**
     * Throttling, or no answer, is for the state machine to retry ({@link TransientFailure}); any other error is
     * returned for the item to record.
     */
    private static WorkSpacesError transientOr(WorkSpacesError e) {
        if (e.kind() == WorkSpacesError.Kind.THROTTLED || e.kind() == WorkSpacesError.Kind.UNKNOWN_OUTCOME
                || e.kind() == WorkSpacesError.Kind.UNAVAILABLE) {
            throw new TransientFailure("WorkSpaces is throttling or did not answer (" + e.describe()
                    + "); the after-copy step tries again", e);
        }
        return e;
    }

    /** The request's after-copy fields, read from the job's stored request. */
    private AfterCopy afterCopy(String jobId) {
        Optional<String> json = store.request(jobId);
        if (json.isEmpty()) {
            return AfterCopy.NONE;
        }
        Object parsed = Json.parse(json.get());
        if (!(parsed instanceof Map<?, ?> map)) {
            return AfterCopy.NONE;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) map;
        List<FieldError> errors = new ArrayList<>();
        AfterCopy afterCopy = AfterCopyParser.parse(request, AfterCopy.REQUEST_GROUP, errors);
        // The request passed the same checks when the job was made; a stored request that no longer does is not acted on.
        return errors.isEmpty() ? afterCopy : AfterCopy.NONE;
    }

    /** One run's state: the account's gateway, what is done, the Region's bundles (read once), the tallies. */
    private final class Run {
        final String jobId;
        final String account;
        final String region;
        final WorkSpacesGateway workspaces;
        final Set<FinishResult.Subject> done;
        private List<Bundle> bundles;
        String sourceProblem = "";
        int deleted;
        int kept;
        int bundlesDone;
        int parameters;
        int failed;

        Run(String jobId, String account, String region, WorkSpacesGateway workspaces, Set<FinishResult.Subject> done) {
            this.jobId = jobId;
            this.account = account;
            this.region = region;
            this.workspaces = workspaces;
            this.done = done;
        }

        List<Bundle> bundles() {
            if (bundles == null) {
                bundles = workspaces.ownBundles(region);
            }
            return bundles;
        }

        void bundlesChanged() {
            bundles = null;
        }

        void record(FinishResult result) {
            results.record(jobId, result);
            switch (result) {
                case FinishResult.ImageDeleted d -> deleted++;
                case FinishResult.ImageKept k -> kept++;
                case FinishResult.BundleRolledOut b -> bundlesDone++;
                case FinishResult.ParameterWritten p -> parameters++;
                case FinishResult.Failed f -> failed++;
            }
        }

        void failed(FinishResult.Subject subject, Optional<String> imageId, String error) {
            record(new FinishResult.Failed(account, region, subject, imageId, error));
        }

        Outcome outcome() {
            return new Outcome(deleted, kept, bundlesDone, parameters, failed, false);
        }
    }
}
