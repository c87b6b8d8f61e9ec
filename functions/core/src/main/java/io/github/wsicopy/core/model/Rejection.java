package io.github.wsicopy.core.model;

/** A pair the rules will not copy, and why: a {@link Reason} each surface renders in its own words. */
public record Rejection(String sourceImageId, String destinationAccount, String destinationRegion, Reason reason) {
    public Target target() {
        return new Target(destinationAccount, destinationRegion);
    }

    public ReasonCode code() {
        return reason.code();
    }

    /** The default English rendering ({@link ReasonText}). */
    public String message() {
        return reason.text();
    }
}
