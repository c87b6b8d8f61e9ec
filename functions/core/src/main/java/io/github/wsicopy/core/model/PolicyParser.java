package io.github.wsicopy.core.model;

import static io.github.wsicopy.core.model.RequestParser.optional;
import static io.github.wsicopy.core.model.RequestParser.quote;
import static io.github.wsicopy.core.model.RequestParser.required;
import static io.github.wsicopy.core.model.RequestParser.string;
import static io.github.wsicopy.core.model.RequestParser.typed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A replication policy's shape, with the request's own checks for the fields they share: every violation at
 * once, each with its path ({@code select.tags.team}, {@code destinationRegions[2]}). What the selector
 * matches is decided at run time, against WorkSpaces.
 */
public final class PolicyParser {
    public static final Pattern POLICY_ID = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    static final String POLICY_ID_FIELD = "policyId";
    static final String SELECT = "select";
    static final int MAX_SELECT_TAGS = 50;
    static final List<String> SELECT_FIELDS = List.of("tags", "namePrefix", "imageIds");
    static final List<String> FIELDS;

    static {
        List<String> fields = new ArrayList<>(List.of(POLICY_ID_FIELD, RequestParser.SOURCE_REGION, SELECT,
                RequestParser.DESTINATION_REGIONS));
        fields.addAll(RequestParser.OPTION_FIELDS);
        FIELDS = List.copyOf(fields);
    }

    public sealed interface Parsed permits Valid, Invalid {}

    public record Valid(ReplicationPolicy policy) implements Parsed {}

    public record Invalid(List<FieldError> errors) implements Parsed {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    private PolicyParser() {}

    public static Parsed parse(Map<String, Object> json, RequestParser.Defaults defaults) {
        if (json == null) {
            return new Invalid(List.of(new FieldError("", "type", "the policy must be a JSON object with policyId,"
                    + " sourceRegion, select and destinationRegions")));
        }
        List<FieldError> errors = new ArrayList<>();
        RequestParser.unknownFields(json, FIELDS, "", errors);
        String policyId = required(json, POLICY_ID_FIELD, "a name for the policy, e.g. \"nightly-golden\"", errors)
                .flatMap(v -> string(v, POLICY_ID_FIELD, errors))
                .filter(id -> policyId(id, errors))
                .orElse(null);
        String sourceRegion = required(json, RequestParser.SOURCE_REGION, "the Region the images are in, e.g."
                + " \"us-east-1\"", errors)
                .flatMap(v -> string(v, RequestParser.SOURCE_REGION, errors))
                .filter(r -> RequestParser.region(r, RequestParser.SOURCE_REGION, errors))
                .orElse(null);
        ReplicationPolicy.Selector selector = required(json, SELECT, "which images to copy, e.g. {\"tags\":"
                + " {\"replicate\": \"true\"}}", errors)
                .flatMap(v -> selector(v, errors))
                .orElse(null);
        ReplicationPolicy.Destinations destinations = required(json, RequestParser.DESTINATION_REGIONS,
                "a list of Regions, e.g. [\"eu-west-1\"], or \"ALL\"", errors)
                .flatMap(v -> destinations(v, errors))
                .orElse(null);
        RequestParser.options(json, defaults, errors);
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (String field : RequestParser.OPTION_FIELDS) {
            optional(json, field).ifPresent(v -> options.put(field, v));
        }
        return new Valid(new ReplicationPolicy(policyId, sourceRegion, selector, destinations, options));
    }

    /** The policy id of a policy that may be invalid otherwise, when it has a usable one. */
    public static Optional<String> policyIdOf(Map<String, Object> json) {
        return json == null ? Optional.empty() : Optional.ofNullable(json.get(POLICY_ID_FIELD))
                .filter(String.class::isInstance).map(String.class::cast)
                .filter(id -> POLICY_ID.matcher(id).matches());
    }

    private static boolean policyId(String id, List<FieldError> errors) {
        if (!POLICY_ID.matcher(id).matches()) {
            errors.add(new FieldError(POLICY_ID_FIELD, "pattern", quote(id) + " is not a policy id; use 1 to 64"
                    + " letters, digits, '-' or '_', e.g. \"nightly-golden\""));
            return false;
        }
        return true;
    }

