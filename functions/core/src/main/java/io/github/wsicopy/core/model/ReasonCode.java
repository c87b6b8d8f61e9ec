package io.github.wsicopy.core.model;

/** Why an (image, destination Region) pair is not copied. Stable names: they appear in APIs and events. */
public enum ReasonCode {
    ALREADY_REPLICATED(false),
    /**
     * Retention deleted this pair's copy (the replica ledger's RETIRED): an old version is not copied again. Not a
     * failure; listing the pair in {@code pairs} copies it again.
     */
    RETIRED_BY_RETENTION(false),
    IMAGE_NOT_FOUND(true),
    IMAGE_NOT_AVAILABLE(true),
    UNTRUSTED_OWNER(true),
    BYOL_NOT_ENABLED(true),
    CHINA_SAME_REGION_ONLY(true),
    GOVCLOUD_NEEDS_SUPPORT(true),
    OPT_IN_REGION_NEEDS_SUPPORT(true),
    PARTITION_CROSSING(true),
    SAME_REGION_NOT_ALLOWED(true),
    DESTINATION_QUOTA_EXCEEDED(true),
    INVALID_DESTINATION_NAME(true),
    INVALID_DESCRIPTION(true),
    /** The copy would carry more tags than WorkSpaces allows on an image (copySourceTags adds the source's). */
    TOO_MANY_TAGS(true),
    /**
     * The request's {@code bundles} would create bundles in a target that holds so many of its own that WorkSpaces'
     * bundles quota per Region (50) would be exceeded: checked up front, not found by the finishing step.
     */
    BUNDLE_QUOTA_EXCEEDED(true),
    /**
     * {@code publish.parameterPrefix} is not below the stack's PublishParameterPath, the only path the functions may
     * write parameters under: refused up front instead of copying and then failing to publish.
     */
    PUBLISH_PATH_NOT_ALLOWED(true),
    REGION_NOT_SUPPORTED(true),
    DESTINATION_UNREACHABLE(true),
    /** The target-account role could not be assumed in a destination account; the other accounts go on. */
    ACCOUNT_UNREACHABLE(true),
    /** The source image is shared with this account by another: only its owner can share it with other accounts. */
    IMAGE_NOT_SHAREABLE(true),
    ENCRYPTION_NOT_SUPPORTED(true),
    INVALID_REQUEST(true),
    // Failures found while copying, after the plan was made.
    COPY_FAILED(true),
    COPY_REFUSED(true),
    COPY_DISAPPEARED(true),
    NAME_CONFLICT(true),
    /** An image in ERROR that is not provably ours stands where the copy would go; it is never deleted. */
    FOREIGN_ERROR_IMAGE(true),
    /** The copy was still PENDING in WorkSpaces when its deadline (MAX_COPY_HOURS) passed. */
    COPY_DEADLINE_EXCEEDED(true),
    /** A step of the task's Region failed for good (after its retries); the other Regions went on. */
    REGION_FAILED(true),
    WORKFLOW_FAILED(true),
    /** A CloudFormation resource's copy was not AVAILABLE before CloudFormation stopped waiting (ServiceTimeout). */
    CLOUDFORMATION_WAIT_EXCEEDED(true),
    CANCELLED_BY_USER(true);

    private final boolean failure;

    ReasonCode(boolean failure) {
        this.failure = failure;
    }

    /** True when the user did not get what they asked for; ALREADY_REPLICATED is a success. */
    public boolean isFailure() {
        return failure;
    }
}
