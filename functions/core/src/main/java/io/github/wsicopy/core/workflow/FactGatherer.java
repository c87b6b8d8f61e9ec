package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.Replica;
import io.github.wsicopy.core.model.ReplicaState;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.rules.Regions;
import io.github.wsicopy.core.store.ReplicaLedger;
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

/**
 * Asks WorkSpaces everything the rules need, before they run, so the rules stay pure. Destination Regions
 * are read side by side: each Region has its own API rate, so this costs the time of the slowest one.
 */
public final class FactGatherer {
    private final WorkSpacesGateway workspaces;
    private final Optional<ReplicaLedger> ledger;
    private final int tagLookupLimit;
    private final Clock clock;

    /**
     * @param ledger         the replica ledger: the one source of truth for what is replicated where (empty for a
     *                       CloudFormation resource, which makes and owns its own copy)
     * @param tagLookupLimit how many of a Region's images have their system tags read to rebuild what the ledger
     *                       has no record of (copies made before it, or by hand)
     */
    public FactGatherer(WorkSpacesGateway workspaces, Optional<ReplicaLedger> ledger, int tagLookupLimit, Clock clock) {
        this.workspaces = workspaces;
        this.ledger = ledger;
        this.tagLookupLimit = tagLookupLimit;
        this.clock = clock;
    }

    /** The source Region itself cannot be read: nothing can be planned. */
    public static final class SourceUnreadable extends RuntimeException {
        public SourceUnreadable(String message) {
            super(message);
        }
    }

    public Facts gather(String jobId, CopyRequest request, String callerAccount, LocalDate date) {
        Map<String, SourceImage> sources;
        try {
            sources = Regions.hasWorkSpaces(request.sourceRegion())
                    ? workspaces.describeImages(request.sourceRegion(), request.imageIds(), callerAccount)
                    : Map.of();
        } catch (WorkSpacesError e) {
            throw unreadable(request.sourceRegion(), e);
        }
        List<String> regions = new ArrayList<>(new LinkedHashSet<>(request.destinationRegions()));
        Map<String, DestinationFacts> destinations = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(regions.size(), 8)));
        try {
            Map<String, Future<DestinationFacts>> futures = new LinkedHashMap<>();
            for (String region : regions) {
                if (Regions.hasWorkSpaces(region)) {
                    futures.put(region, pool.submit(() -> destination(region, callerAccount, request.sourceRegion())));
                }
            }
            for (Map.Entry<String, Future<DestinationFacts>> f : futures.entrySet()) {
                destinations.put(f.getKey(), await(f.getValue()));
            }
        } finally {
            pool.shutdownNow();
        }
        return new Facts(jobId, callerAccount, date, sources, destinations);
    }

    private DestinationFacts destination(String region, String account, String sourceRegion) {
        try {
            // The ledger is read before the images are listed: a record naming a copy is written after that copy
            // was made, so a copy the listing lacks is really gone. Read the other way round, a copy another job
            // started in between would look deleted, and marking its record gone would let a second copy start.
            Map<String, Replica> records = ledger.map(l -> l.inRegion(account, region)).orElse(Map.of());
            boolean byol = workspaces.byolEnabled(region);
            List<SourceImage> listed = workspaces.ownedImages(region);
            List<SourceImage> owned = new ArrayList<>(listed);
            Map<String, String> copiedFrom = new LinkedHashMap<>();
            Map<String, String> madeBy = new LinkedHashMap<>();
            for (SourceImage image : listed.subList(0, Math.min(listed.size(), tagLookupLimit))) {
                Optional<Map<String, String>> found = tagsUnlessGone(region, image.imageId());
                if (found.isEmpty()) {
                    owned.remove(image);
                    continue;
                }
                Map<String, String> tags = found.get();
                String source = tags.get(SystemTags.SOURCE_IMAGE_ID);
                if (source != null) {
                    copiedFrom.put(image.name(), source);
                    madeBy.put(image.name(), tags.getOrDefault(SystemTags.JOB_ID, ""));
                }
            }
            Replicas replicas = replicas(records, account, region, sourceRegion, owned, copiedFrom, madeBy);
            Set<String> errored = new LinkedHashSet<>();
            owned.stream().filter(i -> "ERROR".equals(i.state())).forEach(i -> errored.add(i.name()));
            return new DestinationFacts(region, true, Optional.empty(), byol,
                    owned.stream().map(SourceImage::name).toList(), copiedFrom, replicas.bySource(), errored,
                    replicas.stale());
        } catch (WorkSpacesError e) {
            if (transientError(e)) {
                throw new TransientFailure("Validation could not read WorkSpaces in " + region + ": " + e.describe(), e);
            }
            return DestinationFacts.unreachable(region, e.describe());
        }
    }

    /**
     * An image's tags; empty when it was deleted since the listing (another job replacing its ERROR copy does
     * that), which must not make the whole Region unreadable.
     */
    private Optional<Map<String, String>> tagsUnlessGone(String region, String imageId) {
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
            List<SourceImage> owned, Map<String, String> copiedFrom, Map<String, String> madeBy) {
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
                    if (copy == null) {
                        stale.add(record);
                    } else {
                        bySource.put(record.sourceImageId(), withState(record, ReplicaState.ofImageState(copy.state())));
                    }
                }
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
            case DELETED -> 3;
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
