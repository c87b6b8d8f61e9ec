package io.github.wsicopy.core.finish;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parameter Store's name rules (Systems Manager user guide, "Parameter name requirements"), in one place: the
 * parser checks a {@code publish.parameterPrefix} with them up front, the publisher checks each full name before it
 * calls PutParameter, so a name SSM would refuse becomes a sentence, not a service error.
 */
public final class ParameterNames {
    /** Letters, digits, {@code . - _} and {@code /}: no spaces, no parentheses (which image names may have). */
    static final Pattern CHARACTERS = Pattern.compile("[a-zA-Z0-9_.\\-/]+");
    /** "A parameter hierarchy can have a maximum of 15 levels": counted as SSM counts them, one per {@code /}. */
    public static final int MAX_LEVELS = 15;
    /** "The maximum length for a parameter name, including the full length of the parameter ARN, is 1011 characters." */
    public static final int MAX_ARN_LENGTH = 1011;
    /**
     * The longest ARN around a name: {@code arn:aws-us-gov:ssm:} + a 31-character Region + {@code :} + 12-digit
     * account + {@code :parameter}. A prefix is checked against it, since the job's Regions are not known yet.
     */
    public static final int MAX_ARN_OVERHEAD = "arn:aws-us-gov:ssm:".length() + 31 + 1 + 12 + ":parameter".length();
    /** The longest WorkSpaces image name, which the prefix must leave room for. */
    public static final int MAX_IMAGE_NAME = 64;
    public static final int MAX_PREFIX_LENGTH = MAX_ARN_LENGTH - MAX_ARN_OVERHEAD - MAX_IMAGE_NAME;

    private ParameterNames() {}

    /** What is wrong with a prefix, in words that end with what to do; empty when it is fine. */
    public static Optional<String> prefixProblem(String prefix) {
        if (!prefix.startsWith("/")) {
            return Optional.of("does not start with \"/\"; SSM needs a fully qualified name when the name has a"
                    + " \"/\" in it (image names may), e.g. \"/golden/\"");
        }
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            return Optional.of("is " + prefix.length() + " characters; at most " + MAX_PREFIX_LENGTH + " leave room for"
                    + " a 64-character image name within SSM's " + MAX_ARN_LENGTH + " characters of name and ARN");
        }
        return common(prefix, levels(prefix) >= MAX_LEVELS,
                "has " + levels(prefix) + " levels (\"/\"); SSM allows " + MAX_LEVELS
                        + " in a whole name and the image name adds one, so use at most " + (MAX_LEVELS - 1));
    }

    /** What is wrong with a full parameter name in a Region of an account; empty when SSM will take it. */
    public static Optional<String> nameProblem(String name, String arnPrefix) {
        if (name.contains("/") && !name.startsWith("/")) {
            return Optional.of("has a \"/\" but does not start with one; SSM needs a fully qualified name");
        }
        if (arnPrefix.length() + name.length() > MAX_ARN_LENGTH) {
            return Optional.of("is too long: with its ARN it has " + (arnPrefix.length() + name.length())
                    + " characters, SSM allows " + MAX_ARN_LENGTH);
        }
        return common(name, levels(name) > MAX_LEVELS,
                "has " + levels(name) + " levels (\"/\"); SSM allows " + MAX_LEVELS);
    }

    /** The ARN in front of a name, for the length rule. */
    public static String arnPrefix(String account, String region) {
        String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        return "arn:" + partition + ":ssm:" + region + ":" + account + ":parameter";
    }

    private static Optional<String> common(String name, boolean tooDeep, String depthProblem) {
        String first = name.startsWith("/") ? name.substring(1) : name;
        String lower = first.toLowerCase(Locale.ROOT);
        if (lower.startsWith("aws") || lower.startsWith("ssm")) {
            return Optional.of("starts with \"" + first.substring(0, 3) + "\", which SSM reserves (\"aws\" and \"ssm\","
                    + " in any case); choose another first level, e.g. \"/golden/\"");
        }
        if (!CHARACTERS.matcher(name).matches()) {
            return Optional.of("has characters SSM does not allow in a parameter name; use letters, digits and"
                    + " . - _ / only");
        }
        if (tooDeep) {
            return Optional.of(depthProblem);
        }
        return Optional.empty();
    }

    static int levels(String name) {
        return (int) name.chars().filter(c -> c == '/').count();
    }
}
