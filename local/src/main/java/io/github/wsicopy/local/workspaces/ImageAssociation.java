package io.github.wsicopy.local.workspaces;

import java.time.Instant;

/**
 * Something other than a bundle that uses an image, as DescribeImageAssociations reports it. The model knows one
 * kind, {@code APPLICATION} (WorkSpaces application management), with a lifecycle {@code state} from its
 * AssociationState enum (e.g. COMPLETED, INSTALLING, REMOVED).
 */
public record ImageAssociation(String imageId, String resourceType, String resourceId, String state, Instant created) {

    public static final String APPLICATION = "APPLICATION";
}
