package io.github.wsicopy.core.cloudformation;

import io.github.wsicopy.core.model.Reason;
import io.github.wsicopy.core.model.ReasonText;
import java.util.Optional;

/**
 * A {@link Reason} in a template author's words: "{@code Property (rule CODE): what happened and what to do}", the
 * property being the one the rule judged, in the resource's property names and with "deploy the stack again". It
 * renders from the code and parameters with {@link PropertyNames#VOCABULARY}; where a resource means something other
 * than a bulk request (a same-Region copy, CloudFormation's wait) it has its own words. Copies that failed while the
 * job ran read "the copy failed (rule CODE): ...". The switches have no default: a new code without a rendering
 * here does not compile.
 */
public final class ResourceReasons {
    private ResourceReasons() {}

    public static String render(Reason r) {
        String text = switch (r.code()) {
            case SAME_REGION_NOT_ALLOWED -> r.get(Reason.REGION) + " is the source Region; set "
                    + PropertyNames.ALLOW_COPY_IN_SAME_REGION + ": true to get the source image's id without a copy, or"
                    + " choose another " + PropertyNames.DESTINATION_REGION_ID;
            case CLOUDFORMATION_WAIT_EXCEEDED -> "the copy " + r.find(Reason.COPY).orElse("?") + " of "
                    + r.get(Reason.IMAGE) + " to " + r.get(Reason.REGION) + " was not AVAILABLE within the "
                    + r.get(Reason.SECONDS) + " s CloudFormation waits for this resource (" + PropertyNames.SERVICE_TIMEOUT
                    + ", at most 3600). Copies can take longer than an hour: set " + PropertyNames.WAIT_FOR_AVAILABLE
                    + ": false to get the image id as soon as the copy starts";
            default -> ReasonText.render(r, PropertyNames.VOCABULARY);
        };
        return judgedBy(r).orElse("the copy failed") + " (rule " + r.code() + "): " + text;
    }

    /**
     * The property a refusal of the rules is about; empty for a copy that failed while the job ran, which no
     * property caused. By the code and its situation, never by the message.
     */
    static Optional<String> judgedBy(Reason r) {
        boolean atPlan = r.situation(ReasonText.AT_PLAN).equals(ReasonText.AT_PLAN);
        String property = switch (r.code()) {
            case ENCRYPTION_NOT_SUPPORTED -> PropertyNames.ENCRYPTED;
            case IMAGE_NOT_FOUND -> atPlan ? PropertyNames.IMAGE_ID : null;
            case IMAGE_NOT_AVAILABLE -> PropertyNames.IMAGE_ID;
            case UNTRUSTED_OWNER -> PropertyNames.TRUSTED_OWNER_ACCOUNTS;
            case SAME_REGION_NOT_ALLOWED -> PropertyNames.ALLOW_COPY_IN_SAME_REGION;
            case INVALID_DESTINATION_NAME, ALREADY_REPLICATED, NAME_CONFLICT -> PropertyNames.DESTINATION_IMAGE_NAME;
            case INVALID_DESCRIPTION -> PropertyNames.DESTINATION_DESCRIPTION;
            case TOO_MANY_TAGS -> PropertyNames.TAG;
            case REGION_NOT_SUPPORTED -> r.situation(ReasonText.DESTINATION).equals(ReasonText.SOURCE)
                    ? PropertyNames.SOURCE_REGION_ID : PropertyNames.DESTINATION_REGION_ID;
            case OPT_IN_REGION_NEEDS_SUPPORT -> PropertyNames.SOURCE_REGION_ID;
            case CLOUDFORMATION_WAIT_EXCEEDED -> PropertyNames.WAIT_FOR_AVAILABLE;
            case CHINA_SAME_REGION_ONLY, PARTITION_CROSSING, GOVCLOUD_NEEDS_SUPPORT, BYOL_NOT_ENABLED ->
                    PropertyNames.DESTINATION_REGION_ID;
            case DESTINATION_QUOTA_EXCEEDED, FOREIGN_ERROR_IMAGE -> atPlan ? PropertyNames.DESTINATION_REGION_ID : null;
            case DESTINATION_UNREACHABLE -> switch (r.situation(ReasonText.UNREADABLE)) {
                case ReasonText.COPY_DENIED, ReasonText.POLL_DENIED -> null;
                default -> PropertyNames.DESTINATION_REGION_ID;
            };
            // Only bulk jobs copy into other accounts or retire copies: a resource copies within its own account.
            case ACCOUNT_UNREACHABLE, IMAGE_NOT_SHAREABLE, RETIRED_BY_RETENTION -> null;
            // A resource has no bundles or publish properties: only a bulk request or policy reaches these.
            case BUNDLE_QUOTA_EXCEEDED, PUBLISH_PATH_NOT_ALLOWED -> null;
            case INVALID_REQUEST, COPY_FAILED, COPY_REFUSED, COPY_DISAPPEARED, COPY_DEADLINE_EXCEEDED, REGION_FAILED,
                    WORKFLOW_FAILED, CANCELLED_BY_USER -> null;
        };
        return Optional.ofNullable(property);
    }
}
