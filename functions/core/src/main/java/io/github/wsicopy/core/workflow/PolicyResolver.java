package io.github.wsicopy.core.workflow;

import io.github.wsicopy.core.model.ReplicationPolicy;
import io.github.wsicopy.core.model.SourceImage;
import io.github.wsicopy.core.rules.Regions;
import io.github.wsicopy.core.workspaces.WorkSpacesError;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns a replication policy into the request of one run: which source images its selector matches now
 * (DescribeWorkspaceImages without ids, page by page, then DescribeTags for the tag criteria) and which
 * destination Regions it names. What is already in each destination is left to the rules engine.
 */
public final class PolicyResolver {
    private final WorkSpacesGateway workspaces;

    public PolicyResolver(WorkSpacesGateway workspaces) {
        this.workspaces = workspaces;
    }

    /** What a run of the policy copies. */
    public sealed interface Resolution permits Resolved, NothingToCopy, Unreadable {}

    /** The request of this run, ready for the planner. */
    public record Resolved(Map<String, Object> request) implements Resolution {}

    /** Nothing to do, and why (for the job's note). */
    public record NothingToCopy(String note) implements Resolution {}

    public record Unreadable(String message) implements Resolution {}

    /** Throws {@link io.github.wsicopy.core.TransientFailure} when WorkSpaces throttles: the step is retried. */
    public Resolution resolve(ReplicationPolicy policy, String callerAccount) {
        List<String> destinations = destinationRegions(policy);
        if (destinations.isEmpty()) {
            return new NothingToCopy("the source Region " + policy.sourceRegion() + " has no other WorkSpaces Region"
                    + " in its partition, so \"ALL\" names no destination; list the destination Regions instead");
        }
        List<String> imageIds;
        try {
            imageIds = select(policy.sourceRegion(), policy.select(), callerAccount);
        } catch (FactGatherer.SourceUnreadable e) {
            return new Unreadable(e.getMessage());
        }
        if (imageIds.isEmpty()) {
            return new NothingToCopy("no image in " + policy.sourceRegion() + " matches the selector ("
                    + policy.select().describe() + "); nothing to copy");
        }
        return new Resolved(policy.request(imageIds, destinations));
    }

    /** The listed Regions, or for "ALL" every WorkSpaces Region of the source's partition except the source. */
    public static List<String> destinationRegions(ReplicationPolicy policy) {
        return switch (policy.destinations()) {
            case ReplicationPolicy.Listed listed -> listed.regions();
            case ReplicationPolicy.AllRegions all -> Regions.partitionOf(policy.sourceRegion())
                    .map(Regions::workSpacesRegions).orElse(List.of()).stream()
                    .filter(region -> !region.equals(policy.sourceRegion()))
                    .toList();
        };
    }

    /**
     * Ids of the source images the selector matches, in WorkSpaces' order. Ids alone are taken as given, with no
     * call, so the rules report an id that does not exist; with other criteria, only images the caller can see
     * are candidates.
     */
    List<String> select(String region, ReplicationPolicy.Selector selector, String callerAccount) {
        boolean idsOnly = selector.tags().isEmpty() && selector.namePrefix().isEmpty();
        if (idsOnly) {
            return selector.imageIds();
        }
        if (!Regions.hasWorkSpaces(region)) {
            throw new FactGatherer.SourceUnreadable("the source Region " + region + " has no Amazon WorkSpaces;"
                    + " give the Region the images are in");
        }
        try {
            Collection<SourceImage> candidates = selector.imageIds().isEmpty()
                    ? workspaces.visibleImages(region, callerAccount)
                    : workspaces.describeImages(region, selector.imageIds(), callerAccount).values();
            List<String> selected = new ArrayList<>();
            for (SourceImage image : candidates) {
                if (selector.matchesName(image.name())
                        && (selector.tags().isEmpty() || selector.matchesTags(workspaces.tags(region, image.imageId())))) {
                    selected.add(image.imageId());
                }
            }
            return selected;
        } catch (WorkSpacesError e) {
            throw FactGatherer.unreadable(region, e);
        }
    }
}
