package io.github.wsicopy.core.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request's shape: types, lengths, patterns, duplicates, unknown fields. Reports every violation at
 * once, each with its JSON path, so a user fixes a request in one round trip. Rules that need facts
 * from WorkSpaces (does the image exist, is the Region BYOL-enabled...) belong to the rules engine.
 *
 * <p>A JSON {@code null} in an optional field means the same as leaving the field out.
 */
public final class RequestParser {

    /** Model {@code Region}: 1..31 characters of {@code [-0-9a-z]}. */
    public static final Pattern REGION = Pattern.compile("^[-0-9a-z]{1,31}$");
    public static final int REGION_MAX_LENGTH = 31;
    /** Model {@code WorkspaceImageId} is only end-anchored; we match it whole so no prefix slips through. */
    public static final Pattern IMAGE_ID = Pattern.compile("^wsi-[0-9a-z]{9,63}$");
    public static final Pattern ACCOUNT_ID = Pattern.compile("^\\d{12}$");
    /** Organizations model {@code OrganizationalUnitId}. */
    public static final Pattern OU_ID = Pattern.compile("^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$");
    public static final int MAX_DESTINATION_ACCOUNTS = 200;
    public static final int MAX_ORGANIZATIONAL_UNITS = 20;
    public static final int MAX_IMAGE_IDS = 1000;
    public static final int MAX_DESTINATION_REGIONS = 30;
    public static final int TAG_KEY_MAX_LENGTH = 127;
    public static final int TAG_VALUE_MAX_LENGTH = 255;
    /** Reserved by AWS for its own tags. */
    public static final String AWS_TAG_PREFIX = "aws:";

    static final String SOURCE_REGION = "sourceRegion";
    static final String IMAGE_IDS = "imageIds";
    static final String DESTINATION_REGIONS = "destinationRegions";
    static final String NAME_TEMPLATE = "nameTemplate";
    static final String DESCRIPTION = "description";
    static final String TAGS = "tags";
    static final String TRUSTED_OWNER_ACCOUNTS = "trustedOwnerAccounts";
    static final String ALLOW_SAME_REGION = "allowSameRegion";
    static final String ENCRYPTED = "encrypted";
    static final String COPY_SOURCE_TAGS = "copySourceTags";
    static final String PAIRS = "pairs";
    public static final String DESTINATION_ACCOUNTS = "destinationAccounts";
    public static final String DESTINATION_ORGANIZATIONAL_UNITS = "destinationOrganizationalUnits";
    static final String UNSHARE_AFTER_COPY = "unshareAfterCopy";
    /** The fields that say how (and into which accounts) to copy, shared with replication policies. */
    public static final List<String> OPTION_FIELDS = withAfterCopy(List.of(NAME_TEMPLATE, DESCRIPTION, TAGS,
            TRUSTED_OWNER_ACCOUNTS, ALLOW_SAME_REGION, ENCRYPTED, COPY_SOURCE_TAGS, DESTINATION_ACCOUNTS,
            DESTINATION_ORGANIZATIONAL_UNITS, UNSHARE_AFTER_COPY));
    static final List<String> FIELDS;

    static {
        List<String> fields = new ArrayList<>(List.of(SOURCE_REGION, IMAGE_IDS, DESTINATION_REGIONS));
        fields.addAll(OPTION_FIELDS);
        fields.add(PAIRS);
        FIELDS = List.copyOf(fields);
    }

    static final List<String> PAIR_FIELDS = List.of("imageId", "destinationRegion", "destinationAccount");
    static final List<String> TAG_FIELDS = List.of("key", "value");

    /**
     * Values the deployment supplies when the request leaves a field out.
     *
     * @param trustedOwnerAccounts the deployment's trusted owners (the stack's TrustedOwnerAccounts): used when
     *                             the request has no {@code trustedOwnerAccounts}, and the most a request may
     *                             name (a request can only narrow them); empty means only the caller's own
     *                             account is trusted
     */
    public record Defaults(List<String> trustedOwnerAccounts) {
        public static final Defaults NONE = new Defaults(List.of());

        public Defaults {
            trustedOwnerAccounts = List.copyOf(trustedOwnerAccounts);
        }
    }

