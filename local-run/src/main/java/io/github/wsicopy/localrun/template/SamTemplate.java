package io.github.wsicopy.localrun.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the local run takes from {@code template.yaml}, so that it cannot drift from what is deployed: each
 * function's handler class, timeout and environment (with parameter defaults), and the state machine's
 * definition file and substitutions. A function is known locally by its logical id, as the substitutions
 * name it ({@code ${CopyFunctionArn}} is {@code !Ref CopyFunction.Alias}, the function's SnapStart alias).
 */
public record SamTemplate(Map<String, FunctionSpec> functions, Map<String, String> substitutions,
        String definitionUri) {

    /**
     * One {@code AWS::Serverless::Function}.
     *
     * @param environment its variables as the template writes them ({@code !Ref X} unresolved), globals first
     */
    public record FunctionSpec(String logicalId, String handlerClass, int timeoutSeconds,
            Map<String, String> environment) {

        /** The kebab-case short name: {@code PollStatusFunction} is {@code poll-status}, as in {@code events/}. */
        public String shortName() {
            String base = logicalId.endsWith("Function") ? logicalId.substring(0, logicalId.length() - 8) : logicalId;
            return base.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        }
    }

    private static final String FUNCTION = "AWS::Serverless::Function";
    private static final String STATE_MACHINE = "AWS::Serverless::StateMachine";

    public SamTemplate {
        functions = Map.copyOf(functions);
        substitutions = Map.copyOf(substitutions);
    }

    public static SamTemplate read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static SamTemplate parse(String yaml, String source) {
        Map<String, Object> root = CfnYaml.parse(yaml);
        Map<String, String> parameters = new LinkedHashMap<>();
        mapAt(root, "Parameters").forEach((name, p) -> parameters.put(name,
                p instanceof Map<?, ?> parameter ? text(parameter, "Default").orElse("") : ""));
        Map<?, ?> globals = mapAt(root, "Globals", "Function");
        Map<?, ?> resources = mapAt(root, "Resources");
        if (resources.isEmpty()) {
            throw new IllegalArgumentException(source + ": no Resources");
        }

        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        Map<String, String> substitutions = new LinkedHashMap<>();
        String definitionUri = null;
        for (Map.Entry<?, ?> entry : resources.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Map<?, ?> resource = entry.getValue() instanceof Map<?, ?> m ? m : Map.of();
            String type = text(resource, "Type").orElse("");
            if (type.equals(FUNCTION)) {
                functions.put(name, function(name, resource, globals, parameters, source));
            } else if (type.equals(STATE_MACHINE)) {
                if (definitionUri != null) {
                    throw new IllegalArgumentException(source + ": more than one state machine");
                }
                definitionUri = text(resource, "Properties", "DefinitionUri").orElseThrow(
                        () -> new IllegalArgumentException(source + ": " + name + " has no DefinitionUri"));
                mapAt(resource, "Properties", "DefinitionSubstitutions").forEach(
                        (key, value) -> substitutions.put(key, functionOf(key, String.valueOf(value), source)));
            }
        }
        if (definitionUri == null) {
            throw new IllegalArgumentException(source + ": no " + STATE_MACHINE);
        }
        substitutions.forEach((name, function) -> {
            if (!functions.containsKey(function)) {
                throw new IllegalArgumentException(source + ": substitution " + name + " names " + function
                        + ", which is not a function of the template");
            }
        });
        return new SamTemplate(functions, substitutions, definitionUri);
    }

    /** The function a short name or logical id means ({@code copy} or {@code CopyFunction}). */
    public FunctionSpec function(String name) {
        FunctionSpec byId = functions.get(name);
        if (byId != null) {
            return byId;
        }
        return functions.values().stream().filter(f -> f.shortName().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no function '" + name + "' in template.yaml; known: "
                        + functions.values().stream().map(f -> f.shortName() + " (" + f.logicalId() + ")").toList()));
    }

    private static FunctionSpec function(String logicalId, Map<?, ?> resource, Map<?, ?> globals,
            Map<String, String> parameters, String source) {
        String where = source + ": " + logicalId;
        String handler = text(resource, "Properties", "Handler").or(() -> text(globals, "Handler"))
                .orElseThrow(() -> new IllegalArgumentException(where + " has no Handler"));
        int timeout = Integer.parseInt(text(resource, "Properties", "Timeout").or(() -> text(globals, "Timeout")).orElse("3"));
        Map<String, String> environment = new LinkedHashMap<>();
        mapAt(globals, "Environment", "Variables").forEach((name, value) -> environment.put(name, String.valueOf(value)));
        mapAt(resource, "Properties", "Environment", "Variables").forEach(
                (name, value) -> environment.put(name, String.valueOf(value)));
        // Parameter references resolve to the parameter's default now; other references (resources) are
        // resolved by the local stack, which knows its table and topic.
        environment.replaceAll((name, value) -> {
            String ref = refOf(value);
            return ref != null && parameters.containsKey(ref) ? parameters.get(ref) : value;
        });
        return new FunctionSpec(logicalId, handlerClassOf(handler, where), timeout, environment);
    }

    /** The mapping at {@code path} (keys as text), or an empty one. */
    private static Map<String, Object> mapAt(Map<?, ?> from, String... path) {
        Object node = from;
        for (String key : path) {
            node = node instanceof Map<?, ?> map ? map.get(key) : null;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        if (node instanceof Map<?, ?> found) {
            found.forEach((k, v) -> map.put(String.valueOf(k), v));
        }
        return map;
    }

    /** The scalar at {@code path}, if present and not empty. */
    private static Optional<String> text(Map<?, ?> from, String... path) {
        Object node = from;
        for (String key : path) {
            node = node instanceof Map<?, ?> map ? map.get(key) : null;
        }
        return node instanceof String text && !text.isEmpty() ? Optional.of(text) : Optional.empty();
    }

    /** {@code pkg.Class::handleRequest} → {@code pkg.Class}; the project's handlers are all RequestStreamHandlers. */
    private static String handlerClassOf(String handler, String where) {
        int separator = handler.indexOf("::");
        if (separator >= 0 && !handler.substring(separator + 2).equals("handleRequest")) {
            throw new IllegalArgumentException(where + ": Handler " + handler + " is not a handleRequest method");
        }
        return separator < 0 ? handler : handler.substring(0, separator);
    }

    /** The function a substitution names: {@code !GetAtt <Function>.Arn} or its alias, {@code !Ref <Function>.Alias}. */
    private static String functionOf(String name, String value, String source) {
        if (value.startsWith("!GetAtt ") && value.endsWith(".Arn")) {
            return value.substring("!GetAtt ".length(), value.length() - ".Arn".length()).strip();
        }
        if (value.startsWith("!Ref ") && value.endsWith(".Alias")) {
            return value.substring("!Ref ".length(), value.length() - ".Alias".length()).strip();
        }
        throw new IllegalArgumentException(source + ": substitution " + name
                + " is not '!GetAtt <Function>.Arn' or '!Ref <Function>.Alias': " + value);
    }

    /** {@code "!Ref Name"} → {@code Name}; anything else → null. */
    public static String refOf(String value) {
        return value.startsWith("!Ref ") ? value.substring(5).strip() : null;
    }
}
