package io.github.wsicopy.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What WorkSpaces said about one destination Region.
 *
 * @param reachable        false when the Region could not be read (access denied, ...); {@code problem} says why
 * @param byolEnabled      DescribeAccount's DedicatedTenancySupport is ENABLED
 * @param ownedImageNames  names of images the account already owns there (they count against the quota)
 * @param copiedFrom       destination image name → source image id, from the project's system tags
 */
public record DestinationFacts(
        String region,
        boolean reachable,
        Optional<String> problem,
        boolean byolEnabled,
        List<String> ownedImageNames,
        Map<String, String> copiedFrom) {

    public DestinationFacts {
        ownedImageNames = List.copyOf(ownedImageNames);
        copiedFrom = Map.copyOf(copiedFrom);
    }

    public static DestinationFacts unreachable(String region, String problem) {
        return new DestinationFacts(region, false, Optional.of(problem), false, List.of(), Map.of());
    }
}
