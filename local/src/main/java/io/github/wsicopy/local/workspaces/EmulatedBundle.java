package io.github.wsicopy.local.workspaces;

import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one custom bundle as the emulator holds it, for test assertions.
 *
 * @param ownerAccountId the account that made it (DescribeWorkspaceBundles' {@code Owner})
 * @param imageId        the image the bundle launches WorkSpaces from
 * @param computeType    the model's {@code Compute} value, e.g. STANDARD
 * @param rootCapacity   root volume size in GiB, as the API gives it (a string); null if not set
 * @param userCapacity   user volume size in GiB, as the API gives it (a string)
 */
public record EmulatedBundle(String bundleId, String name, String description, String ownerAccountId, String region,
                             String imageId, String computeType, String rootCapacity, String userCapacity,
                             Instant created, Instant lastUpdated, Map<String, String> tags) {

    public EmulatedBundle {
        tags = Map.copyOf(tags);
    }

    EmulatedBundle pointedAt(String newImageId, Instant now) {
        return new EmulatedBundle(bundleId, name, description, ownerAccountId, region, newImageId, computeType,
                rootCapacity, userCapacity, created, now, tags);
    }
}
