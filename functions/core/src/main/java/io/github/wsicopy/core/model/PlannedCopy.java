package io.github.wsicopy.core.model;

import java.util.List;

/** A copy the rules allow: everything CopyWorkspaceImage needs, names already rendered. */
public record PlannedCopy(
        String sourceImageId,
        String sourceRegion,
        String destinationRegion,
        String destinationName,
        String destinationDescription,
        List<Tag> tags) {

    public PlannedCopy {
        tags = List.copyOf(tags);
    }
}
