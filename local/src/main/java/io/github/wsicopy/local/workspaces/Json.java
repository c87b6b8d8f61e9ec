package io.github.wsicopy.local.workspaces;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes plain Java values (maps, lists, strings, numbers, booleans, instants) as JSON, and reads the members of a
 * request the model has already checked (so a required member is there with the right type), for every JSON stand-in.
 */
public final class Json {

    private Json() {
    }

    public static byte[] write(Object value) {
        try (JsonWriter writer = JsonWriter.create()) {
            write(writer, value);
            return writer.getBytes();
        }
    }

    /** A JSON object as plain maps, lists, strings, BigDecimals and booleans (for stand-ins that keep what they got). */
    public static Map<String, Object> parseObject(byte[] body) {
        Object value = toJava(software.amazon.awssdk.protocols.jsoncore.JsonNodeParser.create().parse(body));
        if (value instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return object;
        }
        throw new IllegalArgumentException("the body must be a JSON object");
    }

    private static Object toJava(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isString()) {
            return node.asString();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return new BigDecimal(node.asNumber());
        }
        if (node.isArray()) {
            return node.asArray().stream().map(Json::toJava).collect(java.util.stream.Collectors.toList());
        }
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        node.asObject().forEach((k, v) -> map.put(k, toJava(v)));
        return map;
    }

    /** A member that is present and not JSON null. */
    public static Optional<JsonNode> field(JsonNode node, String name) {
        return node.field(name).filter(n -> !n.isNull());
    }

    /** A string member the model requires. */
    public static String string(JsonNode node, String name) {
        return field(node, name).orElseThrow().asString();
    }

    public static Optional<String> optionalString(JsonNode node, String name) {
        return field(node, name).map(JsonNode::asString);
    }

    /** A list member; absent is empty. */
    public static List<JsonNode> list(JsonNode node, String name) {
        return field(node, name).map(JsonNode::asArray).orElse(List.of());
    }

    private static void write(JsonWriter writer, Object value) {
        switch (value) {
            case null -> writer.writeNull();
            case Map<?, ?> map -> {
                writer.writeStartObject();
                map.forEach((k, v) -> {
                    writer.writeFieldName(k.toString());
                    write(writer, v);
                });
                writer.writeEndObject();
            }
            case List<?> list -> {
                writer.writeStartArray();
                list.forEach(item -> write(writer, item));
                writer.writeEndArray();
            }
            case String s -> writer.writeValue(s);
            case Boolean b -> writer.writeValue(b);
            case Integer i -> writer.writeValue(i);
            case Long l -> writer.writeValue(l);
            case Double d -> writer.writeValue(d);
            // AWS JSON protocols send timestamps as epoch seconds, with milliseconds as a fraction.
            case Instant t -> writer.writeNumber(BigDecimal.valueOf(t.toEpochMilli(), 3).stripTrailingZeros().toPlainString());
            default -> throw new IllegalArgumentException("cannot write " + value.getClass());
        }
    }
}