    public sealed interface Parsed permits Valid, Invalid {}

    public record Valid(CopyRequest request) implements Parsed {}

    public record Invalid(List<FieldError> errors) implements Parsed {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }

    private RequestParser() {}

    public static Parsed parse(Map<String, Object> json, Defaults defaults) {
        if (json == null) {
            return new Invalid(List.of(new FieldError("", "type",
                    "the request must be a JSON object with sourceRegion, imageIds and destinationRegions")));
        }
        List<FieldError> errors = new ArrayList<>();
        unknownFields(json, FIELDS, "", errors);

        String sourceRegion = required(json, SOURCE_REGION, "the Region the images are in, e.g. \"us-east-1\"", errors)
                .flatMap(value -> string(value, SOURCE_REGION, errors))
                .filter(region -> region(region, SOURCE_REGION, errors))
                .orElse(null);
        List<String> imageIds = required(json, IMAGE_IDS, "a list of image ids, e.g. [\"wsi-abc123def\"]", errors)
                .map(value -> uniqueStrings(value, IMAGE_IDS, 1, MAX_IMAGE_IDS, "image ids",
                        (id, path) -> imageId(id, path, errors), errors))
                .orElse(List.of());
        List<String> destinations = required(json, DESTINATION_REGIONS,
                "a list of Regions to copy to, e.g. [\"eu-west-1\"]", errors)
                .map(value -> uniqueStrings(value, DESTINATION_REGIONS, 1, MAX_DESTINATION_REGIONS, "Regions",
                        (region, path) -> region(region, path, errors), errors))
                .orElse(List.of());
        Options options = options(json, defaults, errors);
        Set<CopyPair> pairs = optional(json, PAIRS)
                .map(value -> pairs(value, imageIds, destinations, options.accounts(), errors))
                .orElse(Set.of());

        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        return new Valid(new CopyRequest(sourceRegion, imageIds, destinations, options.nameTemplate(),
                options.descriptionTemplate(), options.tags(), options.trustedOwnerAccounts(), options.allowSameRegion(),
                false, pairs, options.copySourceTags(), options.accounts().accounts(), options.accounts().ous(),
                options.accounts().unshareAfterCopy(), options.afterCopy()));
    }

    /** How to copy: the fields a request shares with a replication policy ({@link PolicyParser}). */
    record Options(String nameTemplate, String descriptionTemplate, List<Tag> tags, List<String> trustedOwnerAccounts,
            boolean allowSameRegion, boolean copySourceTags, Accounts accounts, AfterCopy afterCopy) {}

    /** Where to copy besides the Regions: accounts, OUs, and whether shares end with the copies. */
    record Accounts(List<String> accounts, List<String> ous, boolean unshareAfterCopy) {}

    /** The after-copy fields ({@link AfterCopyParser}) follow the others in every field list. */
    private static List<String> withAfterCopy(List<String> fields) {
        List<String> all = new ArrayList<>(fields);
        all.addAll(AfterCopyParser.FIELDS);
        return List.copyOf(all);
    }

    /** Parses the {@link #OPTION_FIELDS} of a request or a policy, adding what is wrong to {@code errors}. */
    static Options options(Map<String, Object> json, Defaults defaults, List<FieldError> errors) {
        String nameTemplate = optional(json, NAME_TEMPLATE)
                .flatMap(value -> template(value, NAME_TEMPLATE, ImageText.NAME, errors))
                .orElse(CopyRequest.DEFAULT_NAME_TEMPLATE);
        // Absent stays null: the copy then keeps the source's own description (see CopyRequest).
        String descriptionTemplate = optional(json, DESCRIPTION)
                .flatMap(value -> template(value, DESCRIPTION, ImageText.DESCRIPTION, errors))
                .orElse(null);
        List<Tag> tags = optional(json, TAGS).map(value -> tags(value, errors)).orElse(List.of());
        List<String> trustedOwners = optional(json, TRUSTED_OWNER_ACCOUNTS)
                .map(value -> uniqueStrings(value, TRUSTED_OWNER_ACCOUNTS, 0, Integer.MAX_VALUE, "account ids",
                        (account, path) -> accountId(account, path, errors)
                                && trustedByDeployment(account, path, defaults, errors), errors))
                .orElse(defaults.trustedOwnerAccounts());
        boolean allowSameRegion = optional(json, ALLOW_SAME_REGION)
                .flatMap(value -> bool(value, ALLOW_SAME_REGION, errors))
                .orElse(false);
        boolean encrypted = optional(json, ENCRYPTED).flatMap(value -> bool(value, ENCRYPTED, errors)).orElse(false);
        if (encrypted) {
            errors.add(FieldError.of(ENCRYPTED, "notSupported",
                    "WorkSpaces offers no encryption option when copying an image; remove ", FieldError.ref(ENCRYPTED),
                    " or set it to false"));
        }
        boolean copySourceTags = optional(json, COPY_SOURCE_TAGS)
                .flatMap(value -> bool(value, COPY_SOURCE_TAGS, errors))
                .orElse(false);
        AfterCopy afterCopy = AfterCopyParser.parse(json, AfterCopy.REQUEST_GROUP, errors);
        return new Options(nameTemplate, descriptionTemplate, tags, trustedOwners, allowSameRegion, copySourceTags,
                accounts(json, errors), afterCopy);
    }

