package io.github.wsicopy.local.model;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The parts of a botocore service model (a cut of the official {@code service-2.json}, shipped as a resource
 * beside the stand-in that serves it) that a local stand-in needs: the protocol, operation names and the
 * constraints of every shape. Loading the official model, rather than hand-coding its rules, keeps each
 * stand-in's validation as close as we can get to the real service's.
 */
public final class ServiceModel {

    /** One shape; fields that do not apply to the shape's type are null or empty. */
    public record Shape(String name, String type, Map<String, String> members, Set<String> required,
                 Long min, Long max, Pattern pattern, List<String> enumValues, String listMember,
                 boolean exception, int httpStatus) {

        public boolean isStructure() {
            return "structure".equals(type);
        }
    }

    /**
     * @param inputShape    null for an operation without input (e.g. DescribeOrganization)
     * @param resultWrapper the element the Query protocol wraps the output in (e.g. AssumeRoleResult), or null
     */
    public record Operation(String name, String inputShape, String outputShape, String resultWrapper, List<String> errors) {
    }

    /** metadata: protocol ("json", "query"), targetPrefix (JSON only), xmlNamespace (Query only). */
    public record Metadata(String protocol, String targetPrefix, String xmlNamespace, String apiVersion) {
    }

    private final Metadata metadata;
    private final Map<String, Shape> shapes;
    private final Map<String, Operation> operations;

    private ServiceModel(Metadata metadata, Map<String, Shape> shapes, Map<String, Operation> operations) {
        this.metadata = metadata;
        this.shapes = shapes;
        this.operations = operations;
    }

    private static final Map<String, ServiceModel> LOADED = new ConcurrentHashMap<>();

    /**
     * The model in the resource {@code name} beside {@code anchor} (e.g. the stand-in's class), parsed once per
     * resource: it is immutable.
     */
    public static ServiceModel load(Class<?> anchor, String name) {
        return LOADED.computeIfAbsent(anchor.getPackageName() + "/" + name, key -> read(anchor, name));
    }

    private static ServiceModel read(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + anchor.getName());
            }
            return parse(JsonNodeParser.create().parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ServiceModel parse(JsonNode root) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        root.field("shapes").orElseThrow().asObject().forEach((name, node) -> shapes.put(name, shape(name, node)));
        Map<String, Operation> operations = new LinkedHashMap<>();
        root.field("operations").orElseThrow().asObject().forEach((name, node) -> operations.put(name, new Operation(
                name,
                node.field("input").map(n -> text(n, "shape")).orElse(null),
                node.field("output").map(n -> text(n, "shape")).orElse(null),
                node.field("output").flatMap(n -> n.field("resultWrapper")).map(JsonNode::asString).orElse(null),
                node.field("errors").map(n -> n.asArray().stream().map(e -> text(e, "shape")).toList()).orElse(List.of()))));
        JsonNode meta = root.field("metadata").orElseThrow();
        Metadata metadata = new Metadata(text(meta, "protocol"), optional(meta, "targetPrefix"),
                optional(meta, "xmlNamespace"), optional(meta, "apiVersion"));
        return new ServiceModel(metadata, Collections.unmodifiableMap(shapes), Collections.unmodifiableMap(operations));
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
                // A fault (the service's own failure) without a status of its own is a 500, so clients retry it.
                node.field("error").flatMap(e -> e.field("httpStatusCode")).map(n -> Integer.parseInt(n.asNumber()))
                        .orElse(node.field("fault").map(JsonNode::asBoolean).orElse(false) ? 500 : 400));
    }

    private static String text(JsonNode node, String field) {
        return node.field(field).map(JsonNode::asString).orElseThrow(
                () -> new IllegalStateException("model: missing '" + field + "' in " + node));
    }

    private static String optional(JsonNode node, String field) {
        return node.field(field).map(JsonNode::asString).orElse(null);
    }

    public Metadata metadata() {
        return metadata;
    }

    /** The JSON protocol's X-Amz-Target prefix, e.g. WorkspacesService. */
    public String targetPrefix() {
        return metadata.targetPrefix();
    }

    public Set<String> operationNames() {
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

    /** The HTTP status of an error shape: the model's if it names one, else 500 for a fault, 400 for a client error. */
    public Optional<Integer> errorStatus(String errorShape) {
        Shape shape = shapes.get(errorShape);
        return shape != null && shape.exception() ? Optional.of(shape.httpStatus()) : Optional.empty();
    }
}
