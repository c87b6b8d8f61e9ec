package io.github.wsicopy.core.model;

/** One (source image, destination Region) pair of a request: the unit a task copies. */
public record CopyPair(String imageId, String destinationRegion) {}
