package io.github.wsicopy.local.model;

import io.github.wsicopy.local.model.ServiceModel.Shape;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks request values against a model's shapes, the way AWS front ends do before an operation runs: a
 * value of the wrong JSON type cannot be read at all ({@link WrongType}; JSON services answer
 * SerializationException); a well-typed value that breaks a constraint (required, length, range, pattern,
 * enum) is a {@link Violation}, in the AWS wording ("Value 'x' at 'Name' failed to satisfy constraint: ...").
 * Each stand-in turns them into its service's error ({@link #summary} words the usual message).
 *
 * <p>It also checks a stand-in's own responses against the output shapes, so that a response the
 * real service could not send fails loudly here instead of passing a test.
 */
public final class ModelValidator {

    /** Which constraint a value breaks (Organizations names it in InvalidInputException's Reason). */
    public enum Rule { REQUIRED, MIN_LENGTH, MAX_LENGTH, MIN_VALUE, MAX_VALUE, PATTERN, ENUM }

    /** One broken constraint, worded as AWS words it. */
    public record Violation(Rule rule, String text) {
    }

    /** A value of the wrong JSON type, which the service cannot deserialize. */
    public static final class WrongType extends RuntimeException {
        WrongType(String message) {
            super(message, null, false, false);
        }
    }

    private final ServiceModel model;

    public ModelValidator(ServiceModel model) {
        this.model = model;
    }

    /** What is wrong with {@code value} as the shape {@code shapeName} at {@code path} ("" for a whole request). */
    public List<Violation> violations(String shapeName, String path, JsonNode value) {
        List<Violation> violations = new ArrayList<>();
        check(value, model.shape(shapeName), path, violations);
        return violations;
    }

    /** "1 validation error detected: ..." / "2 validation errors detected: ...; ...". */
    public static String summary(List<Violation> violations) {
        String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
        return count + " detected: " + String.join("; ", violations.stream().map(Violation::text).toList());
    }

    private void check(JsonNode node, Shape shape, String path, List<Violation> violations) {
        switch (shape.type()) {
            case "structure" -> checkStructure(node, shape, path, violations);
            case "list" -> checkList(node, shape, path, violations);
            case "string" -> checkString(node, shape, path, violations);
            case "integer", "long" -> checkNumber(node, shape, path, violations, true);
            case "double", "float" -> checkNumber(node, shape, path, violations, false);
            // Maps appear only in outputs so far (Service Quotas' metric dimensions): only their JSON type is checked.
            case "map" -> expect(node.isObject(), path, "an object");
            case "boolean" -> expect(node.isBoolean(), path, "a boolean");
            case "timestamp" -> expect(node.isNumber() || node.isString(), path, "a timestamp");
            default -> throw new IllegalStateException("model: unsupported input shape type " + shape.type());
        }
    }

    private void checkStructure(JsonNode node, Shape shape, String path, List<Violation> violations) {
        expect(node.isObject(), path, "an object");
        Map<String, JsonNode> fields = node.asObject();
        for (String required : shape.required()) {
            if (absent(fields.get(required))) {
                violations.add(new Violation(Rule.REQUIRED,
                        "Value null at '" + join(path, required) + "' failed to satisfy constraint: Member must not be null"));
            }
        }
        // Unknown members are ignored, as AWS JSON services do, so newer clients keep working.
        shape.members().forEach((member, memberShape) -> {
            JsonNode value = fields.get(member);
            if (!absent(value)) {
                check(value, model.shape(memberShape), join(path, member), violations);
            }
        });
    }

