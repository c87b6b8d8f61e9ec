package io.github.wsicopy.core.workspaces;

import java.util.Optional;

/**
 * A custom WorkSpaces bundle as DescribeWorkspaceBundles reports it, reduced to what a bundle made from it needs.
 *
 * @param rootVolumeGb empty when WorkSpaces reports no root storage
 */
public record Bundle(String bundleId, String name, String description, String imageId, String computeType,
        Optional<Integer> rootVolumeGb, int userVolumeGb) {}
