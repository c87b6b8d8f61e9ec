package io.github.wsicopy.core.model;

import static io.github.wsicopy.core.model.RequestParser.list;
import static io.github.wsicopy.core.model.RequestParser.optional;
import static io.github.wsicopy.core.model.RequestParser.quote;
import static io.github.wsicopy.core.model.RequestParser.required;
import static io.github.wsicopy.core.model.RequestParser.string;
import static io.github.wsicopy.core.model.RequestParser.typed;
import static io.github.wsicopy.core.model.RequestParser.unknownFields;

import io.github.wsicopy.core.finish.ParameterNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The after-copy fields of a request or policy ({@code lineageGroup}, {@code retain}, {@code bundles},
 * {@code publish}), checked against the WorkSpaces and SSM models' constraints; every violation at once, each with
 * its path ({@code bundles[1].computeType}). {@link RequestParser} calls it for requests and, through its shared
 * options, for policies.
 */
public final class AfterCopyParser {
    static final String LINEAGE_GROUP = "lineageGroup";
    static final String RETAIN = "retain";
    static final String BUNDLES = "bundles";
    static final String PUBLISH = "publish";
    public static final List<String> FIELDS = List.of(LINEAGE_GROUP, RETAIN, BUNDLES, PUBLISH);
    static final List<String> RETAIN_FIELDS = List.of("keepLatest", "lineageTag");
    static final List<String> BUNDLE_FIELDS = List.of("name", "computeType", "rootVolumeGb", "userVolumeGb",
            "description");
    static final List<String> FROM_BUNDLE_FIELDS = List.of("fromBundle");
    static final List<String> PUBLISH_FIELDS = List.of("parameterPrefix");

    /**
     * At most this many copies kept per lineage: half the default images quota of 40, so retention always leaves
     * room for other images; a larger number is rarely retention at all.
     */
    public static final int MAX_KEEP_LATEST = 20;
    /** Like a policy id, so a policy's id is a valid group and the lineage tag stays short. */
    public static final Pattern LINEAGE_GROUP_PATTERN = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
    /** WorkSpaces allows 50 custom bundles per Region, so a longer list could never be created. */
    public static final int MAX_BUNDLES = 50;
    /** Model {@code WorkspaceBundleName}: 1..64 characters. */
    static final Pattern BUNDLE_NAME = Pattern.compile("^[a-zA-Z0-9_./()\\\\-]{1,64}$");
    /** Model {@code WorkspaceBundleDescription}: 1..255 characters. */
    static final Pattern BUNDLE_DESCRIPTION = Pattern.compile("^[a-zA-Z0-9_./() -]{1,255}$");
    /** Model {@code BundleId}. */
    public static final Pattern BUNDLE_ID = Pattern.compile("^wsb-[0-9a-z]{8,63}$");
    /** Model {@code Compute}. */
    public static final Set<String> COMPUTE_TYPES = Set.of("VALUE", "STANDARD", "PERFORMANCE", "POWER", "GRAPHICS",
            "POWERPRO", "GENERALPURPOSE_4XLARGE", "GENERALPURPOSE_8XLARGE", "GRAPHICSPRO", "GRAPHICS_G4DN",
            "GRAPHICSPRO_G4DN", "GRAPHICS_G6_XLARGE", "GRAPHICS_G6_2XLARGE", "GRAPHICS_G6_4XLARGE",
            "GRAPHICS_G6_8XLARGE", "GRAPHICS_G6_16XLARGE", "GRAPHICS_GR6_4XLARGE", "GRAPHICS_GR6_8XLARGE",
            "GRAPHICS_G6F_LARGE", "GRAPHICS_G6F_XLARGE", "GRAPHICS_G6F_2XLARGE", "GRAPHICS_G6F_4XLARGE",
            "GRAPHICS_GR6F_4XLARGE");
    /** WorkSpaces volume sizes (admin guide, "Modify a WorkSpace"): root 80..2000 GiB, user 10..2000 GiB. */
    public static final int ROOT_MIN_GB = 80;
    public static final int USER_MIN_GB = 10;
    public static final int VOLUME_MAX_GB = 2000;

