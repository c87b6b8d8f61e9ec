package io.github.wsicopy.local.workspaces;

/** The model's WorkspaceImageState values. */
public enum ImageState {
    PENDING, AVAILABLE, ERROR
}
