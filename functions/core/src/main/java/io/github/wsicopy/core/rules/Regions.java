package io.github.wsicopy.core.rules;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;
import software.amazon.awssdk.services.workspaces.WorkSpacesClient;

/**
 * Which Regions have WorkSpaces, and which partition a Region is in, from the AWS SDK's own metadata so
 * an SDK upgrade brings new Regions without a code change.
 *
 * <p>What SDK 2.40.2 reports for WorkSpaces, compared with botocore's endpoints:
 * <ul>
 *   <li>it lists {@code fips-us-east-1}, {@code fips-us-west-2}, {@code fips-us-gov-*}, {@code fips-us-iso-east-1}:
 *       FIPS endpoint aliases, not Regions (no Region metadata, and CopyWorkspaceImage takes a real Region id
 *       as {@code SourceRegion}), so they are dropped;</li>
 *   <li>it lacks {@code us-east-2} and {@code ap-southeast-5}, which botocore lists: they are added from
 *       {@link #MISSING_FROM_SDK} (a set union, so it costs nothing once the SDK catches up);</li>
 *   <li>it lists the isolated partitions' Regions ({@code us-iso-east-1}, {@code us-iso-west-1},
 *       {@code us-isob-east-1}), which public botocore does not carry: they are kept, as WorkSpaces does run
 *       there, and the partition rules keep copies from crossing into or out of them.</li>
 * </ul>
 */
public final class Regions {

    /** WorkSpaces Regions in botocore's endpoints that SDK 2.40.2's service metadata does not list. */
    static final Set<String> MISSING_FROM_SDK = Set.of("us-east-2", "ap-southeast-5");

    private static final Pattern REGION_ID = Pattern.compile("^[-0-9a-z]{1,31}$");

    private static final Set<String> WORKSPACES_REGIONS = Stream.concat(
                    WorkSpacesClient.serviceMetadata().regions().stream().filter(Regions::isRealRegion).map(Region::id),
                    MISSING_FROM_SDK.stream())
            .collect(Collectors.toUnmodifiableSet());

    /**
     * Region id → partition id for every Region the SDK has metadata for. Looked up here rather than with
     * {@code Region.of(id)}, which caches every id it is given, and ids come from user input.
     */
    private static final Map<String, String> PARTITION_OF_KNOWN_REGION = Region.regions().stream()
            .filter(r -> r.metadata() != null)
            .collect(Collectors.toUnmodifiableMap(Region::id, r -> r.metadata().partition().id(), (a, b) -> a));

    /** Every partition the SDK knows, found through its Regions, for ids it has no metadata for. */
    private static final List<PartitionMetadata> PARTITIONS = Region.regions().stream()
            .map(Region::metadata)
            .filter(Objects::nonNull)
            .map(RegionMetadata::partition)
            .collect(Collectors.toMap(PartitionMetadata::id, p -> p, (a, b) -> a))
            .values().stream()
            .sorted(Comparator.comparing(PartitionMetadata::id))
            .toList();

    private Regions() {}

    public static boolean hasWorkSpaces(String region) {
        return region != null && WORKSPACES_REGIONS.contains(region);
    }

    /**
     * The partition ({@code aws}, {@code aws-cn}, {@code aws-us-gov}, ...) of any Region id, also one without
     * WorkSpaces. Known Regions use their metadata; others are matched against each partition's Region
     * pattern. Empty when the id is no Region of any partition (a typo, a FIPS alias, {@code aws-global}).
     */
    public static Optional<String> partitionOf(String region) {
        if (region == null || !REGION_ID.matcher(region).matches() || isPseudoRegion(region)) {
            return Optional.empty();
        }
        String known = PARTITION_OF_KNOWN_REGION.get(region);
        if (known != null) {
            return Optional.of(known);
        }
        List<String> matches = PARTITIONS.stream()
                .filter(p -> Pattern.matches(p.regionRegex(), region))
                .map(PartitionMetadata::id)
                .toList();
        // Partition patterns are disjoint today; should two ever match, guessing would be worse than not knowing.
        return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
    }

    /** WorkSpaces Regions of one partition, sorted. */
    public static List<String> workSpacesRegions(String partition) {
        return WORKSPACES_REGIONS.stream()
                .filter(r -> partitionOf(r).filter(partition::equals).isPresent())
                .sorted()
                .toList();
    }

    /** Every WorkSpaces Region, sorted. */
    public static List<String> workSpacesRegions() {
        return List.copyOf(new TreeSet<>(WORKSPACES_REGIONS));
    }

    private static boolean isRealRegion(Region region) {
        return !region.isGlobalRegion() && !isPseudoRegion(region.id()) && region.metadata() != null;
    }

    /** FIPS endpoint aliases ({@code fips-us-east-1}, {@code us-east-1-fips}) and global pseudo-Regions. */
    private static boolean isPseudoRegion(String id) {
        return id.startsWith("fips-") || id.endsWith("-fips") || id.contains("-global") || id.startsWith("aws-");
    }
}
