package io.github.wsicopy.local.workspaces;

/**
 * The Region rules of CopyWorkspaceImage that do not depend on the images: partitions cannot be
 * crossed, China (Ningxia) copies only within itself, and GovCloud copies to or from other Regions need
 * AWS Support (which the emulator, like an account without that arrangement, refuses).
 * The constants are the {@code reason} of the OperationNotSupportedException each rule raises.
 */
public final class CopyRules {

    public static final String CROSS_PARTITION = "CrossPartitionCopyNotSupported";
    public static final String CHINA_CROSS_REGION = "ChinaCrossRegionCopyNotSupported";
    public static final String GOVCLOUD_CROSS_REGION = "GovCloudCrossRegionCopyRequiresSupport";
    public static final String DEDICATED_TENANCY_NOT_ENABLED = "DedicatedTenancyNotEnabled";
    public static final String GOVCLOUD_BYOL_SHARING = "GovCloudByolSharingRequiresSupport";
    /** The emulator's reason (the service's is not documented): a BYOL image shared outside its organization. */
    public static final String BYOL_SHARING_OUTSIDE_ORGANIZATION = "ByolSharingOutsideOrganization";
    /** The emulator's reason: a BYOL image shared with an account without BYOL in the image's Region. */
    public static final String BYOL_SHARING_NOT_ENABLED = "ByolSharingTargetNotEnabled";

    private CopyRules() {
    }

    /** The partition of a Region name, from its prefix as in botocore's endpoints. */
    public static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        if (region.startsWith("us-isob-")) {
            return "aws-iso-b";
        }
        if (region.startsWith("us-iso-")) {
            return "aws-iso";
        }
        return "aws";
    }

    /** Checked in this order so that the most specific reason wins (cn-northwest-1 to us-east-1 is a China rule). */
    static void checkRegions(String sourceRegion, String destinationRegion) {
        if (sourceRegion.equals(destinationRegion)) {
            return;
        }
        if (sourceRegion.startsWith("cn-") || destinationRegion.startsWith("cn-")) {
            throw ServiceError.notSupported(CHINA_CROSS_REGION,
                    "In the China (Ningxia) Region, images can be copied only within the same Region.");
        }
        if (sourceRegion.startsWith("us-gov-") || destinationRegion.startsWith("us-gov-")) {
            throw ServiceError.notSupported(GOVCLOUD_CROSS_REGION,
                    "In AWS GovCloud (US), copying images to and from other Regions requires AWS Support.");
        }
        if (!partition(sourceRegion).equals(partition(destinationRegion))) {
            throw ServiceError.notSupported(CROSS_PARTITION, "Images cannot be copied between partitions ("
                    + sourceRegion + " to " + destinationRegion + ").");
        }
    }
}
