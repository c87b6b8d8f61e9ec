package io.github.wsicopy.core.cloudformation;

import io.github.wsicopy.core.model.Vocabulary;
import java.util.List;

/**
 * The resource speaks in the template's property names, the workflow's parser and rules in the bulk request's
 * field names. This maps a field's path to its property, so every message a template author reads names the
 * property they wrote: reasons and field errors are rendered with {@link #VOCABULARY}, never rewritten.
 */
public final class PropertyNames {
    public static final String IMAGE_ID = "ImageId";
    public static final String SOURCE_REGION_ID = "SourceRegionId";
    public static final String DESTINATION_REGION_ID = "DestinationRegionId";
    public static final String DESTINATION_IMAGE_NAME = "DestinationImageName";
    public static final String DESTINATION_DESCRIPTION = "DestinationDescription";
    public static final String TAG = "Tag";
    public static final String ENCRYPTED = "Encrypted";
    public static final String ALLOW_COPY_IN_SAME_REGION = "AllowCopyInSameRegion";
    public static final String TRUSTED_OWNER_ACCOUNTS = "TrustedOwnerAccounts";
    public static final String WAIT_FOR_AVAILABLE = "WaitForAvailable";
    public static final String RETAIN_ON_DELETE = "RetainOnDelete";
    /** CloudFormation's own properties; CloudFormation passes them to the provider with the others. */
    public static final String SERVICE_TOKEN = "ServiceToken";
    public static final String SERVICE_TIMEOUT = "ServiceTimeout";

    public static final List<String> ALL = List.of(SERVICE_TOKEN, SERVICE_TIMEOUT, IMAGE_ID, SOURCE_REGION_ID,
            DESTINATION_REGION_ID, DESTINATION_IMAGE_NAME, DESTINATION_DESCRIPTION, TAG, ENCRYPTED,
            ALLOW_COPY_IN_SAME_REGION, TRUSTED_OWNER_ACCOUNTS, WAIT_FOR_AVAILABLE, RETAIN_ON_DELETE);

    /** Bulk request field → property, longest first so {@code imageIds} wins over a shorter prefix. */
    private static final List<String[]> FIELDS = List.of(
            new String[] {"trustedOwnerAccounts", TRUSTED_OWNER_ACCOUNTS},
            new String[] {"destinationRegions", DESTINATION_REGION_ID},
            new String[] {"allowSameRegion", ALLOW_COPY_IN_SAME_REGION},
            new String[] {"nameTemplate", DESTINATION_IMAGE_NAME},
            new String[] {"sourceRegion", SOURCE_REGION_ID},
            new String[] {"description", DESTINATION_DESCRIPTION},
            new String[] {"encrypted", ENCRYPTED},
            new String[] {"imageIds", IMAGE_ID},
            new String[] {"tags", TAG});

    /** The resource's words for reasons and field errors: property names, and "deploy the stack again". */
    public static final Vocabulary VOCABULARY = new Vocabulary() {
        @Override
        public String field(String path) {
            return property(path);
        }

        @Override
        public String again() {
            return "deploy the stack again";
        }

        @Override
        public String retry() {
            return "deploy the stack again";
        }
    };

    private PropertyNames() {}

    /** {@code tags[2].key} → {@code Tag[2].Key}; {@code imageIds[0]} → {@code ImageId} (one image, one Region). */
    public static String property(String fieldPath) {
        String path = fieldPath;
        for (String single : List.of("imageIds[0]", "destinationRegions[0]")) {
            if (path.startsWith(single)) {
                path = single.substring(0, single.length() - 3) + path.substring(single.length());
            }
        }
        for (String member : List.of(".key", ".value")) {
            if (path.endsWith(member)) {
                path = path.substring(0, path.length() - member.length()) + "." + Character.toUpperCase(member.charAt(1))
                        + member.substring(2);
            }
        }
        for (String[] field : FIELDS) {
            if (path.equals(field[0]) || path.startsWith(field[0] + "[") || path.startsWith(field[0] + ".")) {
                return field[1] + path.substring(field[0].length());
            }
        }
        return path;
    }
}