    /**
     * {@code destinationAccounts} (12-digit ids) and {@code destinationOrganizationalUnits} ({@code ou-...}): where
     * OUs resolve to accounts is validation's business (it needs AWS Organizations); here only their shape.
     */
    static Accounts accounts(Map<String, Object> json, List<FieldError> errors) {
        List<String> accounts = optional(json, DESTINATION_ACCOUNTS)
                .map(value -> uniqueStrings(value, DESTINATION_ACCOUNTS, 1, MAX_DESTINATION_ACCOUNTS, "account ids",
                        (account, path) -> accountId(account, path, errors), errors))
                .orElse(List.of());
        List<String> ous = optional(json, DESTINATION_ORGANIZATIONAL_UNITS)
                .map(value -> uniqueStrings(value, DESTINATION_ORGANIZATIONAL_UNITS, 1, MAX_ORGANIZATIONAL_UNITS,
                        "organizational unit ids", (ou, path) -> organizationalUnitId(ou, path, errors), errors))
                .orElse(List.of());
        boolean unshare = optional(json, UNSHARE_AFTER_COPY)
                .flatMap(value -> bool(value, UNSHARE_AFTER_COPY, errors))
                .orElse(true);
        return new Accounts(accounts, ous, unshare);
    }

    static boolean organizationalUnitId(String ou, String path, List<FieldError> errors) {
        if (!OU_ID.matcher(ou).matches()) {
            errors.add(new FieldError(path, "pattern", quote(ou) + " is not an organizational unit id; OU ids look"
                    + " like \"ou-\" followed by 4 to 32 lower-case letters or digits, '-', and 8 to 32 more, e.g."
                    + " \"ou-ab12-cdef3456\" (AWS Organizations console, or aws organizations list-organizational-units-for-parent)"));
            return false;
        }
        return true;
    }

