package io.github.wsicopy.core.model;

import java.util.List;

/**
 * What the user asked for: copy these images from one Region to these Regions.
 * Built by {@link RequestParser} from JSON; every field already has its default applied.
 */
public record CopyRequest(
        String sourceRegion,
        List<String> imageIds,
        List<String> destinationRegions,
        String nameTemplate,
        String descriptionTemplate,
        List<Tag> tags,
        List<String> trustedOwnerAccounts,
        boolean allowSameRegion,
        boolean encrypted) {

    /** Placeholder-only default: the copy keeps the source's name, which makes re-runs find earlier copies. */
    public static final String DEFAULT_NAME_TEMPLATE = "{sourceName}";
    /** Used when the request gives no description: the source description, or this text when it has none. */
    public static final String DEFAULT_DESCRIPTION_TEMPLATE = "Copy of {sourceImageId} from {sourceRegion}";

    public CopyRequest {
        imageIds = List.copyOf(imageIds);
        destinationRegions = List.copyOf(destinationRegions);
        tags = List.copyOf(tags);
        trustedOwnerAccounts = List.copyOf(trustedOwnerAccounts);
    }
}
