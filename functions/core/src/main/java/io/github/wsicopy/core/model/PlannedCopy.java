package io.github.wsicopy.core.model;

import java.util.List;

/** A copy the rules allow: everything CopyWorkspaceImage needs (in the destination account), names already rendered. */
public record PlannedCopy(
        String sourceImageId,
        String sourceRegion,
        String destinationAccount,
        String destinationRegion,
        String destinationName,
        String destinationDescription,
        List<Tag> tags) {

    public PlannedCopy {
        tags = List.copyOf(tags);
    }

    public Target target() {
        return new Target(destinationAccount, destinationRegion);
    }
}
