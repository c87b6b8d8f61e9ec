package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.accounts.Reachability;
import io.github.wsicopy.core.model.AfterCopy;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.RegionSnapshot;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.RequestParser;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.model.Target;
import io.github.wsicopy.core.rules.Regions;
import io.github.wsicopy.core.store.RegionSnapshots;
import io.github.wsicopy.core.store.ReplicaLedger;
import io.github.wsicopy.core.workspaces.Bundle;
import io.github.wsicopy.core.workspaces.ImageQuotas;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Asks WorkSpaces everything the rules need, before they run, so the rules stay pure. Destination Regions
 * are read side by side: each Region has its own API rate, so this costs the time of the slowest one.
 */
public final class FactGatherer {
    /** A ledger record is judged by a shared snapshot only when written at least this long before it was taken. */
    static final java.time.Duration SHARED_SNAPSHOT_MARGIN = java.time.Duration.ofSeconds(10);
    private final WorkSpacesGateway workspaces;
    private final Optional<ReplicaLedger> ledger;
    private final Optional<RegionSnapshots> snapshots;
    private final int tagLookupLimit;
    private final Clock clock;
    private final ImageQuotas quotas;
    private final Optional<Function<String, TargetAccounts>> accounts;

    /** Without shared Region snapshots or Service Quotas: every gathering reads WorkSpaces (the custom resource). */
    public FactGatherer(WorkSpacesGateway workspaces, Optional<ReplicaLedger> ledger, int tagLookupLimit, Clock clock) {
        this(workspaces, ledger, Optional.empty(), tagLookupLimit, clock, ImageQuotas.NONE);
    }

    /**
     * @param ledger         the replica ledger: the one source of truth for what is replicated where (empty for a
     *                       CloudFormation resource, which makes and owns its own copy)
     * @param snapshots      Region snapshots shared with concurrent validations (empty: every gathering reads WorkSpaces)
     * @param tagLookupLimit how many of a Region's images have their system tags read to rebuild what the ledger
     *                       has no record of (copies made before it, or by hand)
     * @param quotas         the images quota applied to the account per Region, read once per Region snapshot
     */
    public FactGatherer(WorkSpacesGateway workspaces, Optional<ReplicaLedger> ledger,
            Optional<RegionSnapshots> snapshots, int tagLookupLimit, Clock clock, ImageQuotas quotas) {
        this(workspaces, ledger, snapshots, tagLookupLimit, clock, quotas, Optional.empty());
    }

    /**
     * @param accounts the destination accounts as seen from a caller's account (empty: the caller's account only,
     *                 through {@code workspaces} and {@code quotas})
     */
    public FactGatherer(WorkSpacesGateway workspaces, Optional<ReplicaLedger> ledger,
            Optional<RegionSnapshots> snapshots, int tagLookupLimit, Clock clock, ImageQuotas quotas,
            Optional<Function<String, TargetAccounts>> accounts) {
        this.accounts = accounts;
        this.workspaces = workspaces;
        this.ledger = ledger;
        this.snapshots = snapshots;
        this.tagLookupLimit = tagLookupLimit;
        this.clock = clock;
        this.quotas = quotas;
    }

    /** The source Region itself cannot be read: nothing can be planned. */
    public static final class SourceUnreadable extends RuntimeException {
        public SourceUnreadable(String message) {
            super(message);
        }
    }

    /** The request's accounts or OUs cannot be used as they are: field errors, nothing else was read. */
    public static final class TargetsInvalid extends RuntimeException {
        private final List<FieldError> errors;

