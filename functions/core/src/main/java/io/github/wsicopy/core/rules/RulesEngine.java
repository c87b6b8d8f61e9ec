package io.github.wsicopy.core.rules;

import io.github.wsicopy.core.finish.Lineage;
import io.github.wsicopy.core.model.AfterCopy;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.ImageText;
import io.github.wsicopy.core.model.Plan;
import io.github.wsicopy.core.model.PlannedCopy;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonCode;
import io.github.wsicopy.core.model.ReasonText;
import io.github.wsicopy.core.model.Rejection;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Tag;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.model.Template;
import io.github.wsicopy.core.model.Template.Placeholder;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides, for every (source image, destination Region) pair of a request, whether to copy it and under
 * which name, or why not. Pure: it looks only at the request, the facts gathered beforehand and the
 * configuration, so the validate step and the API's dry run give the same answer and tests need no AWS.
 *
 * <p>Pairs are visited image by image in request order, destinations in request order; that order
 * decides which copy is "the later one" for duplicate names and which ones overflow the quota. For each
 * pair the rules run in the order of {@link #evaluate}; the first rule that refuses wins.
 */
public final class RulesEngine {

    static final String CHINA_NINGXIA = "cn-northwest-1";
    static final String GOVCLOUD_PARTITION = "aws-us-gov";

    /** Why a rule refuses a pair. */
    record Refusal(Reason reason) {}

    /** Text rendered from a template, or why the template cannot be rendered (the request skipped parsing). */
    sealed interface Rendered permits Text, BrokenTemplate {}

    /** @param origin where the text came from: {@link ReasonText#FROM_TEMPLATE}, FROM_SOURCE or FROM_DEFAULT */
    record Text(String value, String origin) implements Rendered {}

    record BrokenTemplate(String problem) implements Rendered {}

    /** Names and counts of the copies planned so far, per target (account, destination Region). */
    private static final class PlannedSoFar {
        private final Map<Target, Set<String>> names = new HashMap<>();
        private final Map<Target, Integer> replacing = new HashMap<>();

        int replacing(Target target) {
            return replacing.getOrDefault(target, 0);
        }

        void replaces(Target target) {
            replacing.merge(target, 1, Integer::sum);
        }

        boolean hasName(Target target, String name) {
            return names.getOrDefault(target, Set.of()).contains(name);
        }

        int count(Target target) {
            return names.getOrDefault(target, Set.of()).size();
        }

        void add(Target target, String name) {
            names.computeIfAbsent(target, r -> new HashSet<>()).add(name);
        }
    }

    private RulesEngine() {}

    /**
     * Pairs are visited image by image, then account by account ({@link Facts#accounts()}), then Region by Region, all
     * in request order.
     */
    public static Plan plan(CopyRequest request, Facts facts, RulesConfig config) {
        List<PlannedCopy> copies = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        PlannedSoFar planned = new PlannedSoFar();
        for (String imageId : request.imageIds()) {
            for (String account : facts.accounts()) {
                for (String destination : request.destinationRegions()) {
                    if (!request.includes(account, imageId, destination)) {
                        continue;
                    }
                    Target target = new Target(account, destination);
                    Optional<Refusal> refusal = evaluate(request, facts, config, imageId, target, planned);
                    if (refusal.isPresent()) {
                        Reason why = refusal.get().reason();
                        rejections.add(new Rejection(imageId, account, destination,
                                account.equals(facts.callerAccount()) ? why : why.inAccount(account)));
                    } else {
                        PlannedCopy copy = plannedCopy(request, facts, imageId, target);
                        Optional<Replica> replica = facts.at(target).flatMap(d -> d.replicaOf(imageId));
                        boolean follows = replica.filter(Replica::holdsThePair).isPresent();
                        if (!follows) { // a task that follows another job's copy adds no image and takes no name
                            planned.add(target, copy.destinationName());
                        }
                        if (replica.filter(r -> r.state() == ReplicaState.ERROR).isPresent()) {
                            planned.replaces(target);
                        }
                        copies.add(copy);
                    }
                }
            }
        }
        return new Plan(copies, rejections);
    }

    /** Every rule in order; empty when the pair may be copied. */
    private static Optional<Refusal> evaluate(CopyRequest request, Facts facts, RulesConfig config,
                                              String imageId, Target target, PlannedSoFar planned) {
        String source = request.sourceRegion();
        String destination = target.region();
        String account = target.account();
        boolean otherAccount = !account.equals(facts.callerAccount());
        Optional<Refusal> refusal = firstRefusal(
                () -> encryptionNotSupported(request.encrypted()),
                () -> regionNotSupported(source, destination),
                () -> accountUnreachable(account, facts.unreachable().get(account)),
                () -> destinationUnreachable(target, facts.destinations().get(target)),
                () -> imageNotFound(imageId, source, facts.sourceImages().get(imageId)));
        if (refusal.isPresent()) {
            return refusal;
        }
        SourceImage image = facts.sourceImages().get(imageId);
        DestinationFacts there = facts.destinations().get(target);
        Rendered name = renderName(request, facts, image, destination);
        Rendered description = renderDescription(request, facts, image, destination);
        return firstRefusal(
                () -> imageNotAvailable(image, source),
                () -> untrustedOwner(image, facts.callerAccount(), request.trustedOwnerAccounts()),
                () -> notShareable(image, account, facts.callerAccount()),
                () -> chinaSameRegionOnly(source, destination),
                () -> partitionCrossing(source, destination),
                () -> govCloudNeedsSupport(source, destination),
                () -> optInRegionNeedsSupport(source, destination, config),
                () -> sameRegionNotAllowed(source, destination, request.allowSameRegion() || otherAccount),
                () -> byolNotEnabled(image, there),
                () -> byolOtherOrganization(image, account, facts),
                () -> invalidName(name),
                () -> invalidDescription(description),
                () -> tooManyTags(imageId, copiedSourceTags(request, facts, imageId), request.tags()),
                () -> publishPathNotAllowed(request.afterCopy().publish(), config.publishParameterPath(), target),
                () -> retiredByRetention(imageId, there, request.pairs().stream()
                        .anyMatch(p -> p.matches(account, imageId, destination))),
                () -> alreadyReplicated(image, source, destination, there, text(name), facts.callerAccount(),
                        otherAccount),
                () -> nameTakenInDestination(image, there, text(name)),
                () -> nameTakenInPlan(target, text(name), planned),
                () -> bundleQuotaExceeded(target, there.bundleNames(), bundleNames(request.afterCopy(), facts)),
                () -> quotaExceeded(destination, there.ownedImageNames().size()
                                - replacedErrorCopies(target, there, planned, imageId),
                        planned.count(target), there.imageQuota(config.imageQuota(destination)),
                        there.quotaSource(), request.afterCopy().retain()));
    }

    @SafeVarargs
    private static Optional<Refusal> firstRefusal(Supplier<Optional<Refusal>>... rules) {
        for (Supplier<Optional<Refusal>> rule : rules) {
            Optional<Refusal> refusal = rule.get();
            if (refusal.isPresent()) {
                return refusal;
            }
        }
        return Optional.empty();
    }

    // ---- the rules, in evaluation order ---------------------------------------------------------------

    /** The parser rejects {@code encrypted: true}; this keeps a request that skipped parsing from copying. */
    static Optional<Refusal> encryptionNotSupported(boolean encrypted) {
        return refuseIf(encrypted, Reason.of(ReasonCode.ENCRYPTION_NOT_SUPPORTED));
    }

    static Optional<Refusal> regionNotSupported(String source, String destination) {
        if (!Regions.hasWorkSpaces(source)) {
            return refuse(Reason.of(ReasonCode.REGION_NOT_SUPPORTED).situation(ReasonText.SOURCE)
                    .with(Reason.SOURCE_REGION, source));
        }
        return refuseIf(!Regions.hasWorkSpaces(destination), Reason.of(ReasonCode.REGION_NOT_SUPPORTED)
                .situation(ReasonText.DESTINATION).with(Reason.REGION, destination));
    }

    /** A destination account whose target-account role could not be assumed: none of its Regions can be read. */
    static Optional<Refusal> accountUnreachable(String account, Reason unreachable) {
        return Optional.ofNullable(unreachable).map(Refusal::new);
    }

    /** Missing facts count as unreachable: copying blind could overrun the quota or duplicate a copy. */
    static Optional<Refusal> destinationUnreachable(Target target, DestinationFacts there) {
        Reason.Builder unreachable = Reason.of(ReasonCode.DESTINATION_UNREACHABLE).with(Reason.REGION, target.region());
        if (there == null) {
            return refuse(unreachable.situation(ReasonText.NO_FACTS));
        }
        return refuseIf(!there.reachable(), unreachable.situation(ReasonText.UNREADABLE)
                .with(Reason.PROBLEM, there.problem().orElse(null)));
    }

    static Optional<Refusal> imageNotFound(String imageId, String source, SourceImage image) {
        return refuseIf(image == null, Reason.of(ReasonCode.IMAGE_NOT_FOUND).situation(ReasonText.AT_PLAN)
                .with(Reason.IMAGE, imageId).with(Reason.SOURCE_REGION, source));
    }

    static Optional<Refusal> imageNotAvailable(SourceImage image, String source) {
        return refuseIf(!image.available(), Reason.of(ReasonCode.IMAGE_NOT_AVAILABLE).with(Reason.IMAGE, image.imageId())
                .with(Reason.SOURCE_REGION, source).with(Reason.STATE, image.state()));
    }

    /**
     * The guide asks to verify a shared image's owner before copying it; an owner must be trusted explicitly.
     * Fails closed: an image whose owner WorkSpaces does not report cannot be shown to be ours or trusted.
     */
    static Optional<Refusal> untrustedOwner(SourceImage image, String callerAccount, List<String> trustedOwners) {
        String owner = image.ownerAccountId();
        if (owner == null || owner.isBlank()) {
            return refuse(Reason.of(ReasonCode.UNTRUSTED_OWNER).situation(ReasonText.NO_OWNER)
                    .with(Reason.IMAGE, image.imageId()));
        }
        boolean shared = "SHARED".equals(image.imageType());
        boolean trusted = Objects.equals(callerAccount, owner) || trustedOwners.contains(owner);
        return refuseIf(shared && !trusted, Reason.of(ReasonCode.UNTRUSTED_OWNER).with(Reason.IMAGE, image.imageId())
                .with(Reason.OWNER, owner));
    }

    /**
     * Only an image's owner can share it: a source shared with this account by another cannot go on to a third
     * account (the stack's own account copies it like any trusted shared image).
     */
    static Optional<Refusal> notShareable(SourceImage image, String account, String callerAccount) {
        String owner = image.ownerAccountId();
        boolean ours = Objects.equals(owner, callerAccount);
        boolean needsShare = !account.equals(callerAccount) && !account.equals(owner);
        return refuseIf(!ours && needsShare, Reason.of(ReasonCode.IMAGE_NOT_SHAREABLE).with(Reason.IMAGE, image.imageId())
                .with(Reason.OWNER, owner).with(Reason.ACCOUNT, account));
    }

    /**
     * Runs before {@link #partitionCrossing} on purpose: Ningxia is the only WorkSpaces Region of aws-cn,
     * so after the partition rule this rule could never fire, and its message is the more precise one.
     */
    static Optional<Refusal> chinaSameRegionOnly(String source, String destination) {
        boolean involvesNingxia = CHINA_NINGXIA.equals(source) || CHINA_NINGXIA.equals(destination);
        return refuseIf(involvesNingxia && !source.equals(destination), pair(ReasonCode.CHINA_SAME_REGION_ONLY,
                source, destination));
    }

    static Optional<Refusal> partitionCrossing(String source, String destination) {
        Optional<String> from = Regions.partitionOf(source);
        Optional<String> to = Regions.partitionOf(destination);
        return refuseIf(!from.equals(to), pair(ReasonCode.PARTITION_CROSSING, source, destination)
                .with(Reason.SOURCE_PARTITION, from.orElse("?")).with(Reason.PARTITION, to.orElse("?")));
    }

    static Optional<Refusal> govCloudNeedsSupport(String source, String destination) {
        boolean involvesGovCloud = Regions.partitionOf(source).filter(GOVCLOUD_PARTITION::equals).isPresent()
                || Regions.partitionOf(destination).filter(GOVCLOUD_PARTITION::equals).isPresent();
        return refuseIf(involvesGovCloud && !source.equals(destination),
                pair(ReasonCode.GOVCLOUD_NEEDS_SUPPORT, source, destination));
    }

    static Optional<Refusal> optInRegionNeedsSupport(String source, String destination, RulesConfig config) {
        return refuseIf(config.isOptIn(source) && !source.equals(destination),
                pair(ReasonCode.OPT_IN_REGION_NEEDS_SUPPORT, source, destination));
    }

    static Optional<Refusal> sameRegionNotAllowed(String source, String destination, boolean allowSameRegion) {
        return refuseIf(source.equals(destination) && !allowSameRegion,
                Reason.of(ReasonCode.SAME_REGION_NOT_ALLOWED).with(Reason.REGION, destination));
    }

    static Optional<Refusal> byolNotEnabled(SourceImage image, DestinationFacts there) {
        return refuseIf(image.byol() && !there.byolEnabled(), Reason.of(ReasonCode.BYOL_NOT_ENABLED)
                .with(Reason.IMAGE, image.imageId()).with(Reason.REGION, there.region()));
    }

    /**
     * WorkSpaces shares a BYOL image only with accounts of the owner's organization. Fails closed: an organization
     * that could not be read counts as another one.
     */
    static Optional<Refusal> byolOtherOrganization(SourceImage image, String account, Facts facts) {
        if (!image.byol() || account.equals(facts.callerAccount())) {
            return Optional.empty();
        }
        Optional<String> ours = Optional.ofNullable(facts.organizations().get(facts.callerAccount()));
        Optional<String> theirs = Optional.ofNullable(facts.organizations().get(account));
        boolean same = ours.isPresent() && ours.equals(theirs);
        return refuseIf(!same, Reason.of(ReasonCode.BYOL_NOT_ENABLED).situation(ReasonText.OTHER_ORGANIZATION)
                .with(Reason.IMAGE, image.imageId()).with(Reason.ACCOUNT, account).with(Reason.REGION, null));
    }

    static Optional<Refusal> invalidName(Rendered name) {
        return invalid(name, ImageText.NAME, ReasonCode.INVALID_DESTINATION_NAME);
    }

    static Optional<Refusal> invalidDescription(Rendered description) {
        return invalid(description, ImageText.DESCRIPTION, ReasonCode.INVALID_DESCRIPTION);
    }

    private static Optional<Refusal> invalid(Rendered rendered, ImageText target, ReasonCode code) {
        return switch (rendered) {
            case BrokenTemplate broken -> refuse(Reason.of(code).situation(ReasonText.BROKEN_TEMPLATE)
                    .with(Reason.PROBLEM, broken.problem()));
            case Text text -> target.problem(text.value()).map(problem -> new Refusal(Reason.of(code)
                    .situation(ReasonText.INVALID_TEXT).with(Reason.TEXT, text.value())
                    .with(Reason.ORIGIN, text.origin()).with(Reason.PROBLEM, problem).build()));
        };
    }

    /**
     * The copy's tags (the request's, the source's it copies, and the system tags) must fit WorkSpaces' limit per
     * image. Checked here, before anything is copied: CopyWorkspaceImage would refuse the copy later, one pair at a
     * time.
     */
    static Optional<Refusal> tooManyTags(String imageId, Map<String, String> copiedSourceTags, List<Tag> requestTags) {
        int total = userTags(requestTags, copiedSourceTags).size() + SystemTags.KEYS.size();
        long fromSource = copiedSourceTags.keySet().stream()
                .filter(key -> requestTags.stream().noneMatch(t -> t.key().equals(key))).count();
        return refuseIf(total > SystemTags.MAX_TAGS_PER_IMAGE, Reason.of(ReasonCode.TOO_MANY_TAGS)
                .with(Reason.IMAGE, imageId).with(Reason.COUNT, total).with(Reason.SOURCE_TAGS, fromSource)
                .with(Reason.LIMIT, SystemTags.MAX_TAGS_PER_IMAGE));
    }

    /**
     * The source's tags a copy carries: none unless the request asks; never {@code aws:} keys (AWS reserves them:
     * TagResource refuses them) nor our system keys (the copy gets its own).
     */
    static Map<String, String> copiedSourceTags(CopyRequest request, Facts facts, String imageId) {
        if (!request.copySourceTags()) {
            return Map.of();
        }
        Map<String, String> copied = new java.util.LinkedHashMap<>();
        facts.tagsOf(imageId).forEach((key, value) -> {
            if (!key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:") && !SystemTags.isReserved(key)) {
                copied.put(key, value);
            }
        });
        return copied;
    }

    /** The request's tags, then the copied source tags whose keys the request does not set (the request wins). */
    private static List<Tag> userTags(List<Tag> requestTags, Map<String, String> copiedSourceTags) {
        List<Tag> tags = new ArrayList<>(requestTags);
        Set<String> requested = new HashSet<>();
        requestTags.forEach(t -> requested.add(t.key()));
        copiedSourceTags.forEach((key, value) -> {
            if (!requested.contains(key)) {
                tags.add(new Tag(key, value));
            }
        });
        return tags;
    }

    /**
     * Not a failure: the destination already has what the user asked for. Three ways to know:
     * <ul>
     *   <li>a same-Region copy whose name equals the source's own name, where the source is the caller's: the
     *       source itself already is that image in that Region (WorkSpaces would refuse the duplicate name
     *       anyway), so a same-Region copy needs a nameTemplate that changes the name. A shared source in
     *       the same Region is not caught here: copying it is how an account gets its own copy;</li>
     *   <li>the system tags say an image there was copied from this source, whatever its name (the user may
     *       have changed the template since);</li>
     *   <li>an image the account owns there has the rendered name, and the tags do not tie it to another
     *       source (that case is {@link #nameTakenInDestination}).</li>
     * </ul>
     */
    static Optional<Refusal> alreadyReplicated(SourceImage image, String source, String destination,
                                               DestinationFacts there, String name, String callerAccount,
                                               boolean otherAccount) {
        boolean ownSource = !otherAccount
                && ("OWNED".equals(image.imageType()) || Objects.equals(callerAccount, image.ownerAccountId()));
        Reason.Builder replicated = Reason.of(ReasonCode.ALREADY_REPLICATED).with(Reason.IMAGE, image.imageId());
        if (source.equals(destination) && ownSource && name.equals(image.name())) {
            return refuse(replicated.situation(ReasonText.SOURCE_ITSELF).with(Reason.SOURCE_REGION, source)
                    .with(Reason.NAME, name));
        }
        replicated.with(Reason.REGION, there.region());
        Optional<Replica> replica = there.replicaOf(image.imageId());
        if (replica.isPresent() && replica.get().state() == ReplicaState.AVAILABLE) {
            Replica r = replica.get();
            return refuse(replicated.situation(ReasonText.REPLICA).with(Reason.COPY, r.imageId().orElse(null))
                    .with(Reason.NAME, r.imageName().orElse(null))
                    .with(Reason.JOB, r.jobId().isEmpty() ? null : r.jobId()));
        }
        if (replica.isPresent()) {
            return Optional.empty(); // being copied (the task follows that copy) or in ERROR (ours: copied again)
        }
        // Facts without ledger records: a copy the system tags tie to this source, unless it is in ERROR.
        Optional<String> earlierCopy = there.copiedFrom().entrySet().stream()
                .filter(e -> e.getValue().equals(image.imageId()) && !there.erroredNames().contains(e.getKey()))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst();
        if (earlierCopy.isPresent()) {
            return refuse(replicated.situation(ReasonText.TAGGED_COPY).with(Reason.NAME, earlierCopy.get()));
        }
        boolean nameOwned = there.ownedImageNames().contains(name);
        boolean copyOfAnother = there.copiedFrom().containsKey(name);
        if (nameOwned && !copyOfAnother && there.erroredNames().contains(name)) {
            return refuse(Reason.of(ReasonCode.FOREIGN_ERROR_IMAGE).situation(ReasonText.AT_PLAN)
                    .with(Reason.IMAGE, image.imageId()).with(Reason.REGION, there.region()).with(Reason.NAME, name));
        }
        return refuseIf(nameOwned && !copyOfAnother, replicated.situation(ReasonText.NAME_OWNED).with(Reason.NAME, name));
    }

    /**
     * The functions may write parameters only below the stack's PublishParameterPath (template.yaml grants
     * ssm:PutParameter there alone): a prefix outside it would copy and then fail to publish in every target, so the
     * request is refused before anything is copied.
     */
    static Optional<Refusal> publishPathNotAllowed(Optional<AfterCopy.Publish> publish, Optional<String> path,
            Target target) {
        Optional<String> outside = publish.map(AfterCopy.Publish::parameterPrefix)
                .filter(prefix -> path.isPresent() && !prefix.startsWith(path.get()));
        return refuseIf(outside.isPresent(), Reason.of(ReasonCode.PUBLISH_PATH_NOT_ALLOWED)
                .with(Reason.TEXT, outside.orElse(null)).with(Reason.PATH, path.orElse(null))
                .with(Reason.ACCOUNT, target.account()).with(Reason.REGION, target.region()));
    }

    /**
     * The bundles the request creates in a target (those of its {@code bundles} whose name the account has no bundle
     * of there) must fit WorkSpaces' bundles quota beside the account's own bundles. Updating a bundle takes no room.
     */
    static Optional<Refusal> bundleQuotaExceeded(Target target, List<String> existing, List<String> requested) {
        Set<String> have = new HashSet<>(existing);
        List<String> toCreate = requested.stream().distinct().filter(n -> !have.contains(n)).toList();
        int after = have.size() + toCreate.size();
        return refuseIf(!toCreate.isEmpty() && after > RulesConfig.BUNDLES_PER_REGION,
                Reason.of(ReasonCode.BUNDLE_QUOTA_EXCEEDED).with(Reason.ACCOUNT, target.account())
                        .with(Reason.REGION, target.region()).with(Reason.COUNT, have.size())
                        .with(Reason.PLANNED, toCreate.size()).with(Reason.NAME, String.join(", ", toCreate))
                        .with(Reason.LIMIT, RulesConfig.BUNDLES_PER_REGION));
    }

    /** The names of the request's bundles in a target: as given, or the source-Region bundle's ({@code fromBundle}). */
    static List<String> bundleNames(AfterCopy afterCopy, Facts facts) {
        return afterCopy.bundles().stream().flatMap(spec -> spec.name(facts.sourceBundleNames()).stream()).toList();
    }

    /**
     * Retention deleted the pair's copy on purpose (a newer version of its lineage replaced it): a selector that still
     * matches the old source must not copy it back, which would also make the old version count as the newest copy
     * and prune the real newest. Listing the pair in {@code pairs} is how to ask for it again.
     */
    static Optional<Refusal> retiredByRetention(String imageId, DestinationFacts there, boolean listedInPairs) {
        Optional<Replica> retired = there.replicaOf(imageId).filter(r -> r.state() == ReplicaState.RETIRED);
        return refuseIf(retired.isPresent() && !listedInPairs, Reason.of(ReasonCode.RETIRED_BY_RETENTION)
                .with(Reason.IMAGE, imageId).with(Reason.REGION, there.region())
                .with(Reason.COPY, retired.flatMap(Replica::imageId).orElse("?"))
                .with(Reason.JOB, retired.map(Replica::jobId).orElse("?")));
    }

    /**
     * Our ERROR copies that this request's copies will replace free their quota slots: the ones planned so far in
     * the Region, and this pair's own.
     */
    private static int replacedErrorCopies(Target target, DestinationFacts there, PlannedSoFar planned,
            String imageId) {
        boolean replaces = there.replicaOf(imageId).filter(r -> r.state() == ReplicaState.ERROR).isPresent();
        return planned.replacing(target) + (replaces ? 1 : 0);
    }

    /** The name is held by a copy of another source: reporting it as replicated would hide a conflict. */
    static Optional<Refusal> nameTakenInDestination(SourceImage image, DestinationFacts there, String name) {
        String otherSource = there.copiedFrom().get(name);
        boolean taken = otherSource != null && !otherSource.equals(image.imageId());
        return refuseIf(taken, Reason.of(ReasonCode.INVALID_DESTINATION_NAME).situation(ReasonText.TAKEN_IN_DESTINATION)
                .with(Reason.NAME, name).with(Reason.REGION, there.region()).with(Reason.COPY, otherSource));
    }

    static Optional<Refusal> nameTakenInPlan(Target target, String name, PlannedSoFar planned) {
        return refuseIf(planned.hasName(target, name), Reason.of(ReasonCode.INVALID_DESTINATION_NAME)
                .situation(ReasonText.TAKEN_IN_PLAN).with(Reason.REGION, target.region()).with(Reason.NAME, name));
    }

    /**
     * Images owned there plus the copies planned so far, plus this one, must stay within the quota: the one Service
     * Quotas applies to the account there when it was read, else the configured one ({@code quotaSource} says which).
     */
    static Optional<Refusal> quotaExceeded(String destination, int owned, int plannedSoFar, int quota,
            String quotaSource) {
        return quotaExceeded(destination, owned, plannedSoFar, quota, quotaSource, Optional.empty());
    }

    /**
     * Retention's deletions do not count as room: they happen only after the run's copies are AVAILABLE, and each
     * copy holds its slot while PENDING, so counting them would start copies WorkSpaces refuses. The refusal says
     * that retention will free older copies after the run ({@link Reason#KEEP_LATEST}), for the next run.
     */
    static Optional<Refusal> quotaExceeded(String destination, int owned, int plannedSoFar, int quota,
            String quotaSource, Optional<AfterCopy.Retention> retain) {
        int after = owned + plannedSoFar + 1;
        return refuseIf(after > quota, Reason.of(ReasonCode.DESTINATION_QUOTA_EXCEEDED).situation(ReasonText.AT_PLAN)
                .with(Reason.REGION, destination).with(Reason.COUNT, owned).with(Reason.PLANNED, plannedSoFar)
                .with(Reason.LIMIT, quota).with(Reason.QUOTA_SOURCE, quotaSource)
                .with(Reason.KEEP_LATEST, retain.map(AfterCopy.Retention::keepLatest).orElse(null)));
    }

    // ---- rendering --------------------------------------------------------------------------------------

    private static Rendered renderName(CopyRequest request, Facts facts, SourceImage image, String destination) {
        return render(request.nameTemplate(), ImageText.NAME, ReasonText.FROM_TEMPLATE,
                values(request, facts, image, destination));
    }

    /** No description template: keep the source's description, or fall back to a default when it has none. */
    private static Rendered renderDescription(CopyRequest request, Facts facts, SourceImage image,
                                              String destination) {
        if (request.descriptionTemplate() != null) {
            return render(request.descriptionTemplate(), ImageText.DESCRIPTION, ReasonText.FROM_TEMPLATE,
                    values(request, facts, image, destination));
        }
        if (image.description() != null && !image.description().isEmpty()) {
            return new Text(image.description(), ReasonText.FROM_SOURCE);
        }
        return render(CopyRequest.DEFAULT_DESCRIPTION_TEMPLATE, ImageText.DESCRIPTION,
                ReasonText.FROM_DEFAULT, values(request, facts, image, destination));
    }

    private static Rendered render(String template, ImageText target, String origin, Map<Placeholder, String> values) {
        if (template == null) {
            return new BrokenTemplate("it is missing");
        }
        return switch (Template.parse(template, target)) {
            case Template.Valid valid -> new Text(valid.template().render(values), origin);
            case Template.Invalid invalid -> new BrokenTemplate(invalid.problems().get(0).message());
        };
    }

    private static Map<Placeholder, String> values(CopyRequest request, Facts facts, SourceImage image,
                                                   String destination) {
        Map<Placeholder, String> values = new EnumMap<>(Placeholder.class);
        values.put(Placeholder.SOURCE_NAME, orEmpty(image.name()));
        values.put(Placeholder.SOURCE_IMAGE_ID, image.imageId());
        values.put(Placeholder.SOURCE_REGION, request.sourceRegion());
        values.put(Placeholder.DESTINATION_REGION, destination);
        values.put(Placeholder.DATE, facts.date() == null ? "" : facts.date().format(DateTimeFormatter.ISO_LOCAL_DATE));
        values.put(Placeholder.JOB_ID, orEmpty(facts.jobId()));
        return values;
    }

    private static PlannedCopy plannedCopy(CopyRequest request, Facts facts, String imageId, Target target) {
        String destination = target.region();
        SourceImage image = facts.sourceImages().get(imageId);
        List<Tag> tags = userTags(request.tags(), copiedSourceTags(request, facts, imageId));
        tags.addAll(SystemTags.forCopy(imageId, request.sourceRegion(), facts.jobId(),
                Lineage.of(request.afterCopy(), image.name(), facts.tagsOf(imageId))));
        return new PlannedCopy(imageId, request.sourceRegion(), target.account(), destination,
                text(renderName(request, facts, image, destination)),
                text(renderDescription(request, facts, image, destination)),
                tags);
    }

    /** Only called after the validity rules passed, so the text is there. */
    private static String text(Rendered rendered) {
        return switch (rendered) {
            case Text t -> t.value();
            case BrokenTemplate b -> throw new IllegalStateException("template not checked: " + b.problem());
        };
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Reason.Builder pair(ReasonCode code, String source, String destination) {
        return Reason.of(code).with(Reason.SOURCE_REGION, source).with(Reason.REGION, destination);
    }

    private static Optional<Refusal> refuse(Reason.Builder reason) {
        return Optional.of(new Refusal(reason.build()));
    }

    private static Optional<Refusal> refuseIf(boolean condition, Reason.Builder reason) {
        return condition ? refuse(reason) : Optional.empty();
    }
}
