package io.github.wsicopy.local.ssm;

import io.github.wsicopy.local.workspaces.Caller;
import io.github.wsicopy.local.workspaces.ServiceError;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parameters of every emulated account and Region, and the rules of Parameter Store that the model does not
 * carry (from the AWS Systems Manager user guide, "Parameter Store": name requirements, tiers, versions). One lock:
 * each call sees and leaves a consistent state.
 */
final class ParameterStore {

    static final String VALIDATION = "ValidationException";
    /** Value size of a Standard parameter: 4 KB; Advanced: 8 KB. */
    static final int STANDARD_VALUE_LIMIT = 4096;
    static final int ADVANCED_VALUE_LIMIT = 8192;
    /** Parameter Store keeps the last 100 versions; older ones are dropped as new ones are written. */
    static final int MAX_VERSIONS = 100;
    static final int MAX_TAGS = 50;
    static final int MAX_HIERARCHY_LEVELS = 15;
    /** "The maximum length for a parameter name, including the full length of the parameter ARN, is 1011 characters." */
    static final int MAX_ARN_LENGTH = 1011;
    static final Set<String> DATA_TYPES = Set.of("text", "aws:ec2:image", "aws:ssm:integration");
    private static final Pattern NAME_CHARS = Pattern.compile("[a-zA-Z0-9_.\\-/]+");

    /** One written version. */
    record Version(long number, String type, String value, Instant modified, String description, String tier,
                   String dataType, String allowedPattern) {
    }

    /** One parameter: its versions (oldest first) and tags. */
    static final class Stored {
        final String name;
        final List<Version> versions = new ArrayList<>();
        final Map<String, String> tags = new LinkedHashMap<>();

        Stored(String name) {
            this.name = name;
        }

        Version latest() {
            return versions.getLast();
        }
    }

    private final Clock clock;
    /** "account/region" → name → parameter. */
    private final Map<String, Map<String, Stored>> parameters = new HashMap<>();

    ParameterStore(Clock clock) {
        this.clock = clock;
    }

    /**
     * PutParameter: creates version 1, or with {@code overwrite} the next version (type, description, tier and
     * data type carried over unless given). Returns the written version.
     */
    synchronized Version put(Caller caller, String name, String value, String type, String description,
                             boolean overwrite, String allowedPattern, String tier, String dataType,
                             Map<String, String> tags) {
        checkName(caller, name);
        Stored existing = scope(caller).get(name);
        if (overwrite && !tags.isEmpty()) {
            throw ServiceError.of(VALIDATION, "Invalid request: tags and overwrite can't be used together. To create a"
                    + " parameter with tags, please remove overwrite flag. To update tags for an existing parameter,"
                    + " please use AddTagsToResource or RemoveTagsFromResource.");
        }
        if (existing != null && !overwrite) {
            throw ServiceError.of("ParameterAlreadyExists",
                    "The parameter already exists. To overwrite this request value, set the overwrite option in the request to true.");
        }
        Version previous = existing == null ? null : existing.latest();
        String effectiveType = type != null ? type : previous != null ? previous.type() : null;
        if (effectiveType == null) {
            throw ServiceError.of(VALIDATION, "A parameter type is required when you create a parameter.");
        }
        String effectiveTier = effectiveTier(tier, previous, value);
        checkValue(value, effectiveTier);
        String effectiveDataType = dataType != null ? dataType : previous != null ? previous.dataType() : "text";
        if (!DATA_TYPES.contains(effectiveDataType)) {
            throw ServiceError.of(VALIDATION, "The following data type is not supported: " + effectiveDataType
                    + " (supported data types are: aws:ssm:integration, aws:ec2:image and text)");
        }
        String pattern = allowedPattern != null ? allowedPattern : previous != null ? previous.allowedPattern() : null;
        checkPattern(pattern, value);
        checkTags(tags.keySet(), tags.size());
        Stored stored = existing != null ? existing : new Stored(name);
        Version written = new Version(previous == null ? 1 : previous.number() + 1, effectiveType, value, clock.instant(),
                description != null ? description : previous != null ? previous.description() : null,
                effectiveTier, effectiveDataType, pattern);
        stored.versions.add(written);
        if (stored.versions.size() > MAX_VERSIONS) {
            stored.versions.removeFirst();
        }
        stored.tags.putAll(tags);
        scope(caller).put(name, stored);
        return written;
    }

    /** GetParameter: {@code name} or {@code name:version}; a label selector finds nothing (no labels here). */
    synchronized Map.Entry<Stored, Version> get(Caller caller, String nameWithSelector) {
        String name = nameWithSelector;
        String selector = null;
        int colon = nameWithSelector.lastIndexOf(':');
        if (colon > 0 && !nameWithSelector.startsWith("arn:")) {
            name = nameWithSelector.substring(0, colon);
            selector = nameWithSelector.substring(colon + 1);
        }
        Stored stored = found(caller, name);
        if (selector == null) {
            return Map.entry(stored, stored.latest());
        }
        String wanted = selector;
        return stored.versions.stream().filter(v -> Long.toString(v.number()).equals(wanted)).findFirst()
                .map(v -> Map.entry(stored, v))
                .orElseThrow(() -> ServiceError.of("ParameterVersionNotFound", "Systems Manager could not find version "
                        + wanted + " of " + stored.name + ". Verify the version and try again."));
    }

    synchronized void delete(Caller caller, String name) {
        found(caller, name);
        scope(caller).remove(name);
    }