    /**
     * {@code pairs}: only these (image, destination Region) pairs, each within imageIds × destinationRegions.
     * A retry of an earlier job's failed tasks uses it, since those are rarely a whole product.
     */
    private static Set<CopyPair> pairs(Object value, List<String> imageIds, List<String> destinations,
                                       Accounts accounts, List<FieldError> errors) {
        Optional<List<Object>> list = list(value, PAIRS,
                "a list of {\"imageId\": ..., \"destinationRegion\": ...} objects", errors);
        if (list.isEmpty()) {
            return Set.of();
        }
        if (list.get().isEmpty()) {
            errors.add(new FieldError(PAIRS, "minItems", "is empty; leave pairs out to copy every image to every"
                    + " destination Region, or list at least one pair"));
        }
        Set<CopyPair> pairs = new LinkedHashSet<>();
        for (int i = 0; i < list.get().size(); i++) {
            String path = PAIRS + "[" + i + "]";
            Optional<Map<String, Object>> object = typed(list.get().get(i), Map.class, path,
                    "an object such as {\"imageId\": \"wsi-abc123def\", \"destinationRegion\": \"eu-west-1\"} (and"
                            + " optionally \"destinationAccount\")", errors)
                    .map(RequestParser::asObject);
            if (object.isEmpty()) {
                continue;
            }
            unknownFields(object.get(), PAIR_FIELDS, path + ".", errors);
            Optional<String> imageId = required(object.get(), "imageId", "one of imageIds", path + ".imageId", errors)
                    .flatMap(v -> string(v, path + ".imageId", errors))
                    .filter(id -> member(id, imageIds, IMAGE_IDS, path + ".imageId", errors));
            Optional<String> region = required(object.get(), "destinationRegion", "one of destinationRegions",
                    path + ".destinationRegion", errors)
                    .flatMap(v -> string(v, path + ".destinationRegion", errors))
                    .filter(r -> member(r, destinations, DESTINATION_REGIONS, path + ".destinationRegion", errors));
            String accountPath = path + ".destinationAccount";
            Optional<String> account = optional(object.get(), "destinationAccount")
                    .flatMap(v -> string(v, accountPath, errors))
                    .filter(a -> accountId(a, accountPath, errors))
                    .filter(a -> accounts.ous().isEmpty() && !accounts.accounts().isEmpty()
                            ? member(a, accounts.accounts(), DESTINATION_ACCOUNTS, accountPath, errors) : true);
            boolean accountOk = !object.get().containsKey("destinationAccount") || account.isPresent();
            if (imageId.isPresent() && region.isPresent() && accountOk
                    && !pairs.add(new CopyPair(imageId.get(), region.get(), account))) {
                errors.add(new FieldError(path, "unique", "repeats an earlier pair; remove the duplicate"));
            }
        }
        return pairs;
    }

