package io.github.wsicopy.customresource;

import static io.github.wsicopy.core.cloudformation.PropertyNames.ALLOW_COPY_IN_SAME_REGION;
import static io.github.wsicopy.core.cloudformation.PropertyNames.DESTINATION_DESCRIPTION;
import static io.github.wsicopy.core.cloudformation.PropertyNames.DESTINATION_IMAGE_NAME;
import static io.github.wsicopy.core.cloudformation.PropertyNames.DESTINATION_REGION_ID;
import static io.github.wsicopy.core.cloudformation.PropertyNames.ENCRYPTED;
import static io.github.wsicopy.core.cloudformation.PropertyNames.IMAGE_ID;
import static io.github.wsicopy.core.cloudformation.PropertyNames.RETAIN_ON_DELETE;
import static io.github.wsicopy.core.cloudformation.PropertyNames.SERVICE_TIMEOUT;
import static io.github.wsicopy.core.cloudformation.PropertyNames.SOURCE_REGION_ID;
import static io.github.wsicopy.core.cloudformation.PropertyNames.TAG;
import static io.github.wsicopy.core.cloudformation.PropertyNames.TRUSTED_OWNER_ACCOUNTS;
import static io.github.wsicopy.core.cloudformation.PropertyNames.WAIT_FOR_AVAILABLE;

import io.github.wsicopy.core.cloudformation.PropertyNames;
import io.github.wsicopy.core.model.FieldError;
import io.github.wsicopy.core.model.RequestParser;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a resource's properties with the workflow's own request parser: the properties become a one-image,
 * one-Region bulk request, and the parser's field errors come back under the property names. What only the
 * resource has (booleans CloudFormation sends as strings, {@code Tag} items in {@code Key}/{@code Value} form,
 * ServiceTimeout) is checked here first. Every error is reported at once.
 */
public final class PropertyParser {
    private static final List<String> TAG_FIELDS = List.of("Key", "Value");

    public sealed interface Parsed permits Valid, Invalid {}

    public record Valid(ImageCopyProperties properties) implements Parsed {}

    public record Invalid(List<FieldError> errors) implements Parsed {
        public Invalid {
            errors = List.copyOf(errors);
        }

        /** One line for CloudFormation: each property, its rule and what to do. */
        public String reason() {
            List<String> parts = new ArrayList<>();
            for (FieldError e : errors) {
                parts.add(e.field() + " (rule " + e.rule() + "): " + e.message());
            }
            return "invalid properties, nothing was copied: " + String.join("; ", parts);
        }
    }

    private PropertyParser() {}