    private AfterCopyParser() {}

    /**
     * Parses the after-copy fields of {@code json}, adding what is wrong to {@code errors}.
     *
     * @param defaultGroup the lineage group when the request names none: a policy's id for its runs
     */
    public static AfterCopy parse(Map<String, Object> json, String defaultGroup, List<FieldError> errors) {
        String group = optional(json, LINEAGE_GROUP)
                .flatMap(v -> string(v, LINEAGE_GROUP, errors))
                .filter(g -> lineageGroup(g, errors))
                .orElse(defaultGroup);
        Optional<AfterCopy.Retention> retain = optional(json, RETAIN).flatMap(v -> retention(v, errors));
        List<AfterCopy.BundleSpec> bundles = optional(json, BUNDLES).map(v -> bundles(v, errors)).orElse(List.of());
        Optional<AfterCopy.Publish> publish = optional(json, PUBLISH).flatMap(v -> publish(v, errors));
        return new AfterCopy(group, retain, bundles, publish);
    }

    private static boolean lineageGroup(String group, List<FieldError> errors) {
        if (!LINEAGE_GROUP_PATTERN.matcher(group).matches()) {
            errors.add(new FieldError(LINEAGE_GROUP, "pattern", quote(group) + " is not a lineage group; use 1 to 64"
                    + " letters, digits, '-' or '_', e.g. \"nightly-golden\""));
            return false;
        }
        return true;
    }

    private static Optional<AfterCopy.Retention> retention(Object value, List<FieldError> errors) {
        Optional<Map<String, Object>> object = typed(value, Map.class, RETAIN,
                "an object such as {\"keepLatest\": 2}", errors).map(RequestParser::asObject);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        int before = errors.size();
        unknownFields(object.get(), RETAIN_FIELDS, RETAIN + ".", errors);
        String keepPath = RETAIN + ".keepLatest";
        Optional<Integer> keep = required(object.get(), "keepLatest", "how many copies of each lineage to keep,"
                + " e.g. 2", keepPath, errors)
                .flatMap(v -> integer(v, keepPath, 1, MAX_KEEP_LATEST, "copies of each lineage are kept in each"
                        + " destination; " + MAX_KEEP_LATEST + " is half the default images quota", errors));
        String tagPath = RETAIN + ".lineageTag";
        Optional<String> tag = optional(object.get(), "lineageTag")
                .flatMap(v -> string(v, tagPath, errors))
                .filter(t -> lineageTag(t, tagPath, errors));
        return errors.size() > before ? Optional.empty()
                : Optional.of(new AfterCopy.Retention(keep.orElseThrow(), tag));
    }

    private static boolean lineageTag(String key, String path, List<FieldError> errors) {
        int length = key.codePointCount(0, key.length());
        if (length < 1 || length > RequestParser.TAG_KEY_MAX_LENGTH) {
            errors.add(new FieldError(path, length < 1 ? "minLength" : "maxLength", "is " + length + " characters; a"
                    + " tag key has 1 to " + RequestParser.TAG_KEY_MAX_LENGTH));
            return false;
        }
        if (key.toLowerCase(Locale.ROOT).startsWith(RequestParser.AWS_TAG_PREFIX) || SystemTags.isReserved(key)) {
            errors.add(new FieldError(path, "reserved", quote(key) + " is a key AWS or wsicopy sets itself, so it"
                    + " cannot name your images' lineage; name a tag you put on the source images, e.g. \"family\""));
            return false;
        }
        return true;
    }