    private static boolean member(String value, List<String> allowed, String field, String path,
                                  List<FieldError> errors) {
        if (!allowed.contains(value)) {
            errors.add(FieldError.of(path, "enum", quote(value) + " is not in ", FieldError.ref(field),
                    "; a pair can name only an image, a Region and an account the request lists"));
            return false;
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    // ---- fields -------------------------------------------------------------------------------------

    static boolean region(String region, String path, List<FieldError> errors) {
        int length = region.length();
        if (length < 1) {
            errors.add(new FieldError(path, "minLength", "must not be empty; give a Region id such as \"us-east-1\""));
            return false;
        }
        if (length > REGION_MAX_LENGTH) {
            errors.add(new FieldError(path, "maxLength", "is " + length + " characters; a Region id has at most "
                    + REGION_MAX_LENGTH + ", e.g. \"us-east-1\""));
            return false;
        }
        if (!REGION.matcher(region).matches()) {
            errors.add(new FieldError(path, "pattern", quote(region)
                    + " is not a Region id; use lower-case letters, digits and '-', e.g. \"us-east-1\""));
            return false;
        }
        return true;
    }

    static boolean imageId(String id, String path, List<FieldError> errors) {
        if (!IMAGE_ID.matcher(id).matches()) {
            errors.add(new FieldError(path, "pattern", quote(id)
                    + " is not a WorkSpaces image id; ids look like \"wsi-\" followed by 9 to 63 lower-case"
                    + " letters or digits, e.g. \"wsi-abc123def\""));
            return false;
        }
        return true;
    }

    /** Trust fails closed: a request or policy can only narrow the deployment's trusted owners, never widen them. */
    static boolean trustedByDeployment(String account, String path, Defaults defaults, List<FieldError> errors) {
        if (defaults.trustedOwnerAccounts().contains(account)) {
            return true;
        }
        String trusted = defaults.trustedOwnerAccounts().isEmpty()
                ? "this deployment trusts no account but its own"
                : "this deployment trusts only " + String.join(", ", defaults.trustedOwnerAccounts());
        errors.add(new FieldError(path, "notTrustedByDeployment", "names account " + account + ", but " + trusted
                + "; a request can only narrow the deployment's trusted owners, not add to them. Ask the"
                + " administrator of the wsicopy stack to add " + account + " to the stack's TrustedOwnerAccounts"
                + " parameter, or remove it here"));
        return false;
    }

    static boolean accountId(String account, String path, List<FieldError> errors) {
        if (!ACCOUNT_ID.matcher(account).matches()) {
            errors.add(new FieldError(path, "pattern", quote(account)
                    + " is not an AWS account id; give the 12 digits, e.g. \"123456789012\""));
            return false;
        }
        return true;
    }

    static Optional<String> template(Object value, String path, ImageText target, List<FieldError> errors) {
        Optional<String> text = string(value, path, errors);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return switch (Template.parse(text.get(), target)) {
            case Template.Valid valid -> text;
            case Template.Invalid invalid -> {
                invalid.problems().forEach(p -> errors.add(new FieldError(path, p.rule(), p.message())));
                yield Optional.empty();
            }
        };
    }

    private static List<Tag> tags(Object value, List<FieldError> errors) {
        Optional<List<Object>> list = list(value, TAGS, "a list of {\"key\": ..., \"value\": ...} objects", errors);
        if (list.isEmpty()) {
            return List.of();
        }
        List<Object> items = list.get();
        if (items.size() > SystemTags.MAX_USER_TAGS) {
            errors.add(new FieldError(TAGS, "maxItems", "has " + items.size() + " tags; at most "
                    + SystemTags.MAX_USER_TAGS + " are allowed, because every copy also gets the "
                    + SystemTags.KEYS.size() + " system tags " + String.join(", ", SystemTags.KEYS)
                    + " and an image can have at most " + SystemTags.MAX_TAGS_PER_IMAGE + " tags"));
        }
        List<Tag> tags = new ArrayList<>();
        Map<String, Integer> firstIndexOfKey = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = TAGS + "[" + i + "]";
            Optional<Map<String, Object>> object = object(items.get(i), path, errors);
            if (object.isEmpty()) {
                continue;
            }
            Map<String, Object> tag = object.get();
            unknownFields(tag, TAG_FIELDS, path + ".", errors);
            String keyPath = path + ".key";
            Optional<String> key = required(tag, "key", "the tag's key", keyPath, errors)
                    .flatMap(k -> string(k, keyPath, errors))
                    .filter(k -> tagKey(k, keyPath, errors));
            String valuePath = path + ".value";
            Optional<String> tagValue = Optional.ofNullable(tag.get("value"))
                    .flatMap(v -> string(v, valuePath, errors))
                    .filter(v -> tagValue(v, valuePath, errors));
            if (key.isPresent()) {
                Integer first = firstIndexOfKey.putIfAbsent(key.get(), i);
                if (first != null) {
                    errors.add(FieldError.of(keyPath, "unique", "repeats the key of ",
                            FieldError.ref(TAGS + "[" + first + "]"), " (" + quote(key.get())
                                    + "); a key can appear once, so merge or remove one of them"));
                } else {
                    tags.add(new Tag(key.get(), tagValue.orElse("")));
                }
            }
        }
        return tags;
    }

    private static boolean tagKey(String key, String path, List<FieldError> errors) {
        int length = key.codePointCount(0, key.length());
        if (length < 1) {
            errors.add(new FieldError(path, "minLength", "must not be empty; give the tag a key"));
            return false;
        }
        if (length > TAG_KEY_MAX_LENGTH) {
            errors.add(new FieldError(path, "maxLength", "is " + length + " characters; a tag key can have at most "
                    + TAG_KEY_MAX_LENGTH));
            return false;
        }
        if (key.toLowerCase(Locale.ROOT).startsWith(AWS_TAG_PREFIX)) {
            errors.add(new FieldError(path, "reserved", quote(key)
                    + " starts with \"aws:\", which AWS reserves for its own tags; choose another key"));
            return false;
        }
        if (SystemTags.isReserved(key)) {
            errors.add(new FieldError(path, "reserved", quote(key) + " starts with \"" + SystemTags.PREFIX
                    + "\", which this tool reserves for the tags it sets on every copy; choose another key"));
            return false;
        }
        return true;
    }

    private static boolean tagValue(String value, String path, List<FieldError> errors) {
        int length = value.codePointCount(0, value.length());
        if (length > TAG_VALUE_MAX_LENGTH) {
            errors.add(new FieldError(path, "maxLength", "is " + length
                    + " characters; a tag value can have at most " + TAG_VALUE_MAX_LENGTH));
            return false;
        }
        return true;
    }

    /**
     * A list of strings with a size limit and no duplicates; {@code check} validates one item and reports
     * its own errors. Returns the items that passed.
     */
    static List<String> uniqueStrings(Object value, String path, int minItems, int maxItems, String what,
                                              BiPredicate check, List<FieldError> errors) {
        Optional<List<Object>> list = list(value, path, "a list of " + what, errors);
        if (list.isEmpty()) {
            return List.of();
        }
        List<Object> items = list.get();
        if (items.size() < minItems) {
            errors.add(new FieldError(path, "minItems", "is empty; give at least " + minItems + " of the " + what));
        }
        if (items.size() > maxItems) {
            errors.add(new FieldError(path, "maxItems", "has " + items.size() + " " + what + "; at most " + maxItems
                    + " are allowed in one request, so split it into several requests"));
        }
        List<String> result = new ArrayList<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "[" + i + "]";
            Optional<String> item = string(items.get(i), itemPath, errors);
            if (item.isEmpty() || !check.test(item.get(), itemPath)) {
                continue;
            }
            Integer first = firstIndex.putIfAbsent(item.get(), i);
            if (first != null) {
                errors.add(FieldError.of(itemPath, "unique", "repeats ", FieldError.ref(path + "[" + first + "]"),
                        " (" + quote(item.get()) + "); remove the duplicate"));
            } else {
                result.add(item.get());
            }
        }
        return result;
    }