    /**
     * @param stackRegion the Region of the stack, SourceRegionId's default
     * @param defaults    what the deployment gives fields the properties leave out (trusted owners)
     */
    public static Parsed parse(Map<String, Object> properties, String stackRegion, RequestParser.Defaults defaults) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : properties.keySet()) {
            if (!PropertyNames.ALL.contains(name)) {
                Optional<String> meant = PropertyNames.ALL.stream().filter(k -> k.equalsIgnoreCase(name)).findFirst();
                errors.add(new FieldError(name, "unknownField", meant
                        .map(k -> "is not a property; did you mean " + k + "? Property names are case-sensitive")
                        .orElse("is not a property of Custom::WorkSpacesImageCopy; the properties are "
                                + String.join(", ", PropertyNames.ALL))));
            }
        }
        Object imageId = required(properties, IMAGE_ID, "the source image's id, e.g. wsi-abc123def", errors);
        Object destination = required(properties, DESTINATION_REGION_ID, "the Region to copy to, e.g. eu-west-1", errors);
        Object source = properties.getOrDefault(SOURCE_REGION_ID, stackRegion);
        boolean encrypted = bool(properties, ENCRYPTED, false, errors);
        boolean allowSameRegion = bool(properties, ALLOW_COPY_IN_SAME_REGION, false, errors);
        boolean wait = bool(properties, WAIT_FOR_AVAILABLE, true, errors);
        boolean retain = bool(properties, RETAIN_ON_DELETE, false, errors);
        Optional<Integer> serviceTimeout = serviceTimeout(properties.get(SERVICE_TIMEOUT), errors);
        List<Object> tags = tags(properties.get(TAG), errors);
        Optional<Object> trusted = Optional.ofNullable(properties.get(TRUSTED_OWNER_ACCOUNTS)).map(PropertyParser::accountList);

        // The rest is the workflow parser's job: ids, Regions, name and description, tag limits, encryption.
        Map<String, Object> request = new java.util.LinkedHashMap<>();
        request.put("sourceRegion", source);
        request.put("imageIds", imageId == null ? List.of() : List.of(imageId));
        request.put("destinationRegions", destination == null ? List.of() : List.of(destination));
        request.put("nameTemplate", properties.getOrDefault(DESTINATION_IMAGE_NAME, ImageCopyProperties.DEFAULT_NAME));
        Optional.ofNullable(properties.get(DESTINATION_DESCRIPTION)).ifPresent(d -> request.put("description", d));
        request.put("tags", tags);
        trusted.ifPresent(t -> request.put("trustedOwnerAccounts", t));
        request.put("encrypted", encrypted);
        RequestParser.Parsed parsed = RequestParser.parse(request, defaults);
        if (parsed instanceof RequestParser.Invalid invalid) {
            for (FieldError e : invalid.errors()) {
                boolean emptyListOfAMissingProperty = (e.field().equals("imageIds") && imageId == null)
                        || (e.field().equals("destinationRegions") && destination == null);
                if (!emptyListOfAMissingProperty) {
                    // The parser's own words, naming the fields it refers to as properties.
                    errors.add(new FieldError(PropertyNames.property(e.field()), e.rule(),
                            e.message(PropertyNames.VOCABULARY)));
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Invalid(errors);
        }
        var valid = ((RequestParser.Valid) parsed).request();
        return new Valid(new ImageCopyProperties(valid.imageIds().get(0), valid.sourceRegion(),
                valid.destinationRegions().get(0), optionalText(properties, DESTINATION_IMAGE_NAME),
                optionalText(properties, DESTINATION_DESCRIPTION), valid.tags(),
                trusted.map(t -> valid.trustedOwnerAccounts()), allowSameRegion, wait, retain, serviceTimeout));
    }

    /** RetainOnDelete as Delete reads it: leniently, since a Delete must not fail over an unrelated property. */
    public static boolean retainOnDelete(Map<String, Object> properties) {
        return bool(properties, RETAIN_ON_DELETE, false, new ArrayList<>());
    }

    private static Object required(Map<String, Object> properties, String name, String what, List<FieldError> errors) {
        Object value = properties.get(name);
        if (value == null) {
            errors.add(new FieldError(name, "required", "is required: give " + what));
        }
        return value;
    }

    /** CloudFormation passes every scalar property as a string: {@code Encrypted: false} arrives as "false". */
    private static boolean bool(Map<String, Object> properties, String name, boolean fallback, List<FieldError> errors) {
        Object value = properties.get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s.toLowerCase(Locale.ROOT));
        }
        errors.add(new FieldError(name, "type", "must be true or false, not " + show(value)));
        return fallback;
    }

    private static Optional<Integer> serviceTimeout(Object value, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            BigDecimal seconds = value instanceof BigDecimal d ? d : new BigDecimal(String.valueOf(value).trim());
            int s = seconds.intValueExact();
            if (s >= 1 && s <= ImageCopyProperties.CLOUDFORMATION_MAX_WAIT_SECONDS) {
                return Optional.of(s);
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        errors.add(new FieldError(SERVICE_TIMEOUT, "range", "must be a whole number of seconds from 1 to "
                + ImageCopyProperties.CLOUDFORMATION_MAX_WAIT_SECONDS + " (CloudFormation's limit), not " + show(value)));
        return Optional.empty();
    }

    /** {@code Tag} items are {@code {Key, Value}} as in the seed; the workflow's parser wants {@code {key, value}}. */
    @SuppressWarnings("unchecked")
    private static List<Object> tags(Object value, List<FieldError> errors) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> items)) {
            errors.add(new FieldError(TAG, "type", "must be a list of {Key: ..., Value: ...}, not " + show(value)));
            return List.of();
        }
        List<Object> tags = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = TAG + "[" + i + "]";
            if (!(items.get(i) instanceof Map<?, ?> item)) {
                errors.add(new FieldError(path, "type", "must be an object such as {Key: team, Value: euc}, not "
                        + show(items.get(i))));
                continue;
            }
            for (Object field : item.keySet()) {
                if (!TAG_FIELDS.contains(field)) {
                    errors.add(new FieldError(path + "." + field, "unknownField", "is not a field of a tag; the fields are Key, Value"));
                }
            }
            Map<String, Object> tag = new java.util.LinkedHashMap<>();
            tag.put("key", ((Map<String, Object>) item).get("Key"));
            tag.put("value", ((Map<String, Object>) item).get("Value"));
            tags.add(tag);
        }
        return tags;
    }

    /** A list, or the comma-separated text a CommaDelimitedList parameter may arrive as. */
    private static Object accountList(Object value) {
        return value instanceof String s
                ? Arrays.stream(s.split(",")).map(String::trim).filter(a -> !a.isEmpty()).toList()
                : value;
    }

    private static Optional<String> optionalText(Map<String, Object> properties, String name) {
        return Optional.ofNullable(properties.get(name)).map(String::valueOf);
    }

    private static String show(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
