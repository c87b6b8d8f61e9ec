package io.github.wsicopy.core.finish;

import io.github.wsicopy.core.model.SystemTags;
import io.github.wsicopy.core.workspaces.Bundle;
import io.github.wsicopy.core.workspaces.DatedImage;
import io.github.wsicopy.core.workspaces.WorkSpacesGateway;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads what {@link RetentionPlan} needs from one (account, Region): the images the account owns with their system
 * tags, then, only for the images the plan would delete, what uses them (bundles, application associations) and
 * whether they are shared. The finishing step and the plan view both read through here.
 */
public final class RetentionReader {
    private RetentionReader() {}

    /** The Region's images as retention sees them: one DescribeTags per image (the tags say whose and which lineage). */
    public static List<RetentionPlan.Image> images(WorkSpacesGateway workspaces, String region) {
        List<RetentionPlan.Image> images = new ArrayList<>();
        for (DatedImage image : workspaces.ownedImagesDated(region)) {
            Map<String, String> tags = workspaces.tags(region, image.imageId());
            images.add(new RetentionPlan.Image(image.imageId(), image.name(), image.created(), image.state(),
                    Optional.ofNullable(tags.get(SystemTags.SOURCE_IMAGE_ID)),
                    Optional.ofNullable(tags.get(SystemTags.LINEAGE))));
        }
        return images;
    }

    /**
     * The plan, with use and sharing read for the candidates only.
     *
     * @param bundles the account's own bundles in the Region (read once by the caller, who may also roll them out)
     */
    public static List<RetentionPlan.Decision> plan(WorkSpacesGateway workspaces, String region,
            List<RetentionPlan.Image> images, RetentionPlan.Scope scope, Supplier<List<Bundle>> bundles) {
        List<String> candidates = RetentionPlan.candidates(images, scope);
        if (candidates.isEmpty()) {
            return RetentionPlan.plan(images, scope);
        }
        Map<String, String> inUse = new LinkedHashMap<>();
        Set<String> shared = new HashSet<>();
        for (String imageId : candidates) {
            List<String> usedBy = bundles.get().stream().filter(b -> imageId.equals(b.imageId()))
                    .map(b -> "bundle " + b.name() + " (" + b.bundleId() + ")").toList();
            if (usedBy.isEmpty()) {
                usedBy = workspaces.applicationAssociations(region, imageId).stream()
                        .map(id -> "application " + id).toList();
            }
            if (!usedBy.isEmpty()) {
                inUse.put(imageId, "used by " + String.join(", ", usedBy));
            } else if (!workspaces.sharedWith(region, imageId).isEmpty()) {
                shared.add(imageId);
            }
        }
        return RetentionPlan.plan(images, scope.withUse(inUse, shared));
    }
}
