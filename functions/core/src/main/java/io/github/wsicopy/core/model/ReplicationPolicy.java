package io.github.wsicopy.core.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A standing order: "copy every image matching this selector from the source Region to these Regions". Each
 * scheduled run resolves the selector and copies only what is missing in each destination (the rules engine
 * skips what is already replicated). Built by {@link PolicyParser}.
 *
 * @param options the policy's copy options as given (nameTemplate, description, tags, trustedOwnerAccounts,
 *                allowSameRegion), already checked; they go into each run's request unchanged
 */
public record ReplicationPolicy(String policyId, String sourceRegion, Selector select, Destinations destinations,
        Map<String, Object> options) {

    /** {@code destinationRegions: "ALL"}: every WorkSpaces Region of the source's partition. */
    public static final String ALL_REGIONS = "ALL";

    public ReplicationPolicy {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Which source images a run copies. Criteria combine with AND; at least one is given.
     *
     * @param tags       every one of these tags, with exactly this value
     * @param namePrefix the image name starts with this
     * @param imageIds   one of these ids
     */
    public record Selector(Map<String, String> tags, Optional<String> namePrefix, List<String> imageIds) {
        public Selector {
            tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
            imageIds = List.copyOf(imageIds);
        }

        public boolean matchesName(String name) {
            return namePrefix.map(p -> name != null && name.startsWith(p)).orElse(true);
        }

        public boolean matchesTags(Map<String, String> imageTags) {
            return tags.entrySet().stream().allMatch(t -> t.getValue().equals(imageTags.get(t.getKey())));
        }

        /** In words, for notes and logs: {@code tags {replicate=true} and name prefix "golden-"}. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (!tags.isEmpty()) {
                parts.add("tags " + tags);
            }
            namePrefix.ifPresent(p -> parts.add("name prefix \"" + p + "\""));
            if (!imageIds.isEmpty()) {
                parts.add("ids " + imageIds);
            }
            return String.join(" and ", parts);
        }
    }

    /** Where a run copies to. */
    public sealed interface Destinations permits AllRegions, Listed {}

    /** Every WorkSpaces Region of the source Region's partition, except the source. */
    public record AllRegions() implements Destinations {}

    public record Listed(List<String> regions) implements Destinations {
        public Listed {
            regions = List.copyOf(regions);
        }
    }

    /** The request of one run, once the selector found {@code imageIds} and the destinations are known. */
    public Map<String, Object> request(List<String> imageIds, List<String> destinationRegions) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put(RequestParser.SOURCE_REGION, sourceRegion);
        request.put(RequestParser.IMAGE_IDS, new ArrayList<>(imageIds));
        request.put(RequestParser.DESTINATION_REGIONS, new ArrayList<>(destinationRegions));
        request.putAll(options);
        // A run's copies belong to the policy's lineages unless the policy names its own group (core.finish.Lineage).
        request.putIfAbsent(AfterCopyParser.LINEAGE_GROUP, policyId);
        return request;
    }
}
