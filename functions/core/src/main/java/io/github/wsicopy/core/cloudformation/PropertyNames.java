package io.github.wsicopy.core.cloudformation;

import io.github.wsicopy.core.model.ReasonCode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The resource speaks in the template's property names, the workflow's parser and rules in the bulk request's
 * field names. This maps the second to the first, so every message a template author reads names the property
 * they wrote.
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

    private static final Pattern SINGLE_ITEM = Pattern.compile("^(imageIds|destinationRegions)\\[0\\]");
    private static final Pattern TAG_MEMBER = Pattern.compile("\\.(key|value)$");

    private PropertyNames() {}

    /** {@code tags[2].key} → {@code Tag[2].Key}; {@code imageIds[0]} → {@code ImageId} (one image, one Region). */
    public static String property(String fieldPath) {
        String path = SINGLE_ITEM.matcher(fieldPath).replaceFirst("$1");
        Matcher member = TAG_MEMBER.matcher(path);
        if (member.find()) {
            String m = member.group(1);
            path = member.replaceFirst("." + Character.toUpperCase(m.charAt(0)) + m.substring(1));
        }
        for (String[] field : FIELDS) {
            if (path.equals(field[0]) || path.startsWith(field[0] + "[") || path.startsWith(field[0] + ".")) {
                return field[1] + path.substring(field[0].length());
            }
        }
        return path;
    }

    /**
     * A message of the parser or the rules, with the bulk field names it mentions replaced by the properties.
     * "description" is replaced only where it names the field ("change description"), not the word.
     */
    public static String translate(String message) {
        String out = message
                .replace("`encrypted`", ENCRYPTED)
                .replace("change description", "change " + DESTINATION_DESCRIPTION)
                .replace("the description cannot", "the " + DESTINATION_DESCRIPTION + " cannot")
                .replace("tags[", "Tag[")
                .replace("run the request again", "deploy the stack again")
                .replace("retry the failed tasks", "deploy the stack again");
        for (String[] field : FIELDS) {
            if (!field[0].equals("description") && !field[0].equals("encrypted") && !field[0].equals("tags")) {
                // Not inside braces: {sourceRegion} is a placeholder, and stays one.
                out = out.replaceAll("(?<!\\{)\\b" + field[0] + "\\b(?!\\})", field[1]);
            }
        }
        return out;
    }

    /** The property a rule of the rules engine judged, for the rule's refusal. */
    public static String judgedBy(ReasonCode code, String message) {
        return switch (code) {
            case ENCRYPTION_NOT_SUPPORTED -> ENCRYPTED;
            case IMAGE_NOT_FOUND, IMAGE_NOT_AVAILABLE -> IMAGE_ID;
            case UNTRUSTED_OWNER -> TRUSTED_OWNER_ACCOUNTS;
            case SAME_REGION_NOT_ALLOWED -> ALLOW_COPY_IN_SAME_REGION;
            case INVALID_DESTINATION_NAME, ALREADY_REPLICATED, NAME_CONFLICT -> DESTINATION_IMAGE_NAME;
            case INVALID_DESCRIPTION -> DESTINATION_DESCRIPTION;
            case REGION_NOT_SUPPORTED -> message.startsWith("the source Region") ? SOURCE_REGION_ID : DESTINATION_REGION_ID;
            case OPT_IN_REGION_NEEDS_SUPPORT -> SOURCE_REGION_ID;
            default -> DESTINATION_REGION_ID;
        };
    }
}
