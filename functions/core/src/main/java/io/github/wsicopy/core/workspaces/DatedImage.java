package io.github.wsicopy.core.workspaces;

import java.time.Instant;

/** An image the account owns, with when it was created: retention ranks copies by it. */
public record DatedImage(String imageId, String name, String state, Instant created) {}