    private static List<AfterCopy.BundleSpec> bundles(Object value, List<FieldError> errors) {
        Optional<List<Object>> list = list(value, BUNDLES, "a list of bundles, each {\"name\", \"computeType\","
                + " \"userVolumeGb\", ...} or {\"fromBundle\": \"wsb-...\"}", errors);
        if (list.isEmpty()) {
            return List.of();
        }
        List<Object> items = list.get();
        if (items.isEmpty()) {
            errors.add(new FieldError(BUNDLES, "minItems", "is empty; leave bundles out, or list at least one"));
        }
        if (items.size() > MAX_BUNDLES) {
            errors.add(new FieldError(BUNDLES, "maxItems", "has " + items.size() + " bundles; WorkSpaces allows "
                    + MAX_BUNDLES + " custom bundles per Region, so list at most " + MAX_BUNDLES));
        }
        List<AfterCopy.BundleSpec> bundles = new ArrayList<>();
        Map<String, Integer> firstOfName = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = BUNDLES + "[" + i + "]";
            Optional<Map<String, Object>> object = typed(items.get(i), Map.class, path, "an object such as"
                    + " {\"name\": \"golden\", \"computeType\": \"STANDARD\", \"userVolumeGb\": 50} or"
                    + " {\"fromBundle\": \"wsb-0123abcd\"}", errors).map(RequestParser::asObject);
            if (object.isEmpty()) {
                continue;
            }
            Optional<AfterCopy.BundleSpec> spec = object.get().containsKey("fromBundle")
                    ? fromBundle(object.get(), path, errors)
                    : bundleSettings(object.get(), path, errors);
            if (spec.isEmpty()) {
                continue;
            }
            String key = switch (spec.get()) {
                case AfterCopy.BundleSettings b -> "name " + quote(b.name());
                case AfterCopy.FromBundle f -> "fromBundle " + quote(f.bundleId());
            };
            Integer first = firstOfName.putIfAbsent(key, i);
            if (first != null) {
                errors.add(FieldError.of(path, "unique", "repeats the " + key + " of ", FieldError.ref(BUNDLES
                        + "[" + first + "]"), "; a bundle is made or updated once, so remove one of them"));
            } else {
                bundles.add(spec.get());
            }
        }
        return bundles;
    }

    private static Optional<AfterCopy.BundleSpec> fromBundle(Map<String, Object> object, String path,
            List<FieldError> errors) {
        int before = errors.size();
        if (object.keySet().stream().anyMatch(BUNDLE_FIELDS::contains)) {
            errors.add(new FieldError(path, "oneOf", "has fromBundle and settings of its own; give either"
                    + " {\"fromBundle\": \"wsb-...\"} to take a source-Region bundle's settings, or name,"
                    + " computeType and userVolumeGb, not both"));
        } else {
            unknownFields(object, FROM_BUNDLE_FIELDS, path + ".", errors);
        }
        String idPath = path + ".fromBundle";
        Optional<String> id = string(object.get("fromBundle"), idPath, errors).filter(b -> {
            if (!BUNDLE_ID.matcher(b).matches()) {
                errors.add(new FieldError(idPath, "pattern", quote(b) + " is not a WorkSpaces bundle id; ids look like"
                        + " \"wsb-\" followed by 8 to 63 lower-case letters or digits, e.g. \"wsb-0123abcd\""));
                return false;
            }
            return true;
        });
        return errors.size() > before ? Optional.empty() : id.map(AfterCopy.FromBundle::new);
    }

    private static Optional<AfterCopy.BundleSpec> bundleSettings(Map<String, Object> object, String path,
            List<FieldError> errors) {
        int before = errors.size();
        unknownFields(object, BUNDLE_FIELDS, path + ".", errors);
        Optional<String> name = required(object, "name", "the bundle's name, e.g. \"golden-standard\"", path + ".name",
                errors)
                .flatMap(v -> string(v, path + ".name", errors))
                .filter(n -> matches(n, BUNDLE_NAME, path + ".name", "is not a bundle name; use 1 to 64 letters,"
                        + " digits and _ . / ( ) -, e.g. \"golden-standard\"", errors));
        Optional<String> compute = required(object, "computeType", "the compute type, e.g. \"STANDARD\"",
                path + ".computeType", errors)
                .flatMap(v -> string(v, path + ".computeType", errors))
                .filter(c -> {
                    if (!COMPUTE_TYPES.contains(c)) {
                        errors.add(new FieldError(path + ".computeType", "enum", quote(c) + " is not a WorkSpaces"
                                + " compute type; use one of " + String.join(", ", COMPUTE_TYPES.stream().sorted()
                                .toList())));
                        return false;
                    }
                    return true;
                });
        Optional<Integer> root = optional(object, "rootVolumeGb")
                .flatMap(v -> integer(v, path + ".rootVolumeGb", ROOT_MIN_GB, VOLUME_MAX_GB, "GiB is the root volume"
                        + " WorkSpaces offers", errors));
        Optional<Integer> user = required(object, "userVolumeGb", "the user volume in GiB, e.g. 50",
                path + ".userVolumeGb", errors)
                .flatMap(v -> integer(v, path + ".userVolumeGb", USER_MIN_GB, VOLUME_MAX_GB, "GiB is the user volume"
                        + " WorkSpaces offers", errors));
        Optional<String> description = optional(object, "description")
                .flatMap(v -> string(v, path + ".description", errors))
                .filter(d -> matches(d, BUNDLE_DESCRIPTION, path + ".description", "is not a bundle description;"
                        + " use 1 to 255 letters, digits, spaces and _ . / ( ) -", errors));
        if (errors.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new AfterCopy.BundleSettings(name.orElseThrow(), compute.orElseThrow(), root,
                user.orElseThrow(), description));
    }

    private static Optional<AfterCopy.Publish> publish(Object value, List<FieldError> errors) {
        Optional<Map<String, Object>> object = typed(value, Map.class, PUBLISH,
                "an object such as {\"parameterPrefix\": \"/golden/\"}", errors).map(RequestParser::asObject);
        if (object.isEmpty()) {
            return Optional.empty();
        }
        unknownFields(object.get(), PUBLISH_FIELDS, PUBLISH + ".", errors);
        String path = PUBLISH + ".parameterPrefix";
        return required(object.get(), "parameterPrefix", "where the ids go, e.g. \"/golden/\"", path, errors)
                .flatMap(v -> string(v, path, errors))
                .filter(prefix -> {
                    Optional<String> problem = ParameterNames.prefixProblem(prefix);
                    problem.ifPresent(p -> errors.add(new FieldError(path, "parameterName", quote(prefix) + " " + p)));
                    return problem.isEmpty();
                })
                .map(AfterCopy.Publish::new);
    }

    private static boolean matches(String text, Pattern pattern, String path, String problem,
            List<FieldError> errors) {
        if (!pattern.matcher(text).matches()) {
            errors.add(new FieldError(path, "pattern", quote(text) + " " + problem));
            return false;
        }
        return true;
    }

    /** A whole number within [min, max]; {@code unit} completes "from min to max ...". */
    private static Optional<Integer> integer(Object value, String path, int min, int max, String unit,
            List<FieldError> errors) {
        Optional<BigDecimal> number = typed(value, Number.class, path, "a whole number", errors)
                .map(n -> n instanceof BigDecimal b ? b : new BigDecimal(n.toString()));
        if (number.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal n = number.get();
        if (n.stripTrailingZeros().scale() > 0) {
            errors.add(new FieldError(path, "type", "must be a whole number, not " + n.toPlainString()));
            return Optional.empty();
        }
        if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            errors.add(new FieldError(path, n.compareTo(BigDecimal.valueOf(min)) < 0 ? "minimum" : "maximum",
                    "is " + n.toPlainString() + "; from " + min + " to " + max + " " + unit));
            return Optional.empty();
        }
        return Optional.of(n.intValueExact());
    }
}
