package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.TransientFailure;
import io.github.wsicopy.core.model.CopyRequest;
import io.github.wsicopy.core.model.DestinationFacts;
import io.github.wsicopy.core.model.Facts;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.rules.Regions;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final int tagLookupLimit;

    public FactGatherer(WorkSpacesGateway workspaces, int tagLookupLimit) {
        this.workspaces = workspaces;
        this.tagLookupLimit = tagLookupLimit;
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
                    futures.put(region, pool.submit(() -> destination(region)));
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

    private DestinationFacts destination(String region) {
        try {
            boolean byol = workspaces.byolEnabled(region);
            List<SourceImage> owned = workspaces.ownedImages(region);
            Map<String, String> copiedFrom = new LinkedHashMap<>();
            for (SourceImage image : owned.subList(0, Math.min(owned.size(), tagLookupLimit))) {
                String source = workspaces.tags(region, image.imageId()).get(SystemTags.SOURCE_IMAGE_ID);
                if (source != null) {
                    copiedFrom.put(image.name(), source);
                }
            }
            return new DestinationFacts(region, true, Optional.empty(), byol,
                    owned.stream().map(SourceImage::name).toList(), copiedFrom);
        } catch (WorkSpacesError e) {
            if (transientError(e)) {
                throw new TransientFailure("Validation could not read WorkSpaces in " + region + ": " + e.describe(), e);
            }
            return DestinationFacts.unreachable(region, e.describe());
        }
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