    private static Optional<ReplicationPolicy.Selector> selector(Object value, List<FieldError> errors) {
        Optional<Map<String, Object>> object = typed(value, Map.class, SELECT,
                "an object with tags, namePrefix and/or imageIds", errors).map(RequestParser::asObject);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> select = object.get();
        RequestParser.unknownFields(select, SELECT_FIELDS, SELECT + ".", errors);
        int before = errors.size();
        Map<String, String> tags = optional(select, "tags").map(v -> selectTags(v, errors)).orElse(Map.of());
        Optional<String> namePrefix = optional(select, "namePrefix")
                .flatMap(v -> string(v, SELECT + ".namePrefix", errors))
                .filter(p -> namePrefix(p, errors));
        List<String> imageIds = optional(select, "imageIds")
                .map(v -> RequestParser.uniqueStrings(v, SELECT + ".imageIds", 1, RequestParser.MAX_IMAGE_IDS,
                        "image ids", (id, path) -> RequestParser.imageId(id, path, errors), errors))
                .orElse(List.of());
        boolean anyCriterion = SELECT_FIELDS.stream().anyMatch(f -> select.get(f) != null);
        if (!anyCriterion) {
            errors.add(new FieldError(SELECT, "minProperties", "selects nothing; give tags (e.g. {\"replicate\":"
                    + " \"true\"}), a namePrefix and/or imageIds: a policy never copies every image by accident"));
        }
        return errors.size() > before ? Optional.empty()
                : Optional.of(new ReplicationPolicy.Selector(tags, namePrefix, imageIds));
    }

    private static Map<String, String> selectTags(Object value, List<FieldError> errors) {
        String path = SELECT + ".tags";
        Optional<Map<String, Object>> object = typed(value, Map.class, path,
                "an object of tag key to value, e.g. {\"replicate\": \"true\"}", errors).map(RequestParser::asObject);
        if (object.isEmpty()) {
            return Map.of();
        }
        if (object.get().isEmpty()) {
            errors.add(new FieldError(path, "minProperties", "is empty; name at least one tag, or leave tags out"));
        }
        if (object.get().size() > MAX_SELECT_TAGS) {
            errors.add(new FieldError(path, "maxProperties", "has " + object.get().size() + " tags; an image has at"
                    + " most " + MAX_SELECT_TAGS));
        }
        Map<String, String> tags = new LinkedHashMap<>();
        object.get().forEach((key, v) -> {
            String keyPath = path + "." + key;
            if (key.isEmpty() || key.codePointCount(0, key.length()) > RequestParser.TAG_KEY_MAX_LENGTH) {
                errors.add(new FieldError(keyPath, "maxLength", "a tag key has 1 to "
                        + RequestParser.TAG_KEY_MAX_LENGTH + " characters"));
                return;
            }
            string(v, keyPath, errors).ifPresent(text -> {
                if (text.codePointCount(0, text.length()) > RequestParser.TAG_VALUE_MAX_LENGTH) {
                    errors.add(new FieldError(keyPath, "maxLength", "a tag value has at most "
                            + RequestParser.TAG_VALUE_MAX_LENGTH + " characters"));
                } else {
                    tags.put(key, text);
                }
            });
        });
        return tags;
    }

    private static boolean namePrefix(String prefix, List<FieldError> errors) {
        Optional<String> problem = ImageText.NAME.problem(prefix);
        problem.ifPresent(p -> errors.add(new FieldError(SELECT + ".namePrefix", "pattern", quote(prefix) + " "
                + p + "; a prefix of an image name is itself a valid name start")));
        return problem.isEmpty();
    }

    private static Optional<ReplicationPolicy.Destinations> destinations(Object value, List<FieldError> errors) {
        String path = RequestParser.DESTINATION_REGIONS;
        if (value instanceof String text) {
            if (ReplicationPolicy.ALL_REGIONS.equals(text)) {
                return Optional.of(new ReplicationPolicy.AllRegions());
            }
            errors.add(new FieldError(path, "enum", quote(text) + " is neither a list of Regions nor \"ALL\"; give"
                    + " [\"eu-west-1\", ...] or \"ALL\" for every WorkSpaces Region of the source's partition"));
            return Optional.empty();
        }
        int before = errors.size();
        List<String> regions = RequestParser.uniqueStrings(value, path, 1, RequestParser.MAX_DESTINATION_REGIONS,
                "Regions", (region, p) -> RequestParser.region(region, p, errors), errors);
        return errors.size() > before ? Optional.empty() : Optional.of(new ReplicationPolicy.Listed(regions));
    }
}
