package io.github.wsicopy.local.workspaces;

import java.util.Map;
import java.util.Objects;

/**
 * A custom bundle to add with {@link WorkSpacesEmulator#addBundle}: {@code BundleSeed.named("vdi-std", imageId)}
 * with STANDARD compute, 80 GiB root and 50 GiB user volumes unless changed.
 */
public record BundleSeed(String name, String description, String imageId, String computeType, String rootCapacity,
                         String userCapacity, Map<String, String> tags) {

    public BundleSeed {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(imageId, "imageId");
        tags = Map.copyOf(tags);
    }

    public static BundleSeed named(String name, String imageId) {
        return new BundleSeed(name, "Bundle " + name, imageId, "STANDARD", "80", "50", Map.of());
    }

    public BundleSeed description(String description) {
        return new BundleSeed(name, description, imageId, computeType, rootCapacity, userCapacity, tags);
    }

    public BundleSeed computeType(String computeType) {
        return new BundleSeed(name, description, imageId, computeType, rootCapacity, userCapacity, tags);
    }

    public BundleSeed tags(Map<String, String> tags) {
        return new BundleSeed(name, description, imageId, computeType, rootCapacity, userCapacity, tags);
    }
}
