package io.github.wsicopy.core.workspaces;

import java.util.Optional;

/** Where a copy stands, as DescribeWorkspaceImages reports it in the destination Region. */
public record CopyStatus(String imageId, String state, Optional<String> errorCode, Optional<String> errorMessage) {
    public boolean available() {
        return "AVAILABLE".equals(state);
    }

    public boolean failed() {
        return "ERROR".equals(state);
    }
}