        public TargetsInvalid(List<FieldError> errors) {
            super(errors.get(0).message());
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /**
     * The destination accounts: the request's accounts, then its OUs' accounts, each once, in that order; the
     * caller's own account when it names none. Throws {@link TargetsInvalid} when an OU cannot be resolved or the
     * targets would be too many for one job.
     */
    static List<String> destinationAccounts(CopyRequest request, String callerAccount, TargetAccounts targets) {
        if (!request.namesAccounts()) {
            return List.of(callerAccount);
        }
        Set<String> accountIds = new LinkedHashSet<>(request.destinationAccounts());
        List<FieldError> errors = new ArrayList<>();
        List<String> ous = request.destinationOrganizationalUnits();
        for (int i = 0; i < ous.size(); i++) {
            String path = RequestParser.DESTINATION_ORGANIZATIONAL_UNITS + "[" + i + "]";
            try {
                List<String> found = targets.accountsIn(ous.get(i));
                if (found.isEmpty()) {
                    errors.add(new FieldError(path, "empty", ous.get(i) + " holds no ACTIVE account (nor do the OUs"
                            + " below it); remove it, or move the target accounts into it"));
                }
                accountIds.addAll(found);
            } catch (TargetAccounts.OrganizationProblem e) {
                errors.add(new FieldError(path, "organization", e.getMessage()));
            }
        }
        long targetCount = (long) accountIds.size() * request.destinationRegions().size();
        int longestRegion = request.destinationRegions().stream().mapToInt(String::length).max().orElse(0);
        int maxTargets = PayloadBudget.maxTargets(longestRegion);
        if (errors.isEmpty() && targetCount > maxTargets) {
            errors.add(new FieldError(RequestParser.DESTINATION_ACCOUNTS, "maxTargets", accountIds.size()
                    + " accounts × " + request.destinationRegions().size() + " Regions make " + targetCount
                    + " targets; one job takes at most " + maxTargets + " (its targets travel in one state of at most"
                    + " 256 KB), so split the accounts or Regions over several requests"));
        }
        if (!errors.isEmpty()) {
            throw new TargetsInvalid(errors);
        }
        return List.copyOf(accountIds);
    }

    /** WorkSpaces in a destination account, as seen from the caller's: its own gateway, or the assumed role's. */
    public WorkSpacesGateway gateway(String callerAccount, String account) {
        if (account.equals(callerAccount)) {
            return workspaces;
        }
        return accounts.map(a -> a.apply(callerAccount))
                .orElseGet(() -> TargetAccounts.ownAccountOnly(callerAccount, workspaces, quotas)).workspaces(account);
    }

    public Facts gather(String jobId, CopyRequest request, String callerAccount, LocalDate date) {
        TargetAccounts targets = accounts.map(a -> a.apply(callerAccount))
                .orElseGet(() -> TargetAccounts.ownAccountOnly(callerAccount, workspaces, quotas));
        List<String> accountIds = destinationAccounts(request, callerAccount, targets);
        Map<String, SourceImage> sources;
        try {
            sources = Regions.hasWorkSpaces(request.sourceRegion())
                    ? workspaces.describeImages(request.sourceRegion(), request.imageIds(), callerAccount)
                    : Map.of();
        } catch (WorkSpacesError e) {
            throw unreadable(request.sourceRegion(), e);
        }
        List<String> regions = new ArrayList<>(new LinkedHashSet<>(request.destinationRegions()));
        Map<String, Reason> unreachable = new LinkedHashMap<>();
        Map<String, WorkSpacesGateway> gateways = new LinkedHashMap<>();
        for (String account : accountIds) {
            if (account.equals(callerAccount)) {
                gateways.put(account, workspaces);
            } else if (targets.reach(account) instanceof Reachability.Unreachable refused) {
                unreachable.put(account, refused.reason());
            } else {
                gateways.put(account, targets.workspaces(account));
            }
        }
        Map<Target, DestinationFacts> destinations = new LinkedHashMap<>();
        int reads = gateways.size() * regions.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(reads, 8)));
        try {
            Map<Target, Future<DestinationFacts>> futures = new LinkedHashMap<>();
            for (Map.Entry<String, WorkSpacesGateway> account : gateways.entrySet()) {
                ImageQuotas applied = account.getKey().equals(callerAccount) ? quotas
                        : targets.quotas(account.getKey());
                for (String region : regions) {
                    if (Regions.hasWorkSpaces(region)) {
                        futures.put(new Target(account.getKey(), region), pool.submit(() -> withBundles(request,
                                account.getValue(), region, destination(account.getValue(), applied, region,
                                        account.getKey(), request.sourceRegion()))));
                    }
                }
            }
            for (Map.Entry<Target, Future<DestinationFacts>> f : futures.entrySet()) {
                destinations.put(f.getKey(), await(f.getValue()));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Facts(jobId, callerAccount, date, sources, destinations, sourceTags(request, sources), accountIds,
                unreachable, organizations(sources, callerAccount, gateways.keySet(), targets),
                sourceBundleNames(request));
    }

    /**
     * The names the request's {@code fromBundle} bundles take, read once in the source Region: the bundles quota
     * rule counts them. An id not found there is left out (the finishing step records it as a failed item).
     */
    private Map<String, String> sourceBundleNames(CopyRequest request) {
        List<String> ids = request.afterCopy().bundles().stream()
                .filter(AfterCopy.FromBundle.class::isInstance)
                .map(b -> ((AfterCopy.FromBundle) b).bundleId()).toList();
        if (ids.isEmpty() || !Regions.hasWorkSpaces(request.sourceRegion())) {
            return Map.of();
        }
        try {
            Map<String, String> names = new LinkedHashMap<>();
            workspaces.bundlesById(request.sourceRegion(), ids).forEach((id, bundle) -> names.put(id, bundle.name()));
            return names;
        } catch (WorkSpacesError e) {
            throw unreadable(request.sourceRegion(), e);
        }
    }

    /**
     * The account's own bundles in a target, read only when the request rolls bundles out: what the bundles quota
     * rule counts. Read beside the shared Region snapshot, not in it: few requests need them.
     */
    private static DestinationFacts withBundles(CopyRequest request, WorkSpacesGateway workspaces, String region,
            DestinationFacts facts) {
        if (request.afterCopy().bundles().isEmpty() || !facts.reachable()) {
            return facts;
        }
        try {
            return facts.withBundleNames(workspaces.ownBundles(region).stream()
                    .map(Bundle::name).toList());
        } catch (WorkSpacesError e) {
            if (transientError(e)) {
                throw new TransientFailure("Validation could not read the bundles in " + region + ": " + e.describe(),
                        e);
            }
            return DestinationFacts.unreachable(region, "its bundles could not be read (" + e.describe() + "); the"
                    + " request's bundles need workspaces:DescribeWorkspaceBundles there");
        }
    }

    /**
     * The organizations of the caller's account and the other destination accounts, read only when a BYOL image goes
     * to another account (WorkSpaces shares BYOL images only within the organization).
     */
    private static Map<String, String> organizations(Map<String, SourceImage> sources, String callerAccount,
            Set<String> accountIds, TargetAccounts targets) {
        boolean byolToOthers = sources.values().stream().anyMatch(SourceImage::byol)
                && accountIds.stream().anyMatch(a -> !a.equals(callerAccount));
        if (!byolToOthers) {
            return Map.of();
        }
        Map<String, String> found = new LinkedHashMap<>();
        targets.organizationOf(callerAccount).ifPresent(org -> found.put(callerAccount, org));
        for (String account : accountIds) {
            if (!account.equals(callerAccount)) {
                targets.organizationOf(account).ifPresent(org -> found.put(account, org));
            }
        }
        return found;
    }

    /**
     * The source images' own tags, read only when the request copies them or names its lineage by one of them
     * (retain.lineageTag): one DescribeTags per image costs the
     * source Region's API rate. An image deleted since it was described has none (the rules find it then).
     */
    private Map<String, Map<String, String>> sourceTags(CopyRequest request, Map<String, SourceImage> sources) {
        boolean lineageFromTag = request.afterCopy().retain().flatMap(r -> r.lineageTag()).isPresent();
        if (!request.copySourceTags() && !lineageFromTag) {
            return Map.of();
        }
        Map<String, Map<String, String>> tags = new LinkedHashMap<>();
        for (String imageId : sources.keySet()) {
            try {
                tagsUnlessGone(workspaces, request.sourceRegion(), imageId).ifPresent(found -> tags.put(imageId, found));
            } catch (WorkSpacesError e) {
                throw unreadable(request.sourceRegion(), e);
            }
        }
        return tags;
    }

    private DestinationFacts destination(WorkSpacesGateway workspaces, ImageQuotas quotas, String region,
            String account, String sourceRegion) {
        try {
            // The ledger is read before the images are listed: a record naming a copy is written after that copy
            // was made, so a copy the listing lacks is really gone. Read the other way round, a copy another job
            // started in between would look deleted, and marking its record gone would let a second copy start.
            // A shared snapshot may be older than the ledger read: records written after it are not judged by it.
            Map<String, Replica> records = ledger.map(l -> l.inRegion(account, region)).orElse(Map.of());
            java.util.concurrent.atomic.AtomicBoolean listedNow = new java.util.concurrent.atomic.AtomicBoolean();
            RegionSnapshot snapshot = snapshots
                    .map(s -> s.current(account, region, previous -> {
                        listedNow.set(true);
                        return snapshot(workspaces, quotas, account, region, records, previous);
                    }))
                    .orElseGet(() -> {
                        listedNow.set(true);
                        return snapshot(workspaces, quotas, account, region, records, Optional.empty());
                    });
            List<SourceImage> owned = new ArrayList<>();
            Map<String, String> copiedFrom = new LinkedHashMap<>();
            Map<String, String> madeBy = new LinkedHashMap<>();
            Set<String> errored = new LinkedHashSet<>();
            for (RegionSnapshot.Image image : snapshot.images()) {
                owned.add(image.asOwned());
                image.sourceImageId().ifPresent(source -> {
                    copiedFrom.put(image.name(), source);
                    madeBy.put(image.name(), image.jobId());
                });
                if ("ERROR".equals(image.state())) {
                    errored.add(image.name());
                }
            }
            // Listed here, after the ledger was read: the listing judges every record. A shared snapshot was listed
            // earlier, by another invocation: it judges only records written well before it (clocks of different
            // invocations differ by milliseconds, and a frozen test clock gives equal times): the others are trusted.
            Instant judgeBefore = listedNow.get() ? Instant.MAX : snapshot.takenAt().minus(SHARED_SNAPSHOT_MARGIN);
            Replicas replicas = replicas(records, account, region, sourceRegion, owned, copiedFrom, madeBy,
                    judgeBefore);
            return new DestinationFacts(region, true, Optional.empty(), snapshot.byolEnabled(),
                    owned.stream().map(SourceImage::name).toList(), copiedFrom, replicas.bySource(), errored,
                    replicas.stale(), snapshot.appliedImageQuota());
        } catch (WorkSpacesError e) {
            if (transientError(e)) {
                throw new TransientFailure("Validation could not read WorkSpaces in " + region + " of account " + account
                        + ": " + e.describe(), e);
            }
            return DestinationFacts.unreachable(region, e.describe());
        }
    }

    /**
     * Reads the Region from WorkSpaces: BYOL, the owned images, and the system tags of those the ledger does not
     * already account for (or an earlier snapshot read), at most {@code tagLookupLimit} tag reads.
     */
    private RegionSnapshot snapshot(WorkSpacesGateway workspaces, ImageQuotas quotas, String account, String region,
            Map<String, Replica> records, Optional<RegionSnapshot> previous) {
        Instant takenAt = clock.instant();
        boolean byol = workspaces.byolEnabled(region);
        List<SourceImage> listed = workspaces.ownedImages(region);
        Map<String, Replica> byImage = new LinkedHashMap<>();
        records.values().forEach(r -> r.imageId().ifPresent(id -> byImage.put(id, r)));
        Map<String, RegionSnapshot.Image> known = new LinkedHashMap<>();
        previous.ifPresent(p -> p.images().stream().filter(RegionSnapshot.Image::tagsRead)
                .forEach(i -> known.put(i.imageId(), i)));
        List<RegionSnapshot.Image> images = new ArrayList<>();
        int lookups = 0;
        for (SourceImage image : listed) {
            Replica record = byImage.get(image.imageId());
            RegionSnapshot.Image before = known.get(image.imageId());
            if (record != null) {
                images.add(new RegionSnapshot.Image(image.imageId(), image.name(), image.state(), true,
                        Optional.of(record.sourceImageId()), record.jobId()));
            } else if (before != null) {
                images.add(new RegionSnapshot.Image(image.imageId(), image.name(), image.state(), true,
                        before.sourceImageId(), before.jobId()));
            } else if (lookups < tagLookupLimit) {
                lookups++;
                Optional<Map<String, String>> found = tagsUnlessGone(workspaces, region, image.imageId());
                if (found.isEmpty()) {
                    continue; // deleted since the listing
                }
                Map<String, String> tags = found.get();
                images.add(new RegionSnapshot.Image(image.imageId(), image.name(), image.state(), true,
                        Optional.ofNullable(tags.get(SystemTags.SOURCE_IMAGE_ID)), tags.getOrDefault(SystemTags.JOB_ID, "")));
            } else {
                images.add(new RegionSnapshot.Image(image.imageId(), image.name(), image.state(), false,
                        Optional.empty(), ""));
            }
        }
        return new RegionSnapshot(account, region, takenAt, byol, images, quotas.applied(region));
    }

    /**
     * An image's tags; empty when it was deleted since the listing (another job replacing its ERROR copy does
     * that), which must not make the whole Region unreadable.
     */
    private static Optional<Map<String, String>> tagsUnlessGone(WorkSpacesGateway workspaces, String region,
            String imageId) {
        try {
            return Optional.of(workspaces.tags(region, imageId));
        } catch (WorkSpacesError e) {
            if (e.kind() == WorkSpacesError.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private record Replicas(Map<String, Replica> bySource, List<Replica> stale) {}

    /**
     * The ledger's records, checked against what WorkSpaces reports now (a copy deleted by hand is stale; a copy
     * that finished is AVAILABLE even before a poll recorded it), then completed from the system tags where the
     * ledger has no live record.
     */
    private Replicas replicas(Map<String, Replica> records, String account, String region, String sourceRegion,
            List<SourceImage> owned, Map<String, String> copiedFrom, Map<String, String> madeBy, Instant listedAt) {
        Map<String, SourceImage> ownedById = new LinkedHashMap<>();
        Map<String, SourceImage> ownedByName = new LinkedHashMap<>();
        for (SourceImage image : owned) {
            ownedById.put(image.imageId(), image);
            ownedByName.put(image.name(), image);
        }
        Map<String, Replica> bySource = new LinkedHashMap<>();
        List<Replica> stale = new ArrayList<>();
        for (Replica record : records.values()) {
            switch (record.state()) {
                case CLAIMED -> bySource.put(record.sourceImageId(), record);
                case PENDING, AVAILABLE, ERROR -> {
                    SourceImage copy = record.imageId().map(ownedById::get).orElse(null);
                    if (copy == null && record.updatedAt().isBefore(listedAt)) {
                        stale.add(record);
                    } else if (copy == null) {
                        bySource.put(record.sourceImageId(), record); // written after the listing: trust the record
                    } else {
                        bySource.put(record.sourceImageId(), withState(record, ReplicaState.ofImageState(copy.state())));
                    }
                }
                // Retired on purpose: its copy is gone by design, so it is never stale, and the pair stays skipped.
                case RETIRED -> bySource.put(record.sourceImageId(), record);
                case DELETED -> { }
            }
        }
        Instant now = clock.instant();
        for (Map.Entry<String, String> tagged : copiedFrom.entrySet()) {
            String source = tagged.getValue();
            SourceImage copy = ownedByName.get(tagged.getKey());
            Replica rebuilt = Replica.rebuilt(account, region, source, sourceRegion, copy,
                    madeBy.getOrDefault(tagged.getKey(), ""), now);
            Replica known = bySource.get(source);
            if (known == null || (known.version() == 0 && rank(rebuilt) < rank(known))) {
                bySource.put(source, rebuilt);
            }
        }
        return new Replicas(bySource, stale);
    }

    /** Which of several tagged copies of one source stands for it: AVAILABLE, then PENDING, then ERROR. */
    private static int rank(Replica replica) {
        return switch (replica.state()) {
            case AVAILABLE -> 0;
            case PENDING, CLAIMED -> 1;
            case ERROR -> 2;
            case DELETED, RETIRED -> 3;
        };
    }

    private static Replica withState(Replica r, ReplicaState state) {
        return state == r.state() ? r : new Replica(r.account(), r.region(), r.sourceImageId(), r.sourceRegion(), state,
                r.jobId(), r.taskKey(), r.imageId(), r.imageName(), r.claimedUntil(), r.errorCode(), r.errorMessage(),
                r.version(), r.updatedAt());
    }

    static RuntimeException unreadable(String region, WorkSpacesError e) {
        if (transientError(e)) {
            return new TransientFailure("Validation could not read the images in the source Region " + region + ": "
                    + e.describe(), e);
        }
        return new SourceUnreadable("cannot read images in the source Region " + region
                + " (grant workspaces:DescribeWorkspaceImages there): " + e.describe());
    }

    private static boolean transientError(WorkSpacesError e) {
        return e.kind() == WorkSpacesError.Kind.THROTTLED || e.kind() == WorkSpacesError.Kind.UNKNOWN_OUTCOME;
    }

    private static DestinationFacts await(Future<DestinationFacts> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while reading destination Regions", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
