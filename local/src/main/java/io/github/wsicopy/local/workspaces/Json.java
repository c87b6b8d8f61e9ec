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
