package io.github.wsicopy.core.workspaces;

import io.github.wsicopy.core.model.Tag;
import java.util.List;

/** One CopyWorkspaceImage call, made in the destination Region. */
public record CopyCommand(
        String sourceRegion,
        String sourceImageId,
        String destinationRegion,
        String name,
        String description,
        List<Tag> tags) {

    public CopyCommand {
        tags = List.copyOf(tags);
    }
}