    private void checkList(JsonNode node, Shape shape, String path, List<Violation> violations) {
        expect(node.isArray(), path, "a list");
        List<JsonNode> items = node.asArray();
        checkLength(items.size(), items.toString(), shape, path, violations);
        Shape member = model.shape(shape.listMember());
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "." + (i + 1) + ".member";
            if (items.get(i).isNull()) {
                violations.add(new Violation(Rule.REQUIRED,
                        "Value null at '" + itemPath + "' failed to satisfy constraint: Member must not be null"));
            } else {
                check(items.get(i), member, itemPath, violations);
            }
        }
    }

    private void checkString(JsonNode node, Shape shape, String path, List<Violation> violations) {
        expect(node.isString(), path, "a string");
        String value = node.asString();
        checkLength(value.codePointCount(0, value.length()), value, shape, path, violations);
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(value)) {
            violations.add(new Violation(Rule.ENUM, prefix(value, path) + "Member must satisfy enum value set: " + shape.enumValues()));
        }
        // Model patterns are ECMA-262 regexes that are not implicitly anchored, hence find(), not matches().
        if (shape.pattern() != null && !shape.pattern().matcher(value).find()) {
            violations.add(new Violation(Rule.PATTERN,
                    prefix(value, path) + "Member must satisfy regular expression pattern: " + shape.pattern().pattern()));
        }
    }

    private void checkNumber(JsonNode node, Shape shape, String path, List<Violation> violations, boolean integral) {
        if (integral) {
            expect(node.isNumber() && isIntegral(node.asNumber()), path, "an integer");
        } else {
            expect(node.isNumber(), path, "a number");
        }
        BigDecimal value = new BigDecimal(node.asNumber());
        if (shape.min() != null && value.compareTo(BigDecimal.valueOf(shape.min())) < 0) {
            violations.add(new Violation(Rule.MIN_VALUE,
                    prefix(node.asNumber(), path) + "Member must have value greater than or equal to " + shape.min()));
        }
        if (shape.max() != null && value.compareTo(BigDecimal.valueOf(shape.max())) > 0) {
            violations.add(new Violation(Rule.MAX_VALUE,
                    prefix(node.asNumber(), path) + "Member must have value less than or equal to " + shape.max()));
        }
    }

    private static void checkLength(int length, String shown, Shape shape, String path, List<Violation> violations) {
        if (shape.min() != null && length < shape.min()) {
            violations.add(new Violation(Rule.MIN_LENGTH,
                    prefix(shown, path) + "Member must have length greater than or equal to " + shape.min()));
        }
        if (shape.max() != null && length > shape.max()) {
            violations.add(new Violation(Rule.MAX_LENGTH,
                    prefix(shown, path) + "Member must have length less than or equal to " + shape.max()));
        }
    }

    /** Checks that a response body only uses members, types and enum values of the output shape. */
    public void checkOutput(String shapeName, JsonNode output) {
        checkOutput(output, model.shape(shapeName), shapeName);
    }

    private void checkOutput(JsonNode node, Shape shape, String path) {
        boolean ok = switch (shape.type()) {
            case "structure" -> node.isObject();
            case "list" -> node.isArray();
            case "string" -> node.isString() && (shape.enumValues().isEmpty() || shape.enumValues().contains(node.asString()));
            case "integer", "long" -> node.isNumber() && isIntegral(node.asNumber());
            case "double", "float" -> node.isNumber();
            case "map" -> node.isObject();
            case "boolean" -> node.isBoolean();
            case "timestamp" -> node.isNumber();
            default -> false;
        };
        if (!ok) {
            throw new IllegalStateException("emulator response breaks the model at " + path + ": " + node);
        }
        if (shape.isStructure()) {
            node.asObject().forEach((member, value) -> {
                String memberShape = Optional.ofNullable(shape.members().get(member)).orElseThrow(
                        () -> new IllegalStateException("emulator response has unknown member " + path + "." + member));
                checkOutput(value, model.shape(memberShape), path + "." + member);
            });
        } else if ("list".equals(shape.type())) {
            node.asArray().forEach(item -> checkOutput(item, model.shape(shape.listMember()), path + "[]"));
        }
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static boolean isIntegral(String number) {
        try {
            new BigDecimal(number).toBigIntegerExact();
            return true;
        } catch (ArithmeticException | NumberFormatException e) {
            return false;
        }
    }

    private static void expect(boolean ok, String path, String what) {
        if (!ok) {
            throw new WrongType("Expected " + what + (path.isEmpty() ? " as the request body" : " at '" + path + "'"));
        }
    }

    private static String prefix(String value, String path) {
        return "Value '" + value + "' at '" + path + "' failed to satisfy constraint: ";
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }
}
