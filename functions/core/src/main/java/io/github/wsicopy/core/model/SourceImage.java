package io.github.wsicopy.core.model;

/**
 * A WorkSpaces image as DescribeWorkspaceImages reports it, reduced to what the rules need.
 *
 * @param state           PENDING, AVAILABLE or ERROR
 * @param imageType       OWNED, SHARED, or UNKNOWN when WorkSpaces reports no owner (refused: trust fails closed)
 * @param requiredTenancy DEFAULT or DEDICATED (BYOL)
 */
public record SourceImage(
        String imageId,
        String name,
        String description,
        String state,
        String imageType,
        String ownerAccountId,
        String requiredTenancy) {

    public boolean byol() {
        return "DEDICATED".equals(requiredTenancy);
    }

    public boolean available() {
        return "AVAILABLE".equals(state);
    }
}