    synchronized void addTags(Caller caller, String resourceType, String resourceId, Map<String, String> tags) {
        if (!"Parameter".equals(resourceType)) {
            throw ServiceError.of("InvalidResourceType", "The resource type " + resourceType + " is not emulated.");
        }
        Stored stored = Optional.ofNullable(scope(caller).get(resourceId)).orElseThrow(
                () -> ServiceError.of("InvalidResourceId", "The resource ID " + resourceId + " is not valid."));
        Map<String, String> merged = new LinkedHashMap<>(stored.tags);
        merged.putAll(tags);
        checkTags(tags.keySet(), merged.size());
        stored.tags.putAll(tags);
    }

    synchronized List<Stored> all(String account, String region) {
        return scope(account, region).values().stream().sorted(Comparator.comparing(s -> s.name)).toList();
    }

    synchronized Optional<Stored> find(String account, String region, String name) {
        return Optional.ofNullable(scope(account, region).get(name));
    }

    static String arn(String account, String region, String name) {
        String partition = region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
        return "arn:" + partition + ":ssm:" + region + ":" + account + ":parameter" + (name.startsWith("/") ? "" : "/") + name;
    }

    // ---- the rules ----

    private static void checkName(Caller caller, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String first = lower.startsWith("/") ? lower.substring(1) : lower;
        if (first.startsWith("aws") || first.startsWith("ssm")) {
            throw ServiceError.of(VALIDATION, "Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
        }
        if (!NAME_CHARS.matcher(name).matches()) {
            throw ServiceError.of(VALIDATION, "Parameter name " + name + " is not valid: only letters, digits and"
                    + " the symbols . - _ and / are allowed, and no spaces.");
        }
        if (name.contains("/") && !name.startsWith("/")) {
            throw ServiceError.of(VALIDATION, "Parameter name must be a fully qualified name: a name with / in it must"
                    + " start with /: " + name);
        }
        if (name.split("/", -1).length - 1 > MAX_HIERARCHY_LEVELS) {
            throw ServiceError.of("HierarchyLevelLimitExceededException", "Parameter name " + name + " has more than "
                    + MAX_HIERARCHY_LEVELS + " levels of hierarchy; a hierarchy can have at most " + MAX_HIERARCHY_LEVELS + ".");
        }
        if (arn(caller.accountId(), caller.region(), name).length() > MAX_ARN_LENGTH) {
            throw ServiceError.of(VALIDATION, "Parameter name " + name + " is too long: the name and its ARN may have at"
                    + " most " + MAX_ARN_LENGTH + " characters.");
        }
    }

    private static String effectiveTier(String tier, Version previous, String value) {
        if ("Intelligent-Tiering".equals(tier)) {
            return bytes(value) > STANDARD_VALUE_LIMIT ? "Advanced" : "Standard";
        }
        if (tier != null) {
            if ("Standard".equals(tier) && previous != null && "Advanced".equals(previous.tier())) {
                throw ServiceError.of(VALIDATION, "This parameter uses the advanced-parameter tier. You can't downgrade"
                        + " a parameter from the advanced-parameter tier to the standard-parameter tier.");
            }
            return tier;
        }
        return previous != null ? previous.tier() : "Standard";
    }

    private static void checkValue(String value, String tier) {
        if (value.isEmpty()) {
            throw ServiceError.of(VALIDATION, "1 validation error detected: Value '' at 'value' failed to satisfy"
                    + " constraint: Member must have length greater than or equal to 1");
        }
        int limit = "Advanced".equals(tier) ? ADVANCED_VALUE_LIMIT : STANDARD_VALUE_LIMIT;
        if (bytes(value) > limit) {
            throw ServiceError.of(VALIDATION, tier + " tier parameters support a maximum parameter value of " + limit
                    + " characters." + ("Standard".equals(tier) ? " To create a larger parameter value, upgrade the"
                    + " parameter to use the advanced-parameter tier." : ""));
        }
    }

    private static void checkPattern(String allowedPattern, String value) {
        if (allowedPattern == null || allowedPattern.isEmpty()) {
            return;
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(allowedPattern);
        } catch (PatternSyntaxException e) {
            throw ServiceError.of("InvalidAllowedPatternException", "The allowed pattern " + allowedPattern + " is not a valid regular expression.");
        }
        if (!pattern.matcher(value).matches()) {
            throw ServiceError.of("ParameterPatternMismatchException",
                    "Parameter value, cannot be validated against allowedPattern: " + allowedPattern);
        }
    }

    private static void checkTags(Iterable<String> keys, int total) {
        for (String key : keys) {
            if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
                throw ServiceError.of(VALIDATION, "Tag keys starting with 'aws:' are reserved for AWS use: " + key);
            }
        }
        if (total > MAX_TAGS) {
            throw ServiceError.of("TooManyTagsError", "A resource can have at most " + MAX_TAGS + " tags.");
        }
    }

    private static int bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }

    private Stored found(Caller caller, String nameOrArn) {
        String name = nameOrArn;
        String prefix = arn(caller.accountId(), caller.region(), "");
        if (nameOrArn.startsWith(prefix)) {
            String rest = nameOrArn.substring(prefix.length());
            name = scope(caller).containsKey("/" + rest) ? "/" + rest : rest;
        }
        return Optional.ofNullable(scope(caller).get(name)).orElseThrow(
                () -> ServiceError.of("ParameterNotFound", "Parameter " + nameOrArn + " not found."));
    }

    private Map<String, Stored> scope(Caller caller) {
        return scope(caller.accountId(), caller.region());
    }

    private Map<String, Stored> scope(String account, String region) {
        return parameters.computeIfAbsent(account + "/" + region, k -> new LinkedHashMap<>());
    }
}
