package io.github.wsicopy.local.workspaces;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parts of the botocore service model (workspaces-images-model.json, a resource beside this class)
 * that the emulator needs: operation names and the constraints of every shape. Loading the official
 * model, rather than hand-coding its rules, keeps the emulator's validation as close as we can get to
 * the real service's. The other JSON stand-ins load their own cut models with {@link #load(Class, String)}.
 */
public final class ServiceModel {

    static final String RESOURCE = "workspaces-images-model.json";

    /** One shape; fields that do not apply to the shape's type are null or empty. */
    public record Shape(String name, String type, Map<String, String> members, Set<String> required,
                 Long min, Long max, Pattern pattern, List<String> enumValues, String listMember,
                 boolean exception, int httpStatus) {

        public boolean isStructure() {
            return "structure".equals(type);
        }
    }

    public record Operation(String name, String inputShape, String outputShape, List<String> errors) {
    }

    private final String targetPrefix;
    private final Map<String, Shape> shapes;
    private final Map<String, Operation> operations;

    private ServiceModel(String targetPrefix, Map<String, Shape> shapes, Map<String, Operation> operations) {
        this.targetPrefix = targetPrefix;
        this.shapes = shapes;
        this.operations = operations;
    }

    /** The model shipped with this module, parsed once: it is immutable. */
    static ServiceModel load() {
        return Bundled.MODEL;
    }

    private static final class Bundled {
        static final ServiceModel MODEL = read();
    }

    private static ServiceModel read() {
        return load(ServiceModel.class, RESOURCE);
    }

    /** A botocore model shipped as {@code resource} beside {@code anchor}; parse it once and keep it. */
    public static ServiceModel load(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return parse(JsonNodeParser.create().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceModel parse(JsonNode root) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        root.field("shapes").orElseThrow().asObject().forEach((name, node) -> shapes.put(name, shape(name, node)));
        Map<String, Operation> operations = new LinkedHashMap<>();
        root.field("operations").orElseThrow().asObject().forEach((name, node) -> operations.put(name, new Operation(
                name,
                node.field("input").map(n -> text(n, "shape")).orElse(null),
                node.field("output").map(n -> text(n, "shape")).orElse(null),
                node.field("errors").map(n -> n.asArray().stream().map(e -> text(e, "shape")).toList()).orElse(List.of()))));
        String prefix = text(root.field("metadata").orElseThrow(), "targetPrefix");
        return new ServiceModel(prefix, Collections.unmodifiableMap(shapes), Collections.unmodifiableMap(operations));
    }

    private static Shape shape(String name, JsonNode node) {
        Map<String, String> members = new LinkedHashMap<>();
        node.field("members").ifPresent(m -> m.asObject().forEach((member, ref) -> members.put(member, text(ref, "shape"))));
        Set<String> required = new LinkedHashSet<>();
        node.field("required").ifPresent(r -> r.asArray().forEach(n -> required.add(n.asString())));
        return new Shape(
                name,
                text(node, "type"),
                members,
                required,
                node.field("min").map(n -> Long.valueOf(n.asNumber())).orElse(null),
                node.field("max").map(n -> Long.valueOf(n.asNumber())).orElse(null),
                node.field("pattern").map(n -> Pattern.compile(n.asString())).orElse(null),
                node.field("enum").map(n -> n.asArray().stream().map(JsonNode::asString).toList()).orElse(List.of()),
                node.field("member").map(n -> text(n, "shape")).orElse(null),
                node.field("exception").map(JsonNode::asBoolean).orElse(false),
                node.field("error").flatMap(e -> e.field("httpStatusCode")).map(n -> Integer.parseInt(n.asNumber()))
                        .orElse(node.field("fault").map(JsonNode::asBoolean).orElse(false) ? 500 : 400));
    }

    private static String text(JsonNode node, String field) {
        return node.field(field).map(JsonNode::asString).orElseThrow(
                () -> new IllegalStateException("model: missing '" + field + "' in " + node));
    }

    public String targetPrefix() {
        return targetPrefix;
    }

    public java.util.Set<String> operationNames() {
        return operations.keySet();
    }

    public Optional<Operation> operation(String name) {
        return Optional.ofNullable(operations.get(name));
    }

    public Shape shape(String name) {
        Shape shape = shapes.get(name);
        if (shape == null) {
            throw new IllegalStateException("model: no shape " + name);
        }
        return shape;
    }

    /** The HTTP status of an error shape: the model's if it names one, else 400 like every client error. */
    public Optional<Integer> errorStatus(String errorShape) {
        Shape shape = shapes.get(errorShape);
        return shape != null && shape.exception() ? Optional.of(shape.httpStatus()) : Optional.empty();
    }
}