    @FunctionalInterface
    interface BiPredicate {
        boolean test(String item, String path);
    }

    // ---- JSON types ---------------------------------------------------------------------------------

    static void unknownFields(Map<String, Object> object, List<String> known, String prefix,
                                      List<FieldError> errors) {
        for (String field : object.keySet()) {
            if (!known.contains(field)) {
                Optional<String> meant = known.stream().filter(k -> k.equalsIgnoreCase(field)).findFirst();
                errors.add(new FieldError(prefix + field, "unknownField", meant
                        .map(k -> "is not a field; did you mean \"" + k + "\"? Field names are case-sensitive")
                        .orElse("is not a field; the fields are " + String.join(", ", known))));
            }
        }
    }

    static Optional<Object> optional(Map<String, Object> json, String field) {
        return Optional.ofNullable(json.get(field));
    }

    static Optional<Object> required(Map<String, Object> json, String field, String what,
                                             List<FieldError> errors) {
        return required(json, field, what, field, errors);
    }

    static Optional<Object> required(Map<String, Object> json, String field, String what, String path,
                                             List<FieldError> errors) {
        Object value = json.get(field);
        if (value == null) {
            errors.add(new FieldError(path, "required", "is required: give " + what));
        }
        return Optional.ofNullable(value);
    }

    static Optional<String> string(Object value, String path, List<FieldError> errors) {
        return typed(value, String.class, path, "a string", errors);
    }

    static Optional<Boolean> bool(Object value, String path, List<FieldError> errors) {
        return typed(value, Boolean.class, path, "true or false", errors);
    }

    @SuppressWarnings("unchecked")
    static Optional<List<Object>> list(Object value, String path, String what, List<FieldError> errors) {
        return typed(value, List.class, path, what, errors).map(l -> (List<Object>) l);
    }

    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> object(Object value, String path, List<FieldError> errors) {
        return typed(value, Map.class, path, "an object such as {\"key\": \"team\", \"value\": \"vdi\"}", errors)
                .map(m -> (Map<String, Object>) m);
    }

    static <T> Optional<T> typed(Object value, Class<T> type, String path, String what,
                                         List<FieldError> errors) {
        if (type.isInstance(value)) {
            return Optional.of(type.cast(value));
        }
        errors.add(new FieldError(path, "type", "must be " + what + ", not " + jsonType(value)));
        return Optional.empty();
    }

    static String jsonType(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "a string";
            case Boolean b -> "a boolean";
            case BigDecimal n -> "a number";
            case Number n -> "a number";
            case List<?> l -> "a list";
            case Map<?, ?> m -> "an object";
            default -> value.getClass().getSimpleName();
        };
    }

    /** Echoes user text in a message, cut short so a huge value cannot bloat the response. */
    static String quote(String text) {
        int max = 80;
        return "\"" + (text.length() > max ? text.substring(0, max) + "..." : text) + "\"";
    }
}
