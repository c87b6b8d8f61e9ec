package io.github.wsicopy.core.model;

/** A pair the rules will not copy, with a reason a user can act on. */
public record Rejection(String sourceImageId, String destinationRegion, ReasonCode code, String message) {}
