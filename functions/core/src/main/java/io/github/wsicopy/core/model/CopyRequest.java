package io.github.wsicopy.core.model;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the user asked for: copy these images from one Region to these Regions.
 * Built by {@link RequestParser} from JSON; every field already has its default applied.
 *
 * @param pairs empty for every image × every destination Region; otherwise only these pairs, each within
 *              {@code imageIds} × {@code destinationRegions}
 * @param copySourceTags the copies also carry the source image's own tags (not {@code aws:} or system keys; the
 *              request's {@code tags} win on the same key)
 * @param destinationAccounts accounts to copy into, in request order; empty means the stack's own account alone
 * @param destinationOrganizationalUnits OUs whose ACTIVE accounts (recursively) are destination accounts too
 * @param unshareAfterCopy remove the source image's share with a target account once nothing needs it any more
 * @param afterCopy what each destination does once its copies are final: retention, bundles, the SSM parameter
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
        boolean encrypted,
        Set<CopyPair> pairs,
        boolean copySourceTags,
        List<String> destinationAccounts,
        List<String> destinationOrganizationalUnits,
        boolean unshareAfterCopy,
        AfterCopy afterCopy) {

    /** Placeholder-only default: the copy keeps the source's name, which makes re-runs find earlier copies. */
    public static final String DEFAULT_NAME_TEMPLATE = "{sourceName}";
    /** Used when the request gives no description: the source description, or this text when it has none. */
    public static final String DEFAULT_DESCRIPTION_TEMPLATE = "Copy of {sourceImageId} from {sourceRegion}";

    public CopyRequest {
        pairs = Collections.unmodifiableSet(new LinkedHashSet<>(pairs));
        imageIds = List.copyOf(imageIds);
        destinationRegions = List.copyOf(destinationRegions);
        tags = List.copyOf(tags);
        trustedOwnerAccounts = List.copyOf(trustedOwnerAccounts);
        destinationAccounts = List.copyOf(destinationAccounts);
        destinationOrganizationalUnits = List.copyOf(destinationOrganizationalUnits);
    }

    /** Into the stack's own account only, with nothing after the copy. */
    public CopyRequest(String sourceRegion, List<String> imageIds, List<String> destinationRegions, String nameTemplate,
            String descriptionTemplate, List<Tag> tags, List<String> trustedOwnerAccounts, boolean allowSameRegion,
            boolean encrypted, Set<CopyPair> pairs, boolean copySourceTags) {
        this(sourceRegion, imageIds, destinationRegions, nameTemplate, descriptionTemplate, tags, trustedOwnerAccounts,
                allowSameRegion, encrypted, pairs, copySourceTags, List.of(), List.of(), true, AfterCopy.NONE);
    }

    /** Without the source's own tags. */
    public CopyRequest(String sourceRegion, List<String> imageIds, List<String> destinationRegions, String nameTemplate,
            String descriptionTemplate, List<Tag> tags, List<String> trustedOwnerAccounts, boolean allowSameRegion,
            boolean encrypted, Set<CopyPair> pairs) {
        this(sourceRegion, imageIds, destinationRegions, nameTemplate, descriptionTemplate, tags, trustedOwnerAccounts,
                allowSameRegion, encrypted, pairs, false);
    }

    /** Every image to every destination Region (no {@code pairs} restriction). */
    public CopyRequest(String sourceRegion, List<String> imageIds, List<String> destinationRegions, String nameTemplate,
            String descriptionTemplate, List<Tag> tags, List<String> trustedOwnerAccounts, boolean allowSameRegion,
            boolean encrypted) {
        this(sourceRegion, imageIds, destinationRegions, nameTemplate, descriptionTemplate, tags, trustedOwnerAccounts,
                allowSameRegion, encrypted, Set.of());
    }

    /**
     * Whether the pair is part of the request: every image × destination, or only the listed {@code pairs}
     * when the request names them (a retry of the failed tasks of an earlier job does).
     */
    public boolean includes(String account, String imageId, String destinationRegion) {
        return pairs.isEmpty() || pairs.stream().anyMatch(p -> p.matches(account, imageId, destinationRegion));
    }

    /** Whether the request names accounts or OUs; without, it copies into the stack's own account. */
    public boolean namesAccounts() {
        return !destinationAccounts.isEmpty() || !destinationOrganizationalUnits.isEmpty();
    }
}
