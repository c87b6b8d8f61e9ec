package io.github.wsicopy.local.workspaces;

import io.github.wsicopy.local.workspaces.ServiceModel.Shape;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks request bodies against the model's shapes, the way AWS front ends do before an operation runs:
 * a body of the wrong JSON type is a {@code SerializationException}; a well-typed value that breaks a
 * constraint (required, length, range, pattern, enum) is an {@code InvalidParameterValuesException}
 * whose message lists every violation with the member's path, in the AWS wording
 * ("1 validation error detected: Value 'x' at 'Name' failed to satisfy constraint: ...").
 *
 * <p>It also checks the emulator's own responses against the output shapes, so that a response the
 * real service could not send fails loudly here instead of passing a test.
 */
public final class ModelValidator {

    private final ServiceModel model;
    private final String invalidType;

    ModelValidator(ServiceModel model) {
        this(model, ServiceError.INVALID_PARAMETER_VALUES);
    }

    /**
     * @param invalidType the error a constraint violation answers with: WorkSpaces says
     *                    InvalidParameterValuesException, most services the common ValidationException
     */
    public ModelValidator(ServiceModel model, String invalidType) {
        this.model = model;
        this.invalidType = invalidType;
    }

    public void validateInput(String shapeName, JsonNode input) {
        List<String> violations = violations(shapeName, "", input);
        if (!violations.isEmpty()) {
            String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
            throw ServiceError.of(invalidType, count + " detected: " + String.join("; ", violations));
        }
    }

    /** Checks one value, e.g. an image name given to the admin API, as if it were the request member {@code path}. */
    public void validateValue(String shapeName, String path, JsonNode value) {
        List<String> violations = violations(shapeName, path, value);
        if (!violations.isEmpty()) {
            throw ServiceError.of(invalidType, String.join("; ", violations));
        }
    }

    private List<String> violations(String shapeName, String path, JsonNode value) {
        List<String> violations = new ArrayList<>();
        check(value, model.shape(shapeName), path, violations);
        return violations;
    }

    private void check(JsonNode node, Shape shape, String path, List<String> violations) {
        switch (shape.type()) {
            case "structure" -> checkStructure(node, shape, path, violations);
            case "list" -> checkList(node, shape, path, violations);
            case "string" -> checkString(node, shape, path, violations);
            case "integer", "long" -> checkInteger(node, shape, path, violations);
            case "double", "float" -> checkDecimal(node, shape, path, violations);
            case "map" -> expect(node.isObject(), path, "an object");
            case "boolean" -> expect(node.isBoolean(), path, "a boolean");
            case "timestamp" -> expect(node.isNumber() || node.isString(), path, "a timestamp");
            default -> throw new IllegalStateException("model: unsupported input shape type " + shape.type());
        }
    }

    private void checkStructure(JsonNode node, Shape shape, String path, List<String> violations) {
        expect(node.isObject(), path, "an object");
        Map<String, JsonNode> fields = node.asObject();
        for (String required : shape.required()) {
            if (absent(fields.get(required))) {
                violations.add("Value null at '" + join(path, required) + "' failed to satisfy constraint: Member must not be null");
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

    private void checkList(JsonNode node, Shape shape, String path, List<String> violations) {
        expect(node.isArray(), path, "a list");
        List<JsonNode> items = node.asArray();
        checkLength(items.size(), items.toString(), shape, path, violations);
        Shape member = model.shape(shape.listMember());
        for (int i = 0; i < items.size(); i++) {
            String itemPath = path + "." + (i + 1) + ".member";
            if (items.get(i).isNull()) {
                violations.add("Value null at '" + itemPath + "' failed to satisfy constraint: Member must not be null");
            } else {
                check(items.get(i), member, itemPath, violations);
            }
        }
    }

    private void checkString(JsonNode node, Shape shape, String path, List<String> violations) {
        expect(node.isString(), path, "a string");
        String value = node.asString();
        checkLength(value.codePointCount(0, value.length()), value, shape, path, violations);
        if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(value)) {
            violations.add(prefix(value, path) + "Member must satisfy enum value set: " + shape.enumValues());
        }
        // Model patterns are ECMA-262 regexes that are not implicitly anchored, hence find(), not matches().
        if (shape.pattern() != null && !shape.pattern().matcher(value).find()) {
            violations.add(prefix(value, path) + "Member must satisfy regular expression pattern: " + shape.pattern().pattern());
        }
    }

    private void checkInteger(JsonNode node, Shape shape, String path, List<String> violations) {
        expect(node.isNumber() && isIntegral(node.asNumber()), path, "an integer");
        BigDecimal value = new BigDecimal(node.asNumber());
        if (shape.min() != null && value.compareTo(BigDecimal.valueOf(shape.min())) < 0) {
            violations.add(prefix(node.asNumber(), path) + "Member must have value greater than or equal to " + shape.min());
        }
        if (shape.max() != null && value.compareTo(BigDecimal.valueOf(shape.max())) > 0) {
            violations.add(prefix(node.asNumber(), path) + "Member must have value less than or equal to " + shape.max());
        }
    }

    private void checkDecimal(JsonNode node, Shape shape, String path, List<String> violations) {
        expect(node.isNumber(), path, "a number");
        BigDecimal value = new BigDecimal(node.asNumber());
        if (shape.min() != null && value.compareTo(BigDecimal.valueOf(shape.min())) < 0) {
            violations.add(prefix(node.asNumber(), path) + "Member must have value greater than or equal to " + shape.min());
        }
        if (shape.max() != null && value.compareTo(BigDecimal.valueOf(shape.max())) > 0) {
            violations.add(prefix(node.asNumber(), path) + "Member must have value less than or equal to " + shape.max());
        }
    }

    private static void checkLength(int length, String shown, Shape shape, String path, List<String> violations) {
        if (shape.min() != null && length < shape.min()) {
            violations.add(prefix(shown, path) + "Member must have length greater than or equal to " + shape.min());
        }
        if (shape.max() != null && length > shape.max()) {
            violations.add(prefix(shown, path) + "Member must have length less than or equal to " + shape.max());
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

    /** A value of the wrong JSON type cannot be deserialized at all: AWS answers SerializationException. */
    private static void expect(boolean ok, String path, String what) {
        if (!ok) {
            throw ServiceError.of(ServiceError.SERIALIZATION,
                    "Expected " + what + (path.isEmpty() ? " as the request body" : " at '" + path + "'"));
        }
    }

    private static String prefix(String value, String path) {
        return "Value '" + value + "' at '" + path + "' failed to satisfy constraint: ";
    }

    private static String join(String path, String member) {
        return path.isEmpty() ? member : path + "." + member;
    }
}
